import { describe, expect, it } from 'vitest';
import { migrationsMatchSchema } from '../scripts/check-migrations';

describe('database migrations', () => {
  it('the committed migrations build exactly the schema in schema.prisma', async () => {
    const res = await migrationsMatchSchema();
    expect({ onlySchema: res.onlySchema, onlyMigrations: res.onlyMigrations }).toEqual({ onlySchema: [], onlyMigrations: [] });
  });
});
