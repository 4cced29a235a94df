import { randomUUID } from 'node:crypto';
import type { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { createApiKey } from '../api/api-keys';
import { buildApp } from '../api/app';
import { db } from '../core/db';
import type { Plan, Role } from '../prisma/generated/client';
import { createCoreWorker } from '../workers/core-worker';

/** A key of a new user. Enterprise unless asked otherwise, so tests of other areas never meet a plan limit. */
export async function createTestKey(role: Role, plan: Plan = 'enterprise'): Promise<string> {
  return (await createTestUser(role, plan)).key;
}

export async function createTestUser(role: Role, plan: Plan = 'enterprise'): Promise<{ key: string; userId: string; keyId: string }> {
  const user = await db().user.create({ data: { email: `${role}-${randomUUID()}@test`, name: `${role} tester`, plan } });
  const { key, record } = await createApiKey(db(), user.id, `${role} test key`, role);
  return { key, userId: user.id, keyId: record.id };
}

export interface RunningApi {
  app: FastifyInstance;
  url: string;
  request(method: string, path: string, o?: { key?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; text: string }>;
}

/** The real API on a real port, so requests cross HTTP exactly as a client's would. */
export async function startApi(): Promise<RunningApi> {
  const app = await buildApp();
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    url,
    async request(method, path, o = {}) {
      const headers: Record<string, string> = { ...o.headers };
      if (o.key) headers.authorization = `Bearer ${o.key}`;
      let body: FormData | string | undefined;
      if (o.body instanceof FormData) body = o.body;
      else if (o.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(o.body);
      }
      const res = await fetch(url + path, { method, headers, body });
      const text = await res.text();
      const json = (res.headers.get('content-type') ?? '').includes('json');
      return { status: res.status, text, body: text && json ? JSON.parse(text) : null };
    },
  };
}

export interface RunningWorker {
  worker: Worker;
  stop(): Promise<void>;
}

export async function startWorker(): Promise<RunningWorker> {
  const worker = await createCoreWorker({ prebuilt: false });
  const running = worker.run();
  return {
    worker,
    async stop() {
      worker.shutdown();
      await running;
    },
  };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 120_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Polls the run through the API until Temporal reports it closed. */
export async function waitForRun(api: RunningApi, key: string, workflowId: string, timeoutMs = 120_000) {
  return waitFor(`run ${workflowId} to close`, async () => {
    const res = await api.request('GET', `/api/runs/${workflowId}`, { key });
    return res.status === 200 && res.body.status !== 'RUNNING' ? res.body : undefined;
  }, timeoutMs);
}
