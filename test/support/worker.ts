/**
 * Calls the Worker's handlers directly with an execution context the test controls, so it can
 * wait for the after-response work (`ctx.waitUntil`) to settle instead of sleeping.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import worker from '../../src/index';
import { GATEWAY_KEY } from './gateway';

export interface WorkerCall {
  response: Response;
  /** Resolves once every `ctx.waitUntil` of the call has settled. */
  settled(): Promise<void>;
}

/** The test env with some bindings or vars replaced (a fresh object, so config is re-read). */
export function envWith(overrides: Partial<Env> = {}): Env {
  return Object.assign(Object.create(null), env, overrides) as Env;
}

export async function callWorker(
  path: string,
  init: RequestInit & { json?: unknown; key?: string | null; env?: Env } = {},
): Promise<WorkerCall> {
  const headers = new Headers(init.headers);
  if (init.key !== null) headers.set('authorization', `Bearer ${init.key ?? GATEWAY_KEY}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  const ctx = createExecutionContext();
  const request = new Request(`https://gateway.test${path}`, { method: init.method, headers, body });
  const response = await worker.fetch(request, init.env ?? env, ctx);
  return { response, settled: () => waitOnExecutionContext(ctx) };
}

/** The Worker's handlers as the runtime sees them (three arguments each). */
export const handlers: Required<Pick<ExportedHandler<Env>, 'queue' | 'scheduled'>> = worker;
