// Static checks of the Docker deployment files (docker-compose.yml, Dockerfile, .dockerignore).
// No Docker engine is needed: the compose file is parsed as YAML and checked against the
// rules that `docker compose up` (and `--scale worker=N`) rely on.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const inRepo = (...parts: string[]) => path.resolve(repoRoot, ...parts);
const readRepoFile = (rel: string) => readFileSync(inRepo(rel), 'utf8');

type Mapping = Record<string, unknown>;

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  container_name?: string;
  depends_on?: string[] | Record<string, { condition?: string }>;
  environment?: string[] | Record<string, unknown>;
  env_file?: string | Array<string | { path: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  ports?: Array<string | number | Mapping>;
  volumes?: Array<string | Mapping>;
  stop_grace_period?: string;
}

interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  configs?: Record<string, { file?: string }>;
  secrets?: Record<string, { file?: string }>;
}

function loadCompose(): { compose: ComposeFile; errors: string[]; warnings: string[] } {
  const raw = readRepoFile('docker-compose.yml');
  const doc = parseDocument(raw, { prettyErrors: true, uniqueKeys: true });
  return {
    compose: doc.toJS() as ComposeFile,
    errors: doc.errors.map((e) => e.message),
    warnings: doc.warnings.map((w) => w.message),
  };
}

const { compose, errors: yamlErrors, warnings: yamlWarnings } = loadCompose();
const services = compose?.services ?? {};
const serviceNames = Object.keys(services);

function dependsOn(svc: Service): Record<string, { condition?: string }> {
  const d = svc.depends_on;
  if (!d) return {};
  if (Array.isArray(d)) return Object.fromEntries(d.map((n) => [n, { condition: 'service_started' }]));
  return d;
}

function envOf(svc: Service): Record<string, string> {
  const e = svc.environment;
  if (!e) return {};
  if (Array.isArray(e)) {
    return Object.fromEntries(
      e.map((entry) => {
        const i = entry.indexOf('=');
        return i === -1 ? [entry, ''] : [entry.slice(0, i), entry.slice(i + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v == null ? '' : String(v)]));
}

interface Mount {
  type: 'volume' | 'bind' | 'tmpfs' | 'other';
  source?: string;
  target: string;
}

function isHostPath(source: string): boolean {
  return source.startsWith('.') || source.startsWith('/') || source.startsWith('~') || source.startsWith('$');
}

function mountsOf(svc: Service): Mount[] {
  return (svc.volumes ?? []).map((v) => {
    if (typeof v === 'string') {
      const [source, target] = v.split(':');
      if (target === undefined) return { type: 'volume', target: source! }; // anonymous volume
      return { type: isHostPath(source!) ? 'bind' : 'volume', source, target };
    }
    const type = String(v.type ?? 'volume');
    return {
      type: type === 'volume' || type === 'bind' || type === 'tmpfs' ? type : 'other',
      source: v.source == null ? undefined : String(v.source),
      target: String(v.target),
    };
  });
}

function buildOf(svc: Service): { context: string; dockerfile: string } | undefined {
  if (!svc.build) return undefined;
  if (typeof svc.build === 'string') return { context: svc.build, dockerfile: 'Dockerfile' };
  return { context: svc.build.context ?? '.', dockerfile: svc.build.dockerfile ?? 'Dockerfile' };
}

/** `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`; `$$` is an escaped dollar. */
function interpolations(text: string): Array<{ name: string; hasDefault: boolean }> {
  const out: Array<{ name: string; hasDefault: boolean }> = [];
  const unescaped = text.replace(/\$\$/g, '');
  for (const m of unescaped.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?+][^}]*)?\}/g)) {
    out.push({ name: m[1]!, hasDefault: m[2] !== undefined && /^:?-/.test(m[2]) });
  }
  for (const m of unescaped.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)) out.push({ name: m[1]!, hasDefault: false });
  return out;
}

