/**
 * Observability under `wrangler dev`: a gateway exporting spans to a loopback OTLP receiver
 * (a stand-in collector), driven by the official SDKs with the caller's W3C `traceparent`;
 * a collector that answers 503 delays export but loses no usage; `GET /metrics` parses as
 * Prometheus text and its counters match `GET /v1/usage`.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEV_ADMIN_TOKEN, startLocalGateway } from '../../scripts/local-gateway.mjs';
import { type OtlpReceiver, startOtlpReceiver } from '../support/otlp-receiver.mjs';
import { e2eGatewayConfig } from './support/gateway-config';
import { script, tag, usageRowsOnce } from './support/gateway-reads';

const KEY = 'sb-dev-key-2';
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const traceparent = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

let receiver: OtlpReceiver;
let gateway: Awaited<ReturnType<typeof startLocalGateway>>;
let openai: OpenAI;
let anthropic: Anthropic;

type Span = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
};

const attribute = (span: Span, key: string) => {
  const value = span.attributes.find((entry) => entry.key === key)?.value;
  return value ? Object.values(value)[0] : undefined;
};

/** The request's SERVER span and its CLIENT children, once the consumer has exported them. */
async function spansOf(requestId: string, attempts: number, timeout = 20_000): Promise<{ root: Span; children: Span[] }> {
  return vi.waitUntil(
    () => {
      const spans = receiver.spans() as Span[];
      const root = spans.find((span) => attribute(span, 'switchboard.request_id') === requestId);
      const children = root ? spans.filter((span) => span.parentSpanId === root.spanId) : [];
      return root && children.length === attempts ? { root, children } : undefined;
    },
    { timeout, interval: 100 },
  );
}

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  gateway = await startLocalGateway({
    env: {
      SWITCHBOARD_CONFIG: JSON.stringify(e2eGatewayConfig),
      SWITCHBOARD_OTLP_ENDPOINT: receiver.url,
      SWITCHBOARD_OTLP_HEADERS: 'x-honeycomb-team=e2e-secret',
    },
  });
  const defaultHeaders = { traceparent };
  openai = new OpenAI({ apiKey: KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0, defaultHeaders });
  anthropic = new Anthropic({ apiKey: KEY, baseURL: gateway.url, maxRetries: 0, defaultHeaders });
}, 120_000);

afterAll(async () => {
  await gateway?.stop();
  await receiver?.close();
});

