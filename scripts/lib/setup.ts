import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../core/paths';
import { ensureTemporalCli } from './temporal-cli';

const bin = (name: string) => path.join(repoRoot, 'node_modules', '.bin', name);

/** Hash of every file under the given paths, so a step reruns exactly when its inputs changed. */
function hashInputs(paths: string[], skip: (p: string) => boolean = () => false): string {
  const h = createHash('sha256');
  const walk = (p: string) => {
    if (!existsSync(p) || skip(p)) return;
    if (statSync(p).isDirectory()) {
      for (const entry of readdirSync(p).sort()) walk(path.join(p, entry));
    } else {
      h.update(path.relative(repoRoot, p));
      h.update(readFileSync(p));
    }
  };
  for (const p of paths) walk(path.join(repoRoot, p));
  return h.digest('hex');
}

function step(name: string, stampFile: string, inputs: string, run: () => void): void {
  const stamp = path.join(repoRoot, stampFile);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === inputs) return;
  const started = Date.now();
  process.stdout.write(`› ${name} … `);
  run();
  mkdirSync(path.dirname(stamp), { recursive: true });
  writeFileSync(stamp, inputs);
  process.stdout.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

function exec(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): void {
  const res = spawnSync(cmd, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  if (res.status !== 0) {
    process.stdout.write('failed\n');
    process.stderr.write(res.stdout?.toString() ?? '');
    process.stderr.write(res.stderr?.toString() ?? '');
    throw new Error(`${path.basename(cmd)} ${args.join(' ')} exited with ${res.status}`);
  }
}

export function ensurePrismaClient(): void {
  step('prisma generate', 'prisma/generated/.inputs', hashInputs(['prisma/schema.prisma', 'package-lock.json']), () =>
    // The schema's datasource names DATABASE_URL; generating needs no database, any well-formed URL will do.
    exec(bin('prisma'), ['generate'], { DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://unused@localhost/unused' }),
  );
}

export function ensureWebBuild(): void {
  step('web build', 'web/dist/.inputs', hashInputs(['web', 'package-lock.json'], (p) => p.includes(`${path.sep}dist`)), () =>
    exec(bin('vite'), ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']),
  );
}

export function ensureWorkflowBundle(): void {
  step('workflow bundle', 'dist/.bundle-inputs', hashInputs(['workflows', 'core', 'activities', 'package-lock.json']), () =>
    exec(bin('tsx'), ['scripts/build-workflow-bundle.ts']),
  );
}

/** Everything `npm start` and `npm test` need besides running servers; each step is skipped when up to date. */
export async function setup(o: { temporal: boolean; web: boolean; bundle: boolean }): Promise<string | undefined> {
  ensurePrismaClient();
  if (o.web) ensureWebBuild();
  if (o.bundle) ensureWorkflowBundle();
  return o.temporal ? ensureTemporalCli((m) => console.log(`› ${m}`)) : undefined;
}