describe('docker-compose.yml', () => {
  it('parses as YAML without errors or warnings', () => {
    expect(yamlErrors).toEqual([]);
    expect(yamlWarnings).toEqual([]);
    expect(compose).toBeTypeOf('object');
    expect(serviceNames.length).toBeGreaterThan(0);
  });

  it('defines the full stack: postgresql, temporal, temporal-ui, api and worker', () => {
    expect(serviceNames.sort()).toEqual(['api', 'postgresql', 'temporal', 'temporal-ui', 'worker']);
  });

  it('gives every service an image or a build', () => {
    for (const [name, svc] of Object.entries(services)) {
      expect(Boolean(svc.image || svc.build), `service ${name} has neither image nor build`).toBe(true);
    }
  });

  it('pins every third-party image to a concrete tag (no implicit or floating "latest")', () => {
    for (const [name, svc] of Object.entries(services)) {
      if (!svc.image || svc.build) continue;
      const [, tag] = svc.image.split(/:(?=[^/]+$)/);
      expect(tag, `service ${name} image ${svc.image} has no tag`).toBeTruthy();
      expect(tag, `service ${name} uses latest`).not.toBe('latest');
    }
    expect(services.temporal!.image).toMatch(/^temporalio\/auto-setup:\d+\.\d+\.\d+$/);
    expect(services['temporal-ui']!.image).toMatch(/^temporalio\/ui:\d+\.\d+\.\d+$/);
    expect(services.postgresql!.image).toMatch(/^postgres:\d+/);
  });

  it('builds api and worker from the same existing Dockerfile in the repo root', () => {
    const api = buildOf(services.api!);
    const worker = buildOf(services.worker!);
    expect(api).toBeDefined();
    expect(worker).toEqual(api);
    const dockerfile = path.resolve(repoRoot, api!.context, api!.dockerfile);
    expect(existsSync(dockerfile), `${dockerfile} missing`).toBe(true);
    expect(path.resolve(repoRoot, api!.context)).toBe(path.resolve(repoRoot));
  });

  it('runs the worker entry point in the worker service and the image default (API) in the api service', () => {
    const cmd = services.worker!.command;
    const joined = Array.isArray(cmd) ? cmd.join(' ') : String(cmd ?? '');
    expect(joined).toContain('workers/core-worker.ts');
    expect(services.api!.command).toBeUndefined();
  });

  it('only depends on services that exist, and only waits for health on services that have a healthcheck', () => {
    for (const [name, svc] of Object.entries(services)) {
      for (const [dep, spec] of Object.entries(dependsOn(svc))) {
        expect(serviceNames, `${name} depends on unknown service ${dep}`).toContain(dep);
        expect(dep, `${name} depends on itself`).not.toBe(name);
        if (spec?.condition === 'service_healthy') {
          expect(services[dep]!.healthcheck?.test, `${name} waits for ${dep} to be healthy but ${dep} has no healthcheck`).toBeTruthy();
        }
      }
    }
  });

  it('has no dependency cycles', () => {
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (n: string, trail: string[]) => {
      if (done.has(n)) return;
      expect(visiting.has(n), `cycle: ${[...trail, n].join(' -> ')}`).toBe(false);
      visiting.add(n);
      for (const dep of Object.keys(dependsOn(services[n]!))) visit(dep, [...trail, n]);
      visiting.delete(n);
      done.add(n);
    };
    for (const n of serviceNames) visit(n, []);
  });

  it('starts api only after postgresql and temporal are healthy, and workers only after the api (migrations) is healthy', () => {
    expect(dependsOn(services.api!)).toMatchObject({
      postgresql: { condition: 'service_healthy' },
      temporal: { condition: 'service_healthy' },
    });
    expect(dependsOn(services.worker!)).toMatchObject({ api: { condition: 'service_healthy' } });
    expect(dependsOn(services.temporal!)).toMatchObject({ postgresql: { condition: 'service_healthy' } });
  });

  it('gives every service a healthcheck', () => {
    for (const [name, svc] of Object.entries(services)) {
      expect(svc.healthcheck?.disable, `${name} disables its healthcheck`).not.toBe(true);
      const test = svc.healthcheck?.test;
      expect(test, `${name} has no healthcheck`).toBeTruthy();
      if (Array.isArray(test)) {
        expect(['CMD', 'CMD-SHELL']).toContain(test[0]);
        expect(test.length).toBeGreaterThan(1);
      }
    }
  });

  it('checks the api through GET /api/health on port 8080', () => {
    const test = services.api!.healthcheck!.test;
    expect(Array.isArray(test) ? test.join(' ') : test).toContain('127.0.0.1:8080/api/health');
  });

  it('keeps the worker scalable: no container_name and no host port mappings', () => {
    const worker = services.worker!;
    expect(worker.container_name).toBeUndefined();
    expect(worker.ports ?? [], 'a fixed host port would clash between replicas').toEqual([]);
  });

  it('gives workers at least 30s to shut down gracefully before SIGKILL', () => {
    const m = /^(?:(\d+)m)?(?:(\d+)s)?$/.exec(String(services.worker!.stop_grace_period ?? ''));
    expect(m, 'worker has no stop_grace_period like "60s" or "1m30s"').toBeTruthy();
    const seconds = Number(m![1] ?? 0) * 60 + Number(m![2] ?? 0);
    expect(seconds).toBeGreaterThanOrEqual(30);
  });

  it('declares every named volume it uses', () => {
    const declared = Object.keys(compose.volumes ?? {});
    for (const [name, svc] of Object.entries(services)) {
      for (const m of mountsOf(svc)) {
        if (m.type === 'volume' && m.source) {
          expect(declared, `${name} uses undeclared volume ${m.source}`).toContain(m.source);
        }
      }
    }
  });

  it('persists the api data directory (admin API key) and the database in named volumes', () => {
    const apiData = mountsOf(services.api!).find((m) => m.target === '/data');
    expect(apiData?.type).toBe('volume');
    const pgData = mountsOf(services.postgresql!).find((m) => m.target === '/var/lib/postgresql/data');
    expect(pgData?.type).toBe('volume');
  });

  it('only references host files and directories that exist in the repo', () => {
    for (const [name, svc] of Object.entries(services)) {
      for (const m of mountsOf(svc)) {
        if (m.type !== 'bind' || !m.source) continue;
        expect(m.source.startsWith('.'), `${name}: bind mount ${m.source} should be repo-relative`).toBe(true);
        expect(existsSync(inRepo(m.source)), `${name}: bind mount source ${m.source} missing`).toBe(true);
      }
      const envFiles = svc.env_file === undefined ? [] : Array.isArray(svc.env_file) ? svc.env_file : [svc.env_file];
      for (const f of envFiles) {
        const file = typeof f === 'string' ? f : f.path;
        expect(existsSync(inRepo(file)), `${name}: env_file ${file} missing`).toBe(true);
      }
    }
    for (const section of [compose.configs, compose.secrets]) {
      for (const [key, def] of Object.entries(section ?? {})) {
        if (def?.file) expect(existsSync(inRepo(def.file)), `${key}: ${def.file} missing`).toBe(true);
      }
    }
  });

  it('points env paths inside bind-mounted directories at files that exist (e.g. Temporal dynamic config)', () => {
    const checked: string[] = [];
    for (const [name, svc] of Object.entries(services)) {
      const binds = mountsOf(svc).filter((m) => m.type === 'bind' && m.source);
      for (const [key, value] of Object.entries(envOf(svc))) {
        if (!/\.(ya?ml|json|toml|conf|sql|sh)$/.test(value)) continue;
        // Relative paths in temporalio images are relative to TEMPORAL_HOME (/etc/temporal).
        const containerPath = path.posix.isAbsolute(value) ? value : path.posix.join('/etc/temporal', value);
        const bind = binds.find((b) => containerPath === b.target || containerPath.startsWith(`${b.target}/`));
        expect(bind, `${name}: ${key}=${value} is not inside a bind mount`).toBeDefined();
        const hostFile = inRepo(bind!.source!, path.posix.relative(bind!.target, containerPath));
        expect(existsSync(hostFile) && statSync(hostFile).isFile(), `${name}: ${key} -> ${hostFile} missing`).toBe(true);
        checked.push(key);
      }
    }
    expect(checked).toContain('DYNAMIC_CONFIG_FILE_PATH');
  });

  it('initialises the app database with a script mounted into /docker-entrypoint-initdb.d', () => {
    const init = mountsOf(services.postgresql!).find((m) => m.target === '/docker-entrypoint-initdb.d');
    expect(init?.type).toBe('bind');
    const script = readRepoFile(path.join(init!.source!, '10-create-lurus-db.sh'));
    expect(script).toMatch(/CREATE DATABASE/);
    expect(envOf(services.postgresql!)).toHaveProperty('LURUS_DB_PASSWORD');
  });

  it('configures temporal auto-setup for the shared PostgreSQL server', () => {
    const env = envOf(services.temporal!);
    expect(env).toMatchObject({ DB: 'postgres12', DB_PORT: '5432', POSTGRES_SEEDS: 'postgresql' });
    expect(env.POSTGRES_USER).toBe(envOf(services.postgresql!).POSTGRES_USER);
    expect(env.POSTGRES_PWD).toBe(envOf(services.postgresql!).POSTGRES_PASSWORD);
    expect(envOf(services['temporal-ui']!).TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it('gives api and worker the same complete runtime environment', () => {
    const required = [
      'DATABASE_URL',
      'TEMPORAL_ADDRESS',
      'TEMPORAL_NAMESPACE',
      'TEMPORAL_UI_URL',
      'HOST',
      'PORT',
      'LURUS_DATA_DIR',
      'LOG_LEVEL',
      'NODE_ENV',
    ];
    const api = envOf(services.api!);
    const worker = envOf(services.worker!);
    for (const key of required) expect(api[key], `api is missing ${key}`).toBeTruthy();
    expect(worker).toEqual(api);
    expect(api).toMatchObject({ HOST: '0.0.0.0', PORT: '8080', LURUS_DATA_DIR: '/data', NODE_ENV: 'production' });
    expect(api.DATABASE_URL).toMatch(/^postgres(ql)?:\/\/[^@]+@postgresql:5432\/lurus$/);
    expect(api.TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it('runs with no .env file: every ${VAR} has a default', () => {
    // Compose interpolates values, not comments: walk the parsed document's strings.
    const strings: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string') strings.push(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') Object.entries(v).forEach(([k, x]) => (strings.push(k), walk(x)));
    };
    walk(compose);
    const found = strings.flatMap(interpolations);
    expect(found.length).toBeGreaterThan(0);
    for (const v of found) expect(v.hasDefault, `\${${v.name}} has no default`).toBe(true);
  });

  it('takes database passwords from variables rather than hard-coding them', () => {
    expect(envOf(services.postgresql!).POSTGRES_PASSWORD).toMatch(/^\$\{TEMPORAL_DB_PASSWORD:-/);
    expect(envOf(services.postgresql!).LURUS_DB_PASSWORD).toMatch(/^\$\{LURUS_DB_PASSWORD:-/);
    expect(envOf(services.api!).DATABASE_URL).toContain('${LURUS_DB_PASSWORD:-');
  });
});

describe('Dockerfile', () => {
  const dockerfile = readRepoFile('Dockerfile');
  const instructions = dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const keyword = (l: string) => l.split(/\s+/, 1)[0]!.toUpperCase();
  const lastStageStart = instructions.map(keyword).lastIndexOf('FROM');
  const finalStage = instructions.slice(lastStageStart);

  it('starts from a node:20 bookworm-slim base', () => {
    expect(instructions.some((l) => keyword(l) === 'FROM')).toBe(true);
    expect(dockerfile).toMatch(/node:20-bookworm-slim/);
  });

  it('builds the Prisma client, web UI and workflow bundle', () => {
    expect(dockerfile).toMatch(/npm ci/);
    expect(dockerfile).toMatch(/prisma generate/);
    expect(dockerfile).toMatch(/npm run build:web/);
    expect(dockerfile).toMatch(/npm run build:workflows/);
  });

  it('runs the final stage as a non-root user', () => {
    const users = finalStage.filter((l) => keyword(l) === 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)!.split(/\s+/)[1]!.split(':')[0];
    expect(['root', '0']).not.toContain(user);
  });

  it('starts the API by default', () => {
    const cmd = finalStage.filter((l) => keyword(l) === 'CMD').at(-1);
    expect(cmd).toBeDefined();
    expect(cmd).toMatch(/tsx/);
    expect(cmd).toMatch(/api\/main\.ts/);
  });
});

describe('.dockerignore', () => {
  it('keeps dependencies, build outputs, local data and git history out of the build context', () => {
    const entries = readRepoFile('.dockerignore')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.replace(/^\/+|\/+$/g, ''));
    for (const required of ['node_modules', '.data', '.tools', 'dist', 'web/dist', 'prisma/generated', 'e2e/output', '.git']) {
      expect(entries, `.dockerignore lacks ${required}`).toContain(required);
    }
    expect(entries).not.toContain('Dockerfile');
    expect(entries).not.toContain('package-lock.json');
  });
});
