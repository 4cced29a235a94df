import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { envKeys, loadConfig } from '../core/config';
import { repoRoot } from '../core/paths';

describe('configuration', () => {
  it('documents every environment variable in the README table', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const undocumented = envKeys.filter((k) => !readme.includes(`| \`${k}\``));
    expect(undocumented).toEqual([]);
  });

  it('rejects a malformed value naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ TEMPORAL_ADDRESS: 'no-port' })).toThrow(/TEMPORAL_ADDRESS/);
  });

  it('uses the embedded database and a managed Temporal server when nothing is set', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ embeddedDatabase: true, managedTemporal: true, temporalAddress: '127.0.0.1:7233', PORT: 8080 });
    const ext = loadConfig({ DATABASE_URL: 'postgresql://u:p@db:5432/lurus', TEMPORAL_ADDRESS: 'temporal:7233' });
    expect(ext).toMatchObject({ embeddedDatabase: false, managedTemporal: false, databaseUrl: 'postgresql://u:p@db:5432/lurus' });
  });
});
