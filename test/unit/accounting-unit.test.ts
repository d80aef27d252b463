/** Pure pieces of the archive and usage accounting: caps, paths, header stripping, sizes, CSV, estimates. */
import { describe, expect, it } from 'vitest';
import { ExchangeCapture } from '../../src/lib/archive/capture';
import { CaptureBudget, ChunkLog } from '../../src/lib/archive/chunk-log';
import { archivableHeaders, archivableUrl } from '../../src/lib/archive/headers';
import { archivePath, hourPrefix, parseArchivePath } from '../../src/lib/archive/paths';
import { newRequestId, requestIdTime } from '../../src/lib/http/request-context';
import { countPromptChars, estimateTokens, estimateUsage } from '../../src/lib/models/tokens';
import { retryDelaySeconds } from '../../src/lib/usage/consumer';
import { csvField, toCsv } from '../../src/lib/usage/csv';
import { MAX_TAG_KEY_CHARS, MAX_TAG_VALUE_CHARS, MAX_TAGS, QUEUE_MESSAGE_LIMIT_BYTES } from '../../src/lib/usage/event-limits';
import { usageEventSchema } from '../../src/lib/usage/event-schema';
import { usageEvent } from '../support/accounting';

describe('capture cap', () => {
  it('keeps chunk data up to the cap, then only numbers and counts them', () => {
    const log = new ChunkLog(new CaptureBudget(true, 1000));
    const chunk = new Uint8Array(300).fill(97);
    for (let index = 0; index < 100; index++) log.add(chunk, index);
    expect(log.count).toBe(100);
    expect(log.bytes).toBe(30_000);
    expect(log.chunks.length).toBe(2);
    expect(log.chunks.map((entry) => entry.seq)).toEqual([0, 1]);
    expect(log.lastAt).toBe(99);
  });

  it('decodes chunks as one UTF-8 stream, so a character split between chunks survives', () => {
    const log = new ChunkLog(new CaptureBudget(true));
    const euro = new TextEncoder().encode('a€b');
    log.add(euro.subarray(0, 2), 1);
    log.add(euro.subarray(2), 2);
    expect(log.chunks.map((chunk) => chunk.data).join('')).toBe('a€b');
    expect(log.chunks.map((chunk) => chunk.bytes)).toEqual([2, 3]);
  });

  it('marks the capture truncated and cuts an oversized body', () => {
    const capture = new ExchangeCapture({ redactContent: false, encrypt: false, limitBytes: 10 });
    capture.inboundBody('x'.repeat(50));
    expect(capture.inbound).toEqual({ chars: 50, text: '', truncated: true });
    expect(capture.truncated).toBe(true);
  });

  it('holds no content at all when redacting', () => {
    const capture = new ExchangeCapture({ redactContent: true, encrypt: false });
    capture.inboundBody('secret prompt');
    capture.providerRequest(
      { url: 'https://x.test/v1?key=AIzaSECRET', headers: { authorization: 'Bearer sk-1' }, body: 'secret' },
      {
        provider: 'p',
        adapter: 'openai',
        model: 'm',
        baseUrl: 'https://x.test',
        apiKey: 'sk-1',
        options: {},
      },
    );
    expect(JSON.stringify(capture.attempts)).not.toMatch(/secret|sk-1|AIza/);
    expect(capture.inbound).toEqual({ chars: 13 });
  });
});

describe('credential stripping', () => {
  it('allow-lists headers and never keeps credential headers', () => {
    const headers = archivableHeaders({
      authorization: 'Bearer sk-1',
      'api-key': 'a',
      'x-api-key': 'b',
      'x-goog-api-key': 'c',
      'content-type': 'application/json',
      'anthropic-version': '2023-06-01',
      'x-ratelimit-remaining-requests': '9',
      'x-custom-secret': 'd',
    });
    expect(headers).toEqual({
      'content-type': 'application/json',
      'anthropic-version': '2023-06-01',
      'x-ratelimit-remaining-requests': '9',
    });
  });

  it('redacts credential-looking query parameters', () => {
    expect(archivableUrl('https://g.test/v1beta/models/m:generateContent?alt=sse&key=AIzaSECRET')).toBe(
      'https://g.test/v1beta/models/m:generateContent?alt=sse&key=%5Bredacted%5D',
    );
  });
});

describe('archive paths', () => {
  it('derives the hour partition from the time-ordered request id', () => {
    const at = Date.UTC(2026, 0, 2, 3, 4, 5);
    const id = newRequestId(at);
    expect(id).toMatch(/^req_[0-9a-f]{32}$/);
    expect(requestIdTime(id)).toBe(at);
    expect(newRequestId(at + 1) > id).toBe(true);
    const path = archivePath('key_abc', id);
    expect(path).toBe(`2026/01/02/03/key_abc/${id}.json.gz`);
    expect(parseArchivePath(path ?? '')).toEqual({ hourStart: Date.UTC(2026, 0, 2, 3), keyId: 'key_abc', requestId: id });
    expect(hourPrefix(at)).toBe('2026/01/02/03/');
    expect(archivePath('key_abc', 'req_not-ours')).toBeUndefined();
  });
});

describe('usage event', () => {
  it('stays far below the 128 KB queue message limit even with the largest tags', () => {
    const wide = '𝄞'.repeat(MAX_TAG_VALUE_CHARS / 2);
    const tags = Object.fromEntries(Array.from({ length: MAX_TAGS }, (_, index) => [`${index}`.padEnd(MAX_TAG_KEY_CHARS, 'k'), wide]));
    const event = usageEventSchema.parse(usageEvent({ tags }));
    expect(new TextEncoder().encode(JSON.stringify(event)).byteLength).toBeLessThan(QUEUE_MESSAGE_LIMIT_BYTES / 4);
  });
});

describe('token estimates', () => {
  it('counts about four characters per token and marks the result estimated', () => {
    expect([0, 1, 4, 5, 8].map(estimateTokens)).toEqual([0, 1, 1, 2, 2]);
    const request = { model: 'm', messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'abcdefgh' }] }] };
    expect(countPromptChars(request)).toBe(8);
    expect(estimateUsage(8, 3)).toEqual({ inputTokens: 2, outputTokens: 1, estimated: true, countedBy: 'estimate' });
  });
});

describe('CSV and retries', () => {
  it('quotes fields per RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(toCsv(['a', 'b'], [[1, 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
  });

  it('backs off exponentially up to five minutes', () => {
    expect([1, 2, 3, 10].map(retryDelaySeconds)).toEqual([5, 10, 20, 300]);
  });
});
