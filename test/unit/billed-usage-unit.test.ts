/**
 * Every token counted in one vocabulary: each provider's recorded usage, through its adapter
 * (JSON and stream), becomes canonical usage whose output includes reasoning/thinking wherever
 * the provider reports it, and whose cost at the catalog's prices is what the provider bills,
 * computed here independently from the raw wire usage by each provider's documented rule (the
 * rates are the vendored dataset's).
 * xAI even states its bill (`cost_in_usd_ticks`, 1 tick = 1e-10 USD): ours must equal it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Usage } from '../../src/lib/canonical';
import type { ModelPrice } from '../../src/lib/models/model-catalog';
import { costNanoUsd, priceFor } from '../../src/lib/models/pricing';
import { decodeProviderStream } from '../../src/lib/streams/stream-pipeline';
import { adapters, loadAdapters } from '../../src/providers/registry';
import type { AdapterKind, Target } from '../../src/providers/types';
import { chunksToSse, fixture, fixtureJson } from '../support/fixtures';

// Gemini's adapter is loaded on first use (registry.ts): the Worker loads it when a request is planned to it.
beforeAll(() => loadAdapters(['gemini']));

function target(provider: string, adapter: AdapterKind, model: string): Target {
  return { provider, adapter, model, baseUrl: '', options: {} };
}

function parsed(at: Target, path: string): Usage {
  const usage = adapters[at.adapter]?.chat.parseResponse(fixtureJson(path), at).usage;
  if (!usage) throw new Error(`no usage in ${path}`);
  return usage;
}

async function streamed(at: Target, sse: string): Promise<Usage> {
  const body = new Response(sse).body as ReadableStream<Uint8Array>;
  const decoder = adapters[at.adapter]?.chat.createStreamDecoder(at);
  if (!decoder) throw new Error('no decoder');
  const { events, outcome } = decodeProviderStream(body, decoder, { provider: at.provider, now: () => 0 });
  await events.pipeTo(new WritableStream());
  const usage = (await outcome).usage;
  if (!usage) throw new Error('no usage in stream');
  return usage;
}

/** An off-peak instant, so hour-dependent prices (DeepSeek) are fixed for the test. */
const AT = Date.UTC(2026, 0, 15, 20, 0);

/** The catalog's rates (vendored dataset) for a target: the test takes rates from it, never the formula. */
function rates(at: Target): ModelPrice {
  const price = priceFor(at.provider, at.model, undefined, AT);
  if (!price) throw new Error(`no price for ${at.provider}/${at.model}`);
  return price;
}

const billed = (at: Target, usage: Usage) => costNanoUsd(usage, rates(at));

/** Σ tokens × USD per million, in nano-dollars, computed in integer pico-dollars and rounded once. */
const nano = (...parts: [tokens: number, usdPerMillion: number | undefined][]) =>
  Math.round(parts.reduce((sum, [tokens, price]) => sum + tokens * Math.round((price ?? 0) * 1e6), 0) / 1000);

/** The last `"usage":{…}` object of a JSONL or SSE recording. */
function lastWireUsage<T>(text: string, field = 'usage'): T {
  const chunks = text
    .split('\n')
    .map((line) => line.replace(/^data: ?/, '').trim())
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return chunks.findLast((chunk) => chunk[field])?.[field] as T;
}

describe('xAI: reasoning outside completion_tokens', () => {
  const grok = target('xai', 'openai', 'grok-3-mini');
  type XaiUsage = { prompt_tokens: number; completion_tokens: number; total_tokens: number; cost_in_usd_ticks: number };

  it('JSON: output includes the reasoning, tokens sum to the total, cost equals cost_in_usd_ticks', () => {
    const wire = fixtureJson<{ usage: XaiUsage }>('xai/text.json').usage;
    const usage = parsed(grok, 'xai/text.json');
    expect(usage).toEqual({ inputTokens: 12, outputTokens: 229, cachedInputTokens: 2, reasoningTokens: 228 });
    expect(usage.inputTokens + usage.outputTokens).toBe(wire.total_tokens);
    expect(billed(grok, usage)).toBe(wire.cost_in_usd_ticks / 10);
    expect(rates(grok)).toMatchObject({ input: 0.3, cacheRead: 0.075, output: 0.5 });
  });

  it('stream: the same, from the final usage chunk', async () => {
    const recording = fixture('xai/text-stream.chunks.jsonl');
    const wire = lastWireUsage<XaiUsage>(recording);
    const usage = await streamed(grok, chunksToSse(recording, { done: true }));
    expect(usage.outputTokens).toBe(wire.total_tokens - wire.prompt_tokens);
    expect(usage.outputTokens).toBeGreaterThan(wire.completion_tokens);
    expect(billed(grok, usage)).toBe(wire.cost_in_usd_ticks / 10);
  });
});

