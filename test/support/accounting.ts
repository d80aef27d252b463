/** Helpers for archive and usage tests: key ids, fixture usage, archive reads, ledger waits. */
import { env } from 'cloudflare:workers';
import { vi } from 'vitest';
import type { ArchiveIndexEntry } from '../../src/lib/archive/archive-index';
import { gunzip } from '../../src/lib/archive/codec';
import { sha256 } from '../../src/lib/keys/crypto';
import { keyIdFromDigest } from '../../src/lib/keys/keys';
import { ledgerFor } from '../../src/lib/usage/ledger-schema';

export async function keyIdOf(key: string): Promise<string> {
  return keyIdFromDigest(await sha256(key));
}

export function unique(label: string): string {
  return `acct-${label}-${crypto.randomUUID().slice(0, 8)}`;
}

/** Wait (polling the key's archive index, never sleeping blindly) until the consumer archived a request. */
export async function archiveEntryOf(keyId: string, requestId: string): Promise<ArchiveIndexEntry> {
  return vi.waitUntil(async () => (await ledgerFor(env, keyId).archiveEntry(requestId)) ?? undefined, { timeout: 10_000, interval: 20 });
}

/** The stored bytes of a request's archive: its frame in a batch object, or its single-request object. */
export async function archivedBytes(keyId: string, requestId: string): Promise<{ entry: ArchiveIndexEntry; bytes: Uint8Array }> {
  const entry = await archiveEntryOf(keyId, requestId);
  const range = entry.offset === null || entry.length === null ? undefined : { offset: entry.offset, length: entry.length };
  const object = await env.ARCHIVE.get(entry.object, range ? { range } : {});
  if (!object) throw new Error(`archive object ${entry.object} is missing`);
  return { entry, bytes: new Uint8Array(await object.arrayBuffer()) };
}

/** The raw archive of a request, gunzipped (throws if it is not gzip, e.g. encrypted). */
export async function rawArchiveText(keyId: string, requestId: string): Promise<string | undefined> {
  return gunzip((await archivedBytes(keyId, requestId)).bytes);
}

/** Wait (polling the real ledger, never sleeping blindly) until the consumer applied these request ids. */
export async function deliveriesOf(keyId: string, requestIds: string[]): Promise<Record<string, number>> {
  return vi.waitUntil(
    async () => {
      const seen = await ledgerFor(env, keyId).deliveries(requestIds);
      return Object.keys(seen).length === requestIds.length ? seen : undefined;
    },
    { timeout: 10_000, interval: 20 },
  );
}

/** Drain a response body (all of it), returning the text. */
export async function readAll(response: Response): Promise<string> {
  return response.text();
}

/** Read the first chunk of a stream, then go away (a client disconnect). */
export async function disconnectAfterFirstChunk(response: Response): Promise<void> {
  const reader = response.body?.getReader();
  await reader?.read();
  await reader?.cancel('client went away');
}

/** A valid usage event; tests override what they assert on. */
export function usageEvent(overrides: Partial<import('../../src/lib/usage/event').UsageEvent> = {}) {
  return {
    version: 1 as const,
    requestId: `req_${crypto.randomUUID().replaceAll('-', '')}`,
    keyId: 'key_0000000000000000',
    at: Date.now(),
    provider: 'openai',
    model: 'gpt-4o-mini',
    endpoint: 'chat',
    stream: false,
    status: 200,
    outcome: 'success' as const,
    errorCode: null,
    tokens: { prompt: 10, completion: 20, cached: 0, cacheWrite: 0, reasoning: 0 },
    estimated: false,
    costUsd: 0.000_013_5,
    latencyMs: 100,
    timeToFirstTokenMs: 40,
    cacheHit: false,
    attempts: 1,
    tags: null,
    ...overrides,
  };
}
