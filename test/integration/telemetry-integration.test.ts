/**
 * Traces in workerd: W3C trace context on every response, spans built from the request record,
 * and span export by the queue consumers against a real loopback OTLP receiver, including a
 * collector that is down (usage is still applied; spans go to the telemetry queue and retry).
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { describe, expect, inject, it } from 'vitest';
import { getConfig } from '../../src/lib/config';
import type { RequestRecord } from '../../src/lib/pipeline/request-record';
import { otlpSettings, parseOtlpHeaders } from '../../src/lib/telemetry/otlp-exporter';
import type { OtlpSpan } from '../../src/lib/telemetry/otlp-span';
import { refusalSpans, requestSpans } from '../../src/lib/telemetry/request-spans';
import { contentAttributes, MAX_CONTENT_CHARS, traceContentWanted } from '../../src/lib/telemetry/span-content';
import { TELEMETRY_QUEUE } from '../../src/lib/telemetry/span-export';
import { parseTraceparent } from '../../src/lib/telemetry/trace-context';
import { type TraceFacts, traceFacts } from '../../src/lib/telemetry/trace-facts';
import { USAGE_QUEUE } from '../../src/lib/usage/consumer';
import { buildUsageEvent } from '../../src/lib/usage/event';
import { ledgerFor, utcDay } from '../../src/lib/usage/ledger-schema';
import { usageEvent } from '../support/accounting';
import { envWith, handlers } from '../support/worker';

const receiverUrl = inject('otlpReceiverUrl');
const withCollector = envWith({ SWITCHBOARD_OTLP_ENDPOINT: receiverUrl, SWITCHBOARD_OTLP_HEADERS: 'x-collector-key=s3cret%20value' });
const freshKey = () => `key_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;

interface ReceiverLog {
  exports: { headers: Record<string, string>; body: { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] } }[];
  refused: number;
}

async function receivedSpans(): Promise<{ spans: OtlpSpan[]; refused: number; headers: Record<string, string>[] }> {
  const log = (await (await fetch(`${receiverUrl}/__spans`)).json()) as ReceiverLog;
  return {
    spans: log.exports.flatMap((e) => e.body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans))),
    refused: log.refused,
    headers: log.exports.map((e) => e.headers),
  };
}

const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes.find((entry) => entry.key === key)?.value as Record<string, unknown> | undefined;
  return value ? Object.values(value)[0] : undefined;
};

function record(overrides: Partial<RequestRecord> = {}): RequestRecord {
  const receivedAt = Date.now() - 50;
  return {
    requestId: `req_${crypto.randomUUID().replaceAll('-', '')}`,
    keyId: freshKey(),
    surface: 'openai',
    endpoint: 'chat',
    requestedModel: 'openai/gpt-4o-mini',
    stream: true,
    receivedAt,
    firstByteAt: receivedAt + 20,
    endedAt: receivedAt + 40,
    trace: { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', parentSpanId: 'a3ce929d0e0e4736', flags: '01' },
    requestParams: { maxTokens: 64, temperature: 0.2 },
    attempts: [
      {
        provider: 'openai',
        model: 'gpt-4o-mini',
        startedAt: receivedAt + 1,
        endedAt: receivedAt + 5,
        status: 500,
        errorCode: 'server_error',
      },
      { provider: 'openai', model: 'gpt-4o-mini', startedAt: receivedAt + 10, endedAt: receivedAt + 40, status: 200, delayMs: 4 },
    ],
    provider: 'openai',
    model: 'gpt-4o-mini',
    status: 200,
    usage: { inputTokens: 12, outputTokens: 7 },
    finishReason: 'stop',
    cache: 'MISS',
    ...overrides,
  };
}

describe('trace context', () => {
  it('continues the caller’s trace: same trace id, a new span id, flags kept', async () => {
    const response = await exports.default.fetch('http://gateway/health', {
      headers: { authorization: 'Bearer sb-test-key-1', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
    });
    const ours = parseTraceparent(response.headers.get('traceparent'));
    expect(ours?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(ours?.parentSpanId).not.toBe('00f067aa0ba902b7');
    expect(ours?.flags).toBe('01');
  });

  it('starts a new trace for a missing or invalid traceparent, errors included', async () => {
    for (const traceparent of [
      undefined,
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      'garbage',
    ]) {
      const response = await exports.default.fetch('http://gateway/v1/nothing-here', {
        headers: { authorization: 'Bearer sb-test-key-1', ...(traceparent ? { traceparent } : {}) },
      });
      expect(response.status).toBe(404);
      const ours = parseTraceparent(response.headers.get('traceparent'));
      expect(ours).toBeDefined();
      expect(ours?.traceId).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    }
  });
});

describe('request spans', () => {
  it('a SERVER span with the GenAI attributes and one CLIENT span per attempt, children of it', () => {
    const rec = record();
    const config = getConfig(env);
    const event = buildUsageEvent(rec, config);
    const facts = traceFacts({
      env,
      record: rec,
      admission: {} as never,
      result: { id: 'chatcmpl-1', model: 'gpt-4o-mini-2024-07-18', created: 0, choices: [] },
    });
    const [root, first, second, ...rest] = requestSpans(facts as TraceFacts, event, config);
    expect(rest).toEqual([]);
    expect(root?.parentSpanId).toBe('a3ce929d0e0e4736');
    expect(root?.kind).toBe(2);
    expect(attribute(root as OtlpSpan, 'gen_ai.operation.name')).toBe('chat');
    expect(attribute(root as OtlpSpan, 'gen_ai.provider.name')).toBe('openai');
    expect(attribute(root as OtlpSpan, 'gen_ai.request.model')).toBe('openai/gpt-4o-mini');
    expect(attribute(root as OtlpSpan, 'gen_ai.response.model')).toBe('gpt-4o-mini-2024-07-18');
    expect(attribute(root as OtlpSpan, 'gen_ai.response.id')).toBe('chatcmpl-1');
    expect(attribute(root as OtlpSpan, 'gen_ai.request.max_tokens')).toBe('64');
    expect(attribute(root as OtlpSpan, 'gen_ai.request.temperature')).toBe(0.2);
    expect(attribute(root as OtlpSpan, 'gen_ai.usage.input_tokens')).toBe('12');
    expect(attribute(root as OtlpSpan, 'gen_ai.usage.output_tokens')).toBe('7');
    expect(attribute(root as OtlpSpan, 'gen_ai.response.finish_reasons')).toEqual({ values: [{ stringValue: 'stop' }] });
    expect(attribute(root as OtlpSpan, 'switchboard.attempts')).toBe('2');
    expect(attribute(root as OtlpSpan, 'switchboard.time_to_first_token_ms')).toBe('20');
    expect(attribute(root as OtlpSpan, 'server.address')).toBe(new URL(getConfig(env).providers.get('openai')?.baseUrl ?? '').hostname);
    for (const child of [first, second]) {
      expect(child?.parentSpanId).toBe(root?.spanId);
      expect(child?.traceId).toBe(root?.traceId);
      expect(child?.kind).toBe(3);
    }
    expect(attribute(first as OtlpSpan, 'error.type')).toBe('server_error');
    expect(first?.status.code).toBe(2);
    expect(attribute(second as OtlpSpan, 'switchboard.attempt')).toBe('2');
    expect(attribute(second as OtlpSpan, 'switchboard.attempt_reason')).toBe('retry:server_error');
    expect(second?.status.code).toBe(1);
  });

  it('no content: the spans hold no message text', () => {
    const rec = record({ tags: { note: 'hello' } });
    const text = JSON.stringify(
      requestSpans(
        traceFacts({ env, record: rec, admission: {} as never }) as TraceFacts,
        buildUsageEvent(rec, getConfig(env)),
        getConfig(env),
      ),
    );
    expect(text).not.toContain('hello');
  });
});

describe('refusal spans and content', () => {
  it('a refused request: one SERVER span with the refusal as its error, in the caller’s trace, no attempts', () => {
    const rec = record({
      attempts: [],
      status: 429,
      error: { kind: 'rate_limit', code: 'rate_limit_exceeded', message: 'slow down' },
      rejected: true,
    });
    const [root, ...rest] = refusalSpans(rec);
    expect(rest).toEqual([]);
    expect(root?.traceId).toBe(rec.trace?.traceId);
    expect(root?.parentSpanId).toBe('a3ce929d0e0e4736');
    expect(root?.status).toEqual({ code: 2, message: 'rate_limit_exceeded' });
    expect(attribute(root as OtlpSpan, 'error.type')).toBe('rate_limit_exceeded');
    expect(attribute(root as OtlpSpan, 'switchboard.outcome')).toBe('refused');
    expect(attribute(root as OtlpSpan, 'http.response.status_code')).toBe('429');
    expect(refusalSpans(record({ trace: undefined }))).toEqual([]);
  });

  it('content attributes follow the GenAI shapes, media named not inlined, each bounded', () => {
    const request = {
      model: 'openai/gpt-4o',
      messages: [
        { role: 'system' as const, content: 'Be brief.' },
        {
          role: 'user' as const,
          content: [
            { type: 'text' as const, text: 'What is this?' },
            { type: 'image_url' as const, image_url: { url: 'data:image/png;base64,AAAA' } },
          ],
        },
        {
          role: 'assistant' as const,
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function' as const, function: { name: 'look', arguments: '{}' } }],
        },
        { role: 'tool' as const, tool_call_id: 'call_1', content: 'a cat' },
      ],
    };
    const result = {
      id: 'r',
      model: 'gpt-4o',
      created: 0,
      choices: [{ index: 0, finishReason: 'stop' as const, message: { content: 'A cat.' } }],
    };
    const values = contentAttributes(request as never, result);
    expect(JSON.parse(String(values['gen_ai.system_instructions']))).toEqual([{ type: 'text', content: 'Be brief.' }]);
    expect(JSON.parse(String(values['gen_ai.input.messages']))).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'What is this?' }, { type: 'image_url' }] },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'look', arguments: '{}' }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: 'a cat' }] },
    ]);
    expect(String(values['gen_ai.input.messages'])).not.toContain('AAAA');
    expect(JSON.parse(String(values['gen_ai.output.messages']))).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'A cat.' }], finish_reason: 'stop' },
    ]);
    const long = contentAttributes(
      { model: 'm', messages: [{ role: 'user', content: 'x'.repeat(3 * MAX_CONTENT_CHARS) }] } as never,
      undefined,
    );
    expect(String(long['gen_ai.input.messages']).length).toBeLessThan(MAX_CONTENT_CHARS + 64);
    expect(long['gen_ai.output.messages']).toBeUndefined();
  });

  it('content is wanted only when the key opts in, spans are exported, and no redaction applies', () => {
    const settings = getConfig(env).archive;
    const key = { id: 'key_0123456789abcdef', name: 'k', source: 'admin' as const, logging: { traceContent: true } };
    expect(traceContentWanted(withCollector, settings, key)).toBe(true);
    expect(traceContentWanted(env, settings, key)).toBe(false);
    expect(traceContentWanted(withCollector, settings, { ...key, logging: {} })).toBe(false);
    expect(traceContentWanted(withCollector, settings, { ...key, logging: { traceContent: true, redactContent: true } })).toBe(false);
    expect(traceContentWanted(withCollector, { ...settings, redactContent: true }, key)).toBe(false);
  });

  it('the usage consumer exports the span a refusal message carries', async () => {
    const rec = record({
      attempts: [],
      status: 400,
      error: { kind: 'invalid_request', code: 'invalid_request', message: 'bad' },
      rejected: true,
    });
    const [span] = refusalSpans(rec);
    const body = {
      kind: 'rejection',
      keyId: rec.keyId,
      requestId: rec.requestId,
      at: rec.receivedAt,
      archive: { json: '{}', summary: {} },
      spans: [span],
    };
    const batch = createMessageBatch(USAGE_QUEUE, [{ id: 'r1', timestamp: new Date(), attempts: 1, body }]);
    const ctx = createExecutionContext();
    await handlers.queue(batch, withCollector, ctx);
    await getQueueResult(batch, ctx);
    const received = (await receivedSpans()).spans.filter((s) => s.spanId === span?.spanId);
    expect(received).toHaveLength(1);
  });
});

describe('span export', () => {
  it('the usage consumer applies the events, then exports their spans with the configured headers', async () => {
    const rec = record();
    const config = getConfig(env);
    const event = buildUsageEvent(rec, config);
    // What the request's isolate sends: the facts, not spans; the consumer builds the spans.
    const trace = traceFacts({ env, record: rec, admission: {} as never });
    expect(JSON.stringify(trace).length).toBeLessThan(1500);
    const batch = createMessageBatch(USAGE_QUEUE, [{ id: 'm1', timestamp: new Date(), attempts: 1, body: { ...event, trace } }]);
    const ctx = createExecutionContext();
    await handlers.queue(batch, withCollector, ctx);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(['m1']);
    const today = utcDay(Date.now());
    expect((await ledgerFor(env, rec.keyId).rows(today, today))[0]?.requests).toBe(1);
    const log = await receivedSpans();
    const received = log.spans.filter((span) => attribute(span, 'switchboard.request_id') === rec.requestId);
    expect(received).toHaveLength(1);
    expect(log.spans.filter((span) => span.parentSpanId === received[0]?.spanId)).toHaveLength(2);
    expect(log.headers.at(-1)?.['x-collector-key']).toBe('s3cret value');
    expect(log.headers.at(-1)?.['content-type']).toBe('application/json');
    expect(received[0]?.traceId).toBe(rec.trace?.traceId);
  });

  it('a collector that answers 503 loses no usage: the ledger is applied and the spans go to the telemetry queue', async () => {
    await fetch(`${receiverUrl}/__fail?count=1`, { method: 'POST' });
    const refusedBefore = (await receivedSpans()).refused;
    const keyId = freshKey();
    const event = usageEvent({ keyId });
    const span: OtlpSpan = {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      name: 'chat gpt-4o-mini',
      kind: 2,
      startTimeUnixNano: '1000000',
      endTimeUnixNano: '2000000',
      attributes: [{ key: 'switchboard.request_id', value: { stringValue: event.requestId } }],
      status: { code: 1 },
    };
    const batch = createMessageBatch(USAGE_QUEUE, [{ id: 'm1', timestamp: new Date(), attempts: 1, body: { ...event, spans: [span] } }]);
    const ctx = createExecutionContext();
    await handlers.queue(batch, withCollector, ctx);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(['m1']);
    expect((await receivedSpans()).refused).toBe(refusedBefore + 1);
    const today = utcDay(Date.now());
    expect((await ledgerFor(env, keyId).rows(today, today))[0]?.requests).toBe(1);
  });

  it('the telemetry queue retries with back-off while the collector is down, and acks once it is back', async () => {
    const span = {
      traceId: '0af7651916cd43dd8448eb211c80319d',
      spanId: 'b7ad6b7169203332',
      name: 'chat x',
      kind: 2,
      startTimeUnixNano: '1',
      endTimeUnixNano: '2',
      attributes: [],
      status: { code: 1 },
    };
    await fetch(`${receiverUrl}/__fail?count=1`, { method: 'POST' });
    const down = createMessageBatch(TELEMETRY_QUEUE, [{ id: 't1', timestamp: new Date(), attempts: 2, body: { spans: [span] } }]);
    const ctx = createExecutionContext();
    await handlers.queue(down, withCollector, ctx);
    const result = await getQueueResult(down, ctx);
    expect(result.retryMessages.map((message) => message.msgId)).toEqual(['t1']);
    expect(result.explicitAcks).toEqual([]);
    const up = createMessageBatch(TELEMETRY_QUEUE, [{ id: 't2', timestamp: new Date(), attempts: 3, body: { spans: [span] } }]);
    const ctx2 = createExecutionContext();
    await handlers.queue(up, withCollector, ctx2);
    expect((await getQueueResult(up, ctx2)).explicitAcks).toEqual(['t2']);
    expect((await receivedSpans()).spans.some((s) => s.spanId === 'b7ad6b7169203332')).toBe(true);
  });

  it('settings: traces go to <endpoint>/v1/traces; headers are name=value pairs, percent-decoded', () => {
    expect(otlpSettings(envWith({ SWITCHBOARD_OTLP_ENDPOINT: 'https://collector.example:4318/' }))?.url).toBe(
      'https://collector.example:4318/v1/traces',
    );
    expect(otlpSettings(envWith({ SWITCHBOARD_OTLP_ENDPOINT: 'https://collector.example/otlp/v1/traces' }))?.url).toBe(
      'https://collector.example/otlp/v1/traces',
    );
    expect(otlpSettings(envWith({ SWITCHBOARD_OTLP_ENDPOINT: 'ftp://nope' }))).toBeUndefined();
    expect(otlpSettings(env)).toBeUndefined();
    expect(parseOtlpHeaders('api-key=abc%3D%3D, x-team = core ,broken')).toEqual({ 'api-key': 'abc==', 'x-team': 'core' });
  });
});
