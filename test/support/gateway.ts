/** Calls into the Worker under test (real workerd, real bindings) and to the fake upstream. */
import { env, exports } from 'cloudflare:workers';

export const GATEWAY_KEY = 'sb-test-key-1';
export const OTHER_KEY = 'sb-test-key-2';

export function gateway(path: string, init: RequestInit & { json?: unknown; key?: string | null } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.key !== null) headers.set('authorization', `Bearer ${init.key ?? GATEWAY_KEY}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  return exports.default.fetch(new Request(`https://gateway.test${path}`, { ...init, headers, body }));
}

export function fakeUpstreamUrl(): string {
  return (env as unknown as { FAKE_UPSTREAM_URL: string }).FAKE_UPSTREAM_URL;
}

export interface LoggedRequest {
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  /** The body exactly as the fake upstream received it. */
  rawBody: string;
  auth?: { header: string; present: boolean; value: string };
  aborted?: boolean;
}

export async function upstreamRequests(): Promise<LoggedRequest[]> {
  return (await fetch(`${fakeUpstreamUrl()}/__fake/requests`)).json();
}

export async function resetUpstream(): Promise<void> {
  await fetch(`${fakeUpstreamUrl()}/__fake/reset`, { method: 'POST' });
}
