#!/usr/bin/env node
// Entry point of `npm start` / `npm test` / `npm run dev`: plain Node, no dependencies, so it runs on a fresh clone.
// It installs npm dependencies when package-lock.json changed since the last install, then hands over to the
// TypeScript script of the same name.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [command = 'start', ...rest] = process.argv.slice(2);

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Lurus Flow needs Node.js >= 20.19 (this is ${process.versions.node}).`);
  process.exit(1);
}

const lockFile = path.join(root, 'package-lock.json');
const stamp = path.join(root, 'node_modules', '.lurus-installed');
const lockHash = existsSync(lockFile) ? createHash('sha256').update(readFileSync(lockFile)).digest('hex') : 'none';
const installed = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';
if (installed !== lockHash) {
  const args = existsSync(lockFile) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
  console.log(`› npm ${args[0]} (dependencies changed or not installed yet)`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const res = spawnSync(npm, args, { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) process.exit(res.status ?? 1);
  mkdirSync(path.dirname(stamp), { recursive: true });
  writeFileSync(stamp, lockHash);
}

const script = path.join(root, 'scripts', `${command}.ts`);
if (!existsSync(script)) {
  console.error(`Unknown command ${command}`);
  process.exit(2);
}
const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), [script, ...rest], { cwd: root, stdio: 'inherit' });
// Ctrl-C already reaches the whole process group, the script included, so SIGINT is not relayed (tsx treats a second
// SIGINT as "force quit"); SIGTERM and SIGHUP, sent to this process alone, are.
process.on('SIGINT', () => {});
for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