describe('OTLP traces under wrangler dev', () => {
  it('chat, non-stream: a span in the caller’s trace with the GenAI attributes, and the gateway’s traceparent back', async () => {
    const { data, response } = await openai.chat.completions
      .create({ model: 'openai/gpt-4o-mini', max_tokens: 50, temperature: 0.5, messages: [{ role: 'user', content: 'Hello' }] })
      .withResponse();
    const ours = response.headers.get('traceparent') ?? '';
    expect(ours.split('-')[1]).toBe(TRACE_ID);
    const { root, children } = await spansOf(response.headers.get('x-request-id') ?? '', 1);
    expect(root.traceId).toBe(TRACE_ID);
    expect(root.parentSpanId).toBe('00f067aa0ba902b7');
    expect(root.spanId).toBe(ours.split('-')[2]);
    expect(root.kind).toBe(2);
    expect(attribute(root, 'gen_ai.operation.name')).toBe('chat');
    expect(attribute(root, 'gen_ai.provider.name')).toBe('openai');
    expect(attribute(root, 'gen_ai.request.model')).toBe('openai/gpt-4o-mini');
    expect(attribute(root, 'gen_ai.response.model')).toBe(data.model);
    expect(attribute(root, 'gen_ai.response.id')).toBe(data.id);
    expect(attribute(root, 'gen_ai.request.max_tokens')).toBe('50');
    expect(attribute(root, 'gen_ai.request.temperature')).toBe(0.5);
    expect(attribute(root, 'gen_ai.usage.input_tokens')).toBe(String(data.usage?.prompt_tokens));
    expect(attribute(root, 'gen_ai.usage.output_tokens')).toBe(String(data.usage?.completion_tokens));
    expect(attribute(root, 'gen_ai.response.finish_reasons')).toEqual({ values: [{ stringValue: data.choices[0]?.finish_reason }] });
    expect(attribute(root, 'server.address')).toBe('127.0.0.1');
    expect(attribute(root, 'switchboard.cache_status')).toBe('BYPASS');
    expect(children[0]?.kind).toBe(3);
    expect(receiver.exports.at(-1)?.headers['x-honeycomb-team']).toBe('e2e-secret');
  });

  it('chat, stream, and messages (Anthropic SDK): spans for both, time to first token recorded', async () => {
    const stream = await openai.chat.completions
      .create({ model: 'anthropic/claude-sonnet-4-5', stream: true, messages: [{ role: 'user', content: 'Hello' }] })
      .withResponse();
    for await (const _ of stream.data) {
      // drain
    }
    const chat = await spansOf(stream.response.headers.get('x-request-id') ?? '', 1);
    expect(attribute(chat.root, 'switchboard.stream')).toBe(true);
    expect(attribute(chat.root, 'gen_ai.provider.name')).toBe('anthropic');
    expect(Number(attribute(chat.root, 'switchboard.time_to_first_token_ms'))).toBeGreaterThanOrEqual(0);

    const { response } = await anthropic.messages
      .create({ model: 'gemini/gemini-2.5-flash', max_tokens: 64, messages: [{ role: 'user', content: 'Hello' }] })
      .withResponse();
    const messages = await spansOf(response.headers.get('request-id') ?? response.headers.get('x-request-id') ?? '', 1);
    expect(attribute(messages.root, 'switchboard.surface')).toBe('anthropic');
    expect(attribute(messages.root, 'gen_ai.provider.name')).toBe('gcp.gemini');
  });

  it('a retried request: two attempt spans, the second naming why', async () => {
    const id = tag();
    await script(gateway.upstream.url, `gpt-4o-mini-${id}`, ['@status=500', 'ok']);
    const { response } = await openai.chat.completions
      .create({ model: `openai/gpt-4o-mini-${id}`, messages: [{ role: 'user', content: 'Hello' }] })
      .withResponse();
    expect(response.headers.get('x-switchboard-attempts')).toBe('2');
    const { children } = await spansOf(response.headers.get('x-request-id') ?? '', 2);
    const ordered = children.sort((a, b) => Number(attribute(a, 'switchboard.attempt')) - Number(attribute(b, 'switchboard.attempt')));
    expect(attribute(ordered[0] as Span, 'http.response.status_code')).toBe('500');
    expect(attribute(ordered[0] as Span, 'error.type')).toBeDefined();
    expect(String(attribute(ordered[1] as Span, 'switchboard.attempt_reason'))).toMatch(/^retry:/);
  });

  it('Responses, stream: a span with the responses endpoint', async () => {
    const { data, response } = await openai.responses
      .create({ model: 'anthropic/claude-sonnet-4-5', stream: true, input: 'Hello' })
      .withResponse();
    for await (const _ of data) {
      // drain
    }
    const { root } = await spansOf(response.headers.get('x-request-id') ?? '', 1);
    expect(root.traceId).toBe(TRACE_ID);
    expect(attribute(root, 'switchboard.endpoint')).toBe('responses');
    expect(attribute(root, 'switchboard.stream')).toBe(true);
    expect(attribute(root, 'gen_ai.provider.name')).toBe('anthropic');
  });

  it('refused before any provider call (validation, authentication): a span naming the refusal, in the caller’s trace', async () => {
    const invalid = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', traceparent },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: 'not a list' }),
    });
    expect(invalid.status).toBe(400);
    const unauthenticated = await fetch(`${gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'sb-not-a-key', 'content-type': 'application/json', traceparent },
      body: JSON.stringify({ model: 'anthropic/claude-sonnet-4-5', max_tokens: 8, messages: [] }),
    });
    expect(unauthenticated.status).toBe(401);
    const refused = await Promise.all([invalid, unauthenticated].map((response) => spansOf(response.headers.get('x-request-id') ?? '', 0)));
    for (const { root } of refused) {
      expect(root.traceId).toBe(TRACE_ID);
      expect(attribute(root, 'switchboard.outcome')).toBe('refused');
      expect(attribute(root, 'switchboard.attempts')).toBe('0');
    }
    expect(attribute(refused[0]!.root, 'http.response.status_code')).toBe('400');
    expect(attribute(refused[0]!.root, 'gen_ai.request.model')).toBe('openai/gpt-4o-mini');
    expect(attribute(refused[0]!.root, 'switchboard.key_id')).toBeDefined();
    expect(attribute(refused[1]!.root, 'http.response.status_code')).toBe('401');
    expect(attribute(refused[1]!.root, 'switchboard.key_id')).toBeUndefined();
    expect(JSON.stringify(refused)).not.toContain('sb-not-a-key');
  });

  it('content only for a key that opts in (`logging.traceContent`), never for the others', async () => {
    const created = await fetch(`${gateway.url}/admin/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEV_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'traced-content', logging: { traceContent: true } }),
    });
    expect(created.status).toBe(201);
    const { key } = (await created.json()) as { key: string };
    const traced = new OpenAI({ apiKey: key, baseURL: `${gateway.url}/v1`, maxRetries: 0, defaultHeaders: { traceparent } });
    const prompt = `opt-in prompt ${tag()}`;
    const { data, response } = await traced.chat.completions
      .create({
        model: 'openai/gpt-4o-mini',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: prompt },
        ],
      })
      .withResponse();
    const { root } = await spansOf(response.headers.get('x-request-id') ?? '', 1);
    expect(JSON.parse(String(attribute(root, 'gen_ai.input.messages')))).toEqual([
      { role: 'user', parts: [{ type: 'text', content: prompt }] },
    ]);
    expect(JSON.parse(String(attribute(root, 'gen_ai.system_instructions')))).toEqual([{ type: 'text', content: 'Be brief.' }]);
    const output = JSON.parse(String(attribute(root, 'gen_ai.output.messages')));
    expect(output[0]).toMatchObject({
      role: 'assistant',
      finish_reason: 'stop',
      parts: [{ type: 'text', content: data.choices[0]?.message.content }],
    });

    const other = `default-key prompt ${tag()}`;
    const plain = await openai.chat.completions
      .create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: other }] })
      .withResponse();
    const { root: plainRoot } = await spansOf(plain.response.headers.get('x-request-id') ?? '', 1);
    expect(attribute(plainRoot, 'gen_ai.input.messages')).toBeUndefined();
    expect(JSON.stringify(plainRoot)).not.toContain(other);
  });

  it('a collector answering 503 delays export but loses no usage record', async () => {
    const id = tag();
    receiver.failNext(2);
    const refusedBefore = receiver.refused;
    const { response } = await openai.chat.completions
      .create({ model: `openai/gpt-4o-mini-${id}`, messages: [{ role: 'user', content: 'Hello' }] })
      .withResponse();
    // Usage is applied whatever the collector says.
    const rows = await usageRowsOnce(gateway.url, KEY, id, 1);
    expect(rows[0]).toMatchObject({ requests: 1, successes: 1 });
    await vi.waitUntil(() => receiver.refused > refusedBefore, { timeout: 20_000, interval: 100 });
    // …and the spans arrive once the collector is back (telemetry queue retry with back-off).
    const { root } = await spansOf(response.headers.get('x-request-id') ?? '', 1, 45_000);
    expect(root.traceId).toBe(TRACE_ID);
    expect(receiver.refused).toBe(refusedBefore + 2);
  }, 90_000);
});

