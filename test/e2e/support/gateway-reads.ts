/**
 * What the e2e tests read back after a request: the fake upstream's request log and scripts,
 * the gateway's archive (`GET /v1/logs/:request_id`) and usage ledger (`GET /v1/usage`).
 * Archives are written after the response and usage arrives through the queue's batches, so
 * the readers poll with a bound (a few seconds), never a fixed sleep.
 */
import { vi } from 'vitest';
import type { ArchiveRecord } from '../../../src/lib/archive/record';
import type { UsageGroup, UsageReport } from '../../../src/lib/usage/report';

/** Longest wait for the queue consumer (its batch window is 2 s under `wrangler dev`). */
const DELIVERY_TIMEOUT_MS = 15_000;
const POLL_INTERVAL_MS = 100;

export interface UpstreamCall {
  family: string;
  model: string;
  at: number;
  status: number;
  body?: { model?: string; messages?: unknown[] } & Record<string, unknown>;
  dropped?: string;
  aborted?: boolean;
}

export const tag = () => crypto.randomUUID().slice(0, 8);

/** Every call the fake upstream logged whose body `model` contains `match`, oldest first. */
export async function upstreamCalls(upstreamUrl: string, match: string): Promise<UpstreamCall[]> {
  const log = (await (await fetch(`${upstreamUrl}/__fake/requests`)).json()) as UpstreamCall[];
  return log.filter((entry) => String(entry.body?.model ?? '').includes(match));
}

/** The next calls whose model contains `match` answer these in order (`ok`, `@status=500`, …). */
export async function script(upstreamUrl: string, match: string, responses: string[]): Promise<void> {
  const response = await fetch(`${upstreamUrl}/__fake/script`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ match, responses }),
  });
  if (!response.ok) throw new Error(`fake upstream refused the script: ${response.status}`);
}

function get(gatewayUrl: string, path: string, key: string): Promise<Response> {
  return fetch(`${gatewayUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
}

/** The decoded archive of a request, once the gateway has written it. */
export async function archivedRequest(gatewayUrl: string, key: string, requestId: string): Promise<ArchiveRecord> {
  return vi.waitUntil(
    async () => {
      const response = await get(gatewayUrl, `/v1/logs/${requestId}`, key);
      if (response.status === 404) return undefined;
      if (!response.ok) throw new Error(`GET /v1/logs/${requestId} answered ${response.status}`);
      return (await response.json()) as ArchiveRecord;
    },
    { timeout: DELIVERY_TIMEOUT_MS, interval: POLL_INTERVAL_MS },
  );
}

export async function usageReport(gatewayUrl: string, key: string, query = 'group_by=model'): Promise<UsageReport> {
  const response = await get(gatewayUrl, `/v1/usage?${query}`, key);
  if (!response.ok) throw new Error(`GET /v1/usage answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as UsageReport;
}

/**
 * The per-model usage rows whose model contains `match`, once they add up to `requests`
 * requests (the queue delivered them all). More than `requests` fails at once.
 */
export async function usageRowsOnce(gatewayUrl: string, key: string, match: string, requests: number): Promise<UsageGroup[]> {
  return vi.waitUntil(
    async () => {
      const rows = (await usageReport(gatewayUrl, key)).data.filter((row) => String(row.model).includes(match));
      const delivered = rows.reduce((sum, row) => sum + row.requests, 0);
      if (delivered > requests) throw new Error(`${delivered} usage records for ${match}, expected ${requests}`);
      return delivered === requests ? rows : undefined;
    },
    { timeout: DELIVERY_TIMEOUT_MS, interval: POLL_INTERVAL_MS },
  );
}
