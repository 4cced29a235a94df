import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../core/paths';
import { chromiumPath } from '../e2e/browser';
import { setup } from './lib/setup';

/**
 * `npm test`: the same set-up as `npm start` (Prisma client, web build, Temporal CLI), Debian's Chromium for the
 * browser tests when missing, then vitest. The servers themselves are started by test/global-setup.ts.
 */
await setup({ temporal: !process.env.TEMPORAL_ADDRESS, web: true, bundle: true });

if (!existsSync(chromiumPath)) {
  const root = process.getuid?.() === 0;
  console.log(`› installing Debian's chromium for the browser tests${root ? '' : ' (with sudo)'} …`);
  const sh = (cmd: string) => spawnSync('sh', ['-c', root ? cmd : `sudo ${cmd}`], { stdio: 'inherit' }).status === 0;
  if (!sh('apt-get install -y -q chromium >/dev/null') && !(sh('apt-get update -q >/dev/null') && sh('apt-get install -y -q chromium >/dev/null'))) {
    console.error(`✗ could not install chromium; install it (apt-get install chromium) or set CHROMIUM_PATH`);
    process.exit(1);
  }
}

const res = spawnSync(path.join(repoRoot, 'node_modules', '.bin', 'vitest'), ['run', ...process.argv.slice(2)], {
  cwd: repoRoot,
  stdio: 'inherit',
});
process.exit(res.status ?? 1);
