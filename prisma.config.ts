import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

// Prisma 6.19's CLI tries to download native engines unless these point at an existing file; with `engine: 'js'`
// it then uses the WebAssembly schema engine shipped in the package, so nothing is fetched from outside.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve('package.json');
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= path.resolve('package.json');

const url = process.env.DATABASE_URL;

export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  experimental: { adapter: true },
  engine: 'js',
  async adapter() {
    if (!url) throw new Error('DATABASE_URL must be set for Prisma CLI commands that touch a database');
    // Discrete fields, not one connection string: with a string the shadow database connection reaches the main one.
    const u = new URL(url);
    return new PrismaPg({
      host: u.hostname,
      port: Number(u.port || 5432),
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      database: u.pathname.slice(1) || 'postgres',
    });
  },
});