describe('OpenAI and DeepSeek: reasoning inside completion_tokens (not added twice)', () => {
  it('OpenAI gpt-5: output = completion_tokens; cost = uncached input + cached + completion at list price', () => {
    const gpt5 = target('openai', 'openai', 'gpt-5');
    const wire = fixtureJson<{ usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number } }>(
      'openai/chat/reasoning-model-text.json',
    ).usage;
    const usage = parsed(gpt5, 'openai/chat/reasoning-model-text.json');
    expect(usage).toMatchObject({ inputTokens: wire.prompt_tokens, outputTokens: wire.completion_tokens, reasoningTokens: 128 });
    expect(usage.inputTokens + usage.outputTokens).toBe(wire.total_tokens);
    const rate = rates(gpt5);
    expect(billed(gpt5, usage)).toBe(nano([wire.prompt_tokens, rate.input], [wire.completion_tokens, rate.output]));
  });

  it('DeepSeek reasoner: output = completion_tokens, cache hits priced as cache reads', () => {
    const reasoner = target('deepseek', 'openai', 'deepseek-reasoner');
    type Wire = { prompt_tokens: number; completion_tokens: number; total_tokens: number; prompt_cache_hit_tokens: number };
    const wire = fixtureJson<{ usage: Wire }>('deepseek/reasoning.json').usage;
    const usage = parsed(reasoner, 'deepseek/reasoning.json');
    expect(usage.inputTokens + usage.outputTokens).toBe(wire.total_tokens);
    const hits = wire.prompt_cache_hit_tokens;
    const rate = rates(reasoner);
    expect(billed(reasoner, usage)).toBe(
      nano([wire.prompt_tokens - hits, rate.input], [hits, rate.cacheRead], [wire.completion_tokens, rate.output]),
    );
  });
});

describe('Gemini: thoughtsTokenCount outside candidatesTokenCount', () => {
  const flash = target('gemini', 'gemini', 'gemini-2.5-flash');
  type Wire = { promptTokenCount: number; candidatesTokenCount: number; thoughtsTokenCount?: number; totalTokenCount: number };

  it('JSON: output = candidates + thoughts = total − prompt; cost at the catalog price', () => {
    const wire = fixtureJson<{ usageMetadata: Wire }>('gemini/text.json').usageMetadata;
    const usage = parsed(flash, 'gemini/text.json');
    expect(usage.inputTokens + usage.outputTokens).toBe(wire.totalTokenCount);
    const output = wire.totalTokenCount - wire.promptTokenCount;
    const rate = rates(flash);
    expect(billed(flash, usage)).toBe(nano([wire.promptTokenCount, rate.input], [output, rate.output]));
  });

  it('stream: the last cumulative snapshot, thoughts included', async () => {
    const recording = fixture('gemini/thinking-stream.sse');
    const wire = lastWireUsage<Wire>(recording, 'usageMetadata');
    const usage = await streamed(flash, recording);
    expect(usage.outputTokens).toBe(wire.totalTokenCount - wire.promptTokenCount);
    expect(usage.reasoningTokens).toBeGreaterThan(0);
    const rate = rates(flash);
    expect(billed(flash, usage)).toBe(nano([wire.promptTokenCount, rate.input], [usage.outputTokens, rate.output]));
  });
});

describe('Anthropic: input, cache reads and cache writes apart; thinking inside output_tokens', () => {
  const sonnet = target('anthropic', 'anthropic', 'claude-sonnet-4-5');

  it('JSON with thinking: output_tokens as billed', () => {
    type Wire = { input_tokens: number; output_tokens: number };
    const wire = fixtureJson<{ usage: Wire }>('anthropic/thinking-tool-use.json').usage;
    const usage = parsed(sonnet, 'anthropic/thinking-tool-use.json');
    expect(usage).toEqual({ inputTokens: wire.input_tokens, outputTokens: wire.output_tokens });
    const rate = rates(sonnet);
    expect(billed(sonnet, usage)).toBe(nano([wire.input_tokens, rate.input], [wire.output_tokens, rate.output]));
  });

  it('stream with a 5-minute cache write: written tokens at the cache-write price, never also at the input price', async () => {
    const recording = fixture('anthropic/cache-write-max-tokens-stream.chunks.jsonl');
    const usage = await streamed(sonnet, chunksToSse(recording, { eventFromType: true }));
    expect(usage).toMatchObject({ inputTokens: 3 + 18_639, cacheWriteTokens: 18_639, outputTokens: 1 });
    const rate = rates(sonnet);
    expect(rate.cacheWrite).toBeGreaterThan(rate.input);
    expect(billed(sonnet, usage)).toBe(nano([3, rate.input], [18_639, rate.cacheWrite], [1, rate.output]));
  });

  it('1-hour cache writes are priced at their own rate (2× input)', () => {
    const usage = adapters.anthropic?.chat.parseResponse(
      {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [{ type: 'text', text: 'ok' }],
        stop_reason: 'end_turn',
        usage: {
          input_tokens: 10,
          cache_creation_input_tokens: 3000,
          cache_read_input_tokens: 500,
          cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 2000 },
          output_tokens: 20,
        },
      },
      sonnet,
    ).usage as Usage;
    expect(usage).toMatchObject({ inputTokens: 3510, cachedInputTokens: 500, cacheWriteTokens: 3000, cacheWrite1hTokens: 2000 });
    const rate = rates(sonnet);
    expect(rate.cacheWrite1h).toBe(rate.input * 2);
    expect(billed(sonnet, usage)).toBe(
      nano([10, rate.input], [500, rate.cacheRead], [1000, rate.cacheWrite], [2000, rate.cacheWrite1h], [20, rate.output]),
    );
  });
});