describe('GET /metrics under wrangler dev', () => {
  it('parses as Prometheus text and matches /v1/usage; gateway keys are refused', async () => {
    const refused = await fetch(`${gateway.url}/metrics`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(refused.status).toBe(401);
    const text = await (await fetch(`${gateway.url}/metrics`, { headers: { authorization: `Bearer ${DEV_ADMIN_TOKEN}` } })).text();
    const families = parsePrometheusTextFormat(text) as {
      name: string;
      type: string;
      metrics: { value?: string; labels?: Record<string, string> }[];
    }[];
    const family = (name: string) => families.find((entry) => entry.name === name);
    expect(family('switchboard_requests_total')?.type).toBe('COUNTER');
    expect(family('switchboard_request_duration_seconds')?.type).toBe('HISTOGRAM');
    const total = (name: string, filter: (labels: Record<string, string>) => boolean = () => true) =>
      (family(name)?.metrics ?? []).filter((metric) => filter(metric.labels ?? {})).reduce((sum, metric) => sum + Number(metric.value), 0);
    const today = new Date().toISOString().slice(0, 10);
    const usage = (await (
      await fetch(`${gateway.url}/v1/usage?from=${today}&to=${today}`, { headers: { authorization: `Bearer ${DEV_ADMIN_TOKEN}` } })
    ).json()) as { totals: { requests: number; prompt_tokens: number; completion_tokens: number; cost_usd: number } };
    expect(usage.totals.requests).toBeGreaterThan(0);
    expect(total('switchboard_requests_total')).toBe(usage.totals.requests);
    expect(total('switchboard_tokens_total', (labels) => labels.type === 'input')).toBe(usage.totals.prompt_tokens);
    expect(total('switchboard_tokens_total', (labels) => labels.type === 'output')).toBe(usage.totals.completion_tokens);
    expect(total('switchboard_cost_usd_total')).toBeCloseTo(usage.totals.cost_usd, 9);
  });
});
