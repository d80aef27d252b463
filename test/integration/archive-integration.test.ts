/** The raw archive end to end: what is written to R2, and reading it back through /v1/logs. */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../src/lib/archive/batch-frames';
import { archiveKey, gunzip } from '../../src/lib/archive/codec';
import type { LogListing } from '../../src/lib/archive/read';
import type { ArchiveRecord } from '../../src/lib/archive/record';
import { ledgerFor } from '../../src/lib/usage/ledger-schema';
import { archivedBytes, archiveEntryOf, deliveriesOf, keyIdOf, rawArchiveText, readAll, unique } from '../support/accounting';
import { GATEWAY_KEY, OTHER_KEY } from '../support/gateway';
import { callWorker, envWith } from '../support/worker';

const PROVIDER_KEY = 'sk-fake-openai';
/** The test env's SWITCHBOARD_ARCHIVE_KEY (vitest.config.ts): the queue consumer seals with it. */
const ARCHIVE_SECRET = 'archive-secret-for-tests-0123456789';

async function chat(body: Record<string, unknown>, options: { env?: Env; key?: string } = {}) {
  const call = await callWorker('/v1/chat/completions', { method: 'POST', json: body, ...options });
  const text = await readAll(call.response);
  await call.settled();
  return { requestId: call.response.headers.get('x-request-id') ?? '', status: call.response.status, text };
}

/** The queue consumer writes archives after the response: wait until the key's index has this one. */
async function archived(requestId: string, key = GATEWAY_KEY) {
  return archiveEntryOf(await keyIdOf(key), requestId);
}

async function readLog(requestId: string, options: { env?: Env; key?: string } = {}) {
  await archived(requestId, options.key);
  return (await callWorker(`/v1/logs/${requestId}`, options)).response;
}

