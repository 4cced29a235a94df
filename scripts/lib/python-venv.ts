import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../core/paths';

/**
 * A virtualenv under `.tools/venvs/<name>` with exactly the given pinned requirements, created on first use and
 * recreated when the requirement list changes. Benchmarks use it to run their Python peers (backtrader, czsc, …);
 * reference-value scripts use it for TA-Lib / empyrical. Everything comes from PyPI, nothing else.
 *
 * Returns the venv's python executable.
 */
export function ensurePythonVenv(name: string, requirements: string[]): string {
  const dir = path.join(repoRoot, '.tools', 'venvs', name);
  const python = path.join(dir, 'bin', 'python');
  const stamp = path.join(dir, '.requirements');
  const wanted = [...requirements].sort().join('\n');
  if (existsSync(python) && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return python;

  const systemPython = process.env.PYTHON ?? 'python3';
  process.stderr.write(`› python venv ${name}: ${requirements.join(' ')} … `);
  mkdirSync(path.dirname(dir), { recursive: true });
  run(systemPython, ['-m', 'venv', '--clear', dir]);
  run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...requirements]);
  writeFileSync(stamp, wanted);
  process.stderr.write('done\n');
  return python;
}

function run(cmd: string, args: string[]): void {
  const res = spawnSync(cmd, args, { cwd: repoRoot, encoding: 'utf8' });
  if (res.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${res.status ?? res.signal}):\n${res.stderr || res.stdout || res.error}`);
  }
}

/** Runs a Python script in the venv and returns its stdout; stderr is passed through so progress stays visible. */
export function runPython(python: string, script: string, args: string[] = [], input?: string): string {
  const res = spawnSync(python, [script, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    input,
    maxBuffer: 512 * 1024 * 1024,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  if (res.status !== 0) throw new Error(`${path.basename(script)} exited with ${res.status ?? res.signal}`);
  return res.stdout;
}
