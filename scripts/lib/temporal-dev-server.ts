import { spawn, type ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';

export interface DevServerOptions {
  binary: string;
  port: number;
  uiPort: number;
  /** SQLite file for persistence; omitted = in memory (tests). */
  dbFile?: string;
  namespace?: string;
  ip?: string;
  /** Where the server's own output goes; default: ignored. */
  stdio?: 'inherit' | 'ignore';
  /** Own process group, so a terminal's Ctrl-C does not stop it before the workers have drained. */
  detached?: boolean;
}

export interface DevServer {
  address: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Resolves once the frontend answers a real RPC, or rejects after `timeoutMs`. */
export async function waitForTemporal(address: string, timeoutMs = 60_000, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`Temporal dev server exited with code ${child.exitCode}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  throw new Error(`Temporal at ${address} did not answer within ${timeoutMs} ms: ${(lastError as Error)?.message}`);
}

export async function isTemporalUp(address: string): Promise<boolean> {
  return waitForTemporal(address, 1_500).then(() => true, () => false);
}

/** Starts `temporal server start-dev` (full server + Web UI) and waits until it answers. */
export async function startDevServer(o: DevServerOptions): Promise<DevServer> {
  const ip = o.ip ?? '127.0.0.1';
  const args = ['server', 'start-dev', '--ip', ip, '--port', String(o.port), '--ui-port', String(o.uiPort),
    '--namespace', o.namespace ?? 'default', '--log-level', 'warn', '--log-format', 'pretty'];
  if (o.dbFile) args.push('--db-filename', o.dbFile);
  // Eager activity dispatch: a worker that schedules an activity on its own queue gets it in the same round trip
  // (on by default in Temporal Cloud; the dev server needs the flag).
  args.push('--dynamic-config-value', 'system.enableActivityEagerExecution=true');
  const child = spawn(o.binary, args, { stdio: ['ignore', o.stdio ?? 'ignore', o.stdio ?? 'ignore'], detached: o.detached ?? false });
  const address = `${ip}:${o.port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForTemporal(address, 90_000, child);
  } catch (err) {
    await stop();
    throw err;
  }
  return { address, process: child, stop };
}