describe('raw archive', () => {
  it('archives the inbound body, the provider request and raw chunks, and the bytes the client got', async () => {
    const model = unique('archive');
    const secretWord = `marker-${crypto.randomUUID()}`;
    const sent = await chat({ model: `openai/${model}`, stream: true, messages: [{ role: 'user', content: secretWord }] });
    const response = await readLog(sent.requestId);
    expect(response.status).toBe(200);
    const record = (await response.json()) as ArchiveRecord;
    expect(record).toMatchObject({ version: 1, requestId: sent.requestId, status: 200, stream: true, redacted: false, truncated: false });
    expect(record.inbound?.text).toContain(secretWord);
    const attempt = record.attempts[0] as ArchiveRecord['attempts'][number] & {
      request: { body: { text: string }; headers: Record<string, string> };
      response: { status: number; stream: { chunkCount: number; chunks: { seq: number; at: number; data: string }[] } };
    };
    expect(JSON.parse(attempt.request.body.text)).toMatchObject({ model, stream: true });
    expect(attempt.response.status).toBe(200);
    const chunks = attempt.response.stream.chunks;
    expect(chunks.map((chunk) => chunk.seq)).toEqual(chunks.map((_, index) => index));
    expect(chunks.every((chunk, index) => index === 0 || chunk.at >= (chunks[index - 1]?.at ?? 0))).toBe(true);
    expect(chunks.map((chunk) => chunk.data).join('')).toContain('data: [DONE]');
    // The client bytes are exactly what the caller read.
    expect(record.client?.stream.chunks.map((chunk) => chunk.data).join('')).toBe(sent.text);
    expect(record.client).toMatchObject({ status: 200, completed: true, cancelled: false });
    expect(record.timings.receivedAt).toBeLessThanOrEqual(record.timings.firstByteAt ?? 0);
    expect(record.timings.firstByteAt).toBeLessThanOrEqual(record.timings.lastByteAt ?? 0);
  });

  it('never holds the provider key or the gateway key, whatever the outcome', async () => {
    const keyId = await keyIdOf(GATEWAY_KEY);
    const requests = [
      { model: `openai/${unique('secret')}`, messages: [{ role: 'user', content: 'hi' }] },
      { model: `openai/${unique('secret')}`, stream: true, messages: [{ role: 'user', content: 'hi' }] },
      { model: `openai/${unique('secret')}@status=401`, messages: [{ role: 'user', content: 'hi' }] },
      { model: `openai/${unique('secret')}@status=500`, stream: true, messages: [{ role: 'user', content: 'hi' }] },
    ];
    for (const request of requests) {
      const { requestId } = await chat(request);
      const raw = await rawArchiveText(keyId, requestId);
      expect(raw, request.model).toBeDefined();
      for (const secret of [PROVIDER_KEY, GATEWAY_KEY, 'Bearer ']) expect(raw, request.model).not.toContain(secret);
      const { entry } = await archivedBytes(keyId, requestId);
      const head = await env.ARCHIVE.head(entry.object);
      expect(JSON.stringify([head?.customMetadata, entry.summary])).not.toContain(PROVIDER_KEY);
    }
  });

  it('encrypts with AES-256-GCM: unreadable without the secret, decoded with it', async () => {
    const keyId = await keyIdOf(GATEWAY_KEY);
    const config = JSON.stringify({ archive: { encrypt: true } });
    const withSecret = envWith({ SWITCHBOARD_CONFIG: config, SWITCHBOARD_ARCHIVE_KEY: ARCHIVE_SECRET });
    const word = `sealed-${crypto.randomUUID()}`;
    const { requestId } = await chat(
      { model: `openai/${unique('sealed')}`, messages: [{ role: 'user', content: word }] },
      { env: withSecret },
    );
    const { entry, bytes: sealed } = await archivedBytes(keyId, requestId);
    expect(entry.summary.encryption).toBe('aes-256-gcm');
    const seal = { key: await archiveKey(ARCHIVE_SECRET), objectPath: entry.object };
    expect(new TextDecoder().decode(sealed)).not.toContain(word);
    await expect(gunzip(sealed)).rejects.toThrow();
    await expect(decodeFrame(sealed, requestId, { ...seal, key: await archiveKey('a-different-secret') })).rejects.toThrow();
    // The ciphertext is bound to its object and request: under another key's folder, or claimed by another id, it does not open.
    await expect(decodeFrame(sealed, requestId, { ...seal, objectPath: entry.object.replace(keyId, 'key_someoneelse') })).rejects.toThrow();
    // Another id: the last hex digit changed (an id that already ended in 0 made this a no-op, 1 run in 16).
    const otherId = `${requestId.slice(0, -1)}${requestId.endsWith('0') ? '1' : '0'}`;
    await expect(decodeFrame(sealed, otherId, seal)).rejects.toThrow();
    expect(await decodeFrame(sealed, requestId, seal)).toContain(word);

    const decoded = await readLog(requestId, { env: withSecret });
    expect(((await decoded.json()) as ArchiveRecord).inbound?.text).toContain(word);
    const noSecret = await readLog(requestId, { env: envWith({ SWITCHBOARD_CONFIG: config, SWITCHBOARD_ARCHIVE_KEY: undefined }) });
    expect(noSecret.status).toBe(500);
    expect(await noSecret.text()).toContain('archive_key_missing');
    const wrongSecret = await readLog(requestId, { env: envWith({ SWITCHBOARD_ARCHIVE_KEY: 'wrong' }) });
    expect(await wrongSecret.text()).toContain('archive_undecryptable');
  });

  it('writes nothing rather than plaintext when encryption is required and no secret is set', async () => {
    const keyId = await keyIdOf(GATEWAY_KEY);
    const { requestId, status } = await chat(
      { model: `openai/${unique('nosecret')}`, messages: [{ role: 'user', content: 'hi' }] },
      { env: envWith({ SWITCHBOARD_CONFIG: JSON.stringify({ archive: { encrypt: true } }), SWITCHBOARD_ARCHIVE_KEY: undefined }) },
    );
    expect(status).toBe(200);
    // The usage event still arrives (the consumer applied it); it carried no archive, so none is indexed.
    await deliveriesOf(keyId, [requestId]);
    expect(await ledgerFor(env, keyId).archiveEntry(requestId)).toBeNull();
    expect((await callWorker(`/v1/logs/${requestId}`)).response.status).toBe(404);
  });

  it('keeps metadata only when content is redacted', async () => {
    const word = `private-${crypto.randomUUID()}`;
    const redacting = envWith({ SWITCHBOARD_CONFIG: JSON.stringify({ archive: { redactContent: true } }) });
    const { requestId } = await chat(
      { model: `openai/${unique('redact')}`, stream: true, messages: [{ role: 'user', content: word }] },
      { env: redacting },
    );
    const raw = (await rawArchiveText(await keyIdOf(GATEWAY_KEY), requestId)) ?? '';
    expect(raw).not.toContain(word);
    expect(raw).not.toContain('"data"');
    expect(raw).not.toContain('"text"');
    const record = JSON.parse(raw) as ArchiveRecord;
    expect(record.redacted).toBe(true);
    expect(record.inbound?.chars).toBeGreaterThan(word.length);
    expect(record.client?.stream.chunkCount).toBeGreaterThan(0);
    expect(record.usage?.inputTokens).toBeGreaterThan(0);
  });

  it('lists a key its own archives by time, page by page, and never another key’s', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 3; index++)
      ids.push((await chat({ model: `openai/${unique('list')}`, messages: [{ role: 'user', content: 'hi' }] })).requestId);
    for (const id of ids) await archived(id);
    const from = new Date(Number.parseInt(ids[0]?.slice(4, 16) ?? '0', 16)).toISOString();
    const first = (await (await callWorker(`/v1/logs?from=${from}&limit=2`)).response.json()) as LogListing;
    expect(first.data.map((entry) => entry.request_id)).toEqual(ids.slice(0, 2));
    expect(first).toMatchObject({ has_more: true, next_cursor: ids[1] });
    const second = (await (await callWorker(`/v1/logs?from=${from}&limit=2&cursor=${first.next_cursor}`)).response.json()) as LogListing;
    expect(second.data.map((entry) => entry.request_id)).toEqual(ids.slice(2));
    expect(second.data[0]).toMatchObject({ status: 200, provider: 'openai', stream: false, encrypted: false });
    const before = (await (
      await callWorker(
        `/v1/logs?to=${new Date(Number.parseInt(ids[0]?.slice(4, 16) ?? '0', 16) - 1).toISOString()}&from=${from.slice(0, 10)}`,
      )
    ).response.json()) as LogListing;
    expect(before.data.map((entry) => entry.request_id)).not.toContain(ids[0]);

    const other = await callWorker(`/v1/logs/${ids[0]}`, { key: OTHER_KEY });
    expect(other.response.status).toBe(404);
    const otherList = (await (await callWorker(`/v1/logs?from=${from}`, { key: OTHER_KEY })).response.json()) as LogListing;
    expect(otherList.data.map((entry) => entry.request_id)).not.toContain(ids[0]);
    expect((await callWorker('/v1/logs/not-a-request-id')).response.status).toBe(404);
    expect((await callWorker('/v1/logs?from=yesterday')).response.status).toBe(400);
  });

  it('answers the largest page (limit=1000) within R2’s 1000-object listing maximum', async () => {
    const { requestId } = await chat({ model: `openai/${unique('bigpage')}`, messages: [{ role: 'user', content: 'hi' }] });
    await archived(requestId);
    const from = new Date(Number.parseInt(requestId.slice(4, 16), 16)).toISOString();
    const { response } = await callWorker(`/v1/logs?from=${from}&limit=1000`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as LogListing).data.map((entry) => entry.request_id)).toContain(requestId);
  });
});
