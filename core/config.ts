import path from 'node:path';
import { z } from 'zod';
import { repoRoot } from './paths';

/**
 * The one place where environment variables are read. Every entry is documented in the README's config table;
 * keep the two in sync (test/config-doc.test.ts checks it).
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  LURUS_DATA_DIR: z.string().default(path.join(repoRoot, '.data')),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  EMBEDDED_DB_PORT: z.coerce.number().int().min(1).max(65535).default(5433),
  TEMPORAL_ADDRESS: z.string().regex(/^[^:\s]+:\d+$/, 'host:port').optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_DEV_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  TEMPORAL_UI_URL: z.url().optional(),
  IMPORT_ROOTS: z.string().optional(),
  MAX_UPLOAD_MB: z.coerce.number().positive().default(200),
  MARKET_DATA_EXCHANGE: z.string().trim().min(1).default('okx'),
  MARKET_DATA_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  MARKET_DATA_RATE_LIMIT_MS: z.coerce.number().int().min(0).optional(),
  MARKET_DATA_PAGE_LIMIT: z.coerce.number().int().min(1).max(1000).default(100),
  MARKET_DATA_RETRIES: z.coerce.number().int().min(0).max(20).default(5),
  MARKET_DATA_RETRY_BASE_MS: z.coerce.number().int().min(0).default(1000),
  // Any OpenAI-compatible Chat Completions endpoint. Neither set = no provider: strategy text goes to the rule parser.
  LLM_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  LLM_API_KEY: z.string().min(1).optional(),
  LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
});

export type Env = z.infer<typeof envSchema>;
/** Every variable the platform reads (the README documents each). */
export const envKeys = Object.keys(envSchema.shape);

export interface Config extends Env {
  /** Connection string in force: DATABASE_URL, or the embedded PGlite socket server. */
  databaseUrl: string;
  embeddedDatabase: boolean;
  temporalAddress: string;
  /** True when this project starts and owns the Temporal dev server. */
  managedTemporal: boolean;
  temporalUiUrl: string;
  importRoots: string[];
  adminKeyFile: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.LURUS_DATA_DIR);
  const importRoots = (e.IMPORT_ROOTS ?? [path.join(dataDir, 'imports'), path.join(repoRoot, '..', 'shared', 'data')].join(','))
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => path.resolve(repoRoot, p));
  return {
    ...e,
    LURUS_DATA_DIR: dataDir,
    databaseUrl: e.DATABASE_URL ?? `postgresql://postgres:postgres@127.0.0.1:${e.EMBEDDED_DB_PORT}/postgres`,
    embeddedDatabase: !e.DATABASE_URL,
    temporalAddress: e.TEMPORAL_ADDRESS ?? `127.0.0.1:${e.TEMPORAL_DEV_PORT}`,
    managedTemporal: !e.TEMPORAL_ADDRESS,
    temporalUiUrl: (e.TEMPORAL_UI_URL ?? `http://localhost:${e.TEMPORAL_UI_PORT}`).replace(/\/$/, ''),
    importRoots,
    adminKeyFile: path.join(dataDir, 'admin-api-key'),
  };
}

let cached: Config | undefined;
/** Process-wide configuration, validated once. */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}

/** Reads the environment again: for tests that start a server (e.g. a local LLM) after modules loaded the config. */
export function reloadConfig(): Config {
  cached = undefined;
  return config();
}
