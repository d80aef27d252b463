/**
 * Calls the Worker with an execution context the test can wait on, so work deferred with
 * `ctx.waitUntil` (cache fill, statistics) has finished before the next assertion. Read a
 * response's body before `settle()`: a stream's deferred work starts when it ends.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import OpenAI from 'openai';
import worker from '../../src/index';
import { GATEWAY_KEY } from './gateway';

export interface SettledWorker {
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** Wait for every `waitUntil` of every request sent so far. */
  settle(): Promise<void>;
  /** A JSON POST with a gateway key (`key`) and extra headers. */
  post(path: string, json: unknown, options?: { key?: string; headers?: Record<string, string> }): Promise<Response>;
  /** The `openai` SDK pointed at the gateway through this worker. */
  openai(options?: { key?: string; headers?: Record<string, string> }): OpenAI;
}

export function settledWorker(): SettledWorker {
  const contexts: ExecutionContext[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const context = createExecutionContext();
    contexts.push(context);
    return worker.fetch(new Request(input, init), env, context);
  };
  return {
    fetch,
    async settle() {
      await Promise.all(contexts.splice(0).map((context) => waitOnExecutionContext(context)));
    },
    post(path, json, options = {}) {
      return fetch(`https://gateway.test${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.key ?? GATEWAY_KEY}`, 'content-type': 'application/json', ...options.headers },
        body: JSON.stringify(json),
      });
    },
    openai(options = {}) {
      return new OpenAI({
        apiKey: options.key ?? GATEWAY_KEY,
        baseURL: 'https://gateway.test/v1',
        defaultHeaders: options.headers,
        fetch: (url, init) => fetch(url as string, init as RequestInit),
        maxRetries: 0,
      });
    },
  };
}
