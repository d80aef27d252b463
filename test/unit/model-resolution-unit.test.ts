import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/lib/config';
import { resolveFailureToError, resolveModel } from '../../src/lib/models/model-resolution';

const keys = { OPENAI_API_KEY: 'sk-o', ANTHROPIC_API_KEY: 'sk-a', GEMINI_API_KEY: 'g', DEEPSEEK_API_KEY: 'd', XAI_API_KEY: 'x' };
const withDefault = (defaultProvider: string, extra: Record<string, string> = {}) =>
  loadConfig({ ...keys, ...extra, SWITCHBOARD_DEFAULT_PROVIDER: defaultProvider });

function where(model: string, config = withDefault('openai')): string {
  const resolved = resolveModel(model, config);
  if (!resolved.ok) {
    const error = resolveFailureToError(resolved.error);
    return `${error.status} ${error.code}`;
  }
  return `${resolved.value.provider.id}:${resolved.value.model}`;
}

describe('bare model ids find their provider', () => {
  const families: [string, string][] = [
    ['claude-sonnet-4-5-20250929', 'anthropic'],
    ['claude-3-7-sonnet-latest', 'anthropic'],
    ['gemini-2.5-pro', 'gemini'],
    ['gemini-3-flash-preview', 'gemini'],
    ['gpt-4o-mini', 'openai'],
    ['gpt-5', 'openai'],
    ['o1', 'openai'],
    ['o3-mini', 'openai'],
    ['o4-mini-2025-04-16', 'openai'],
    ['chatgpt-4o-latest', 'openai'],
    ['deepseek-chat', 'deepseek'],
    ['grok-4', 'xai'],
  ];
  for (const [model, provider] of families) {
    it(`${model} → ${provider}, before the default provider`, () => {
      expect(where(model, withDefault('deepseek'))).toBe(`${provider}:${model}`);
    });
  }

  it('a catalog id goes to the provider that lists it', () => {
    expect(where('llama-3.3-70b-versatile', withDefault('openai', { GROQ_API_KEY: 'gq' }))).toBe('groq:llama-3.3-70b-versatile');
  });

  it('an unknown bare id is a 404 model_not_found when the default provider is not an aggregator', () => {
    expect(where('llama3.2')).toBe('404 model_not_found');
    expect(where('meta-llama/Llama-3.3-70B')).toBe('404 model_not_found');
  });

  it('an unknown id goes to an aggregator default, slashes and all', () => {
    const config = withDefault('openrouter', { OPENROUTER_API_KEY: 'or' });
    expect(where('meta-llama/llama-3.3-70b-instruct', config)).toBe('openrouter:meta-llama/llama-3.3-70b-instruct');
    expect(where('some-new-model', config)).toBe('openrouter:some-new-model');
  });

  it('a known family whose provider is not configured says so, unless the default is an aggregator', () => {
    const noAnthropic = loadConfig({ OPENAI_API_KEY: 'sk-o', SWITCHBOARD_DEFAULT_PROVIDER: 'openai' });
    expect(where('claude-sonnet-4-5', noAnthropic)).toBe('400 provider_not_configured');
    const aggregated = loadConfig({ OPENROUTER_API_KEY: 'or', SWITCHBOARD_DEFAULT_PROVIDER: 'openrouter' });
    expect(where('claude-sonnet-4-5', aggregated)).toBe('openrouter:claude-sonnet-4-5');
    expect(where('anthropic/claude-sonnet-4.5', aggregated)).toBe('openrouter:anthropic/claude-sonnet-4.5');
  });

  it('a configured aggregator flag in SWITCHBOARD_CONFIG is honoured for custom providers', () => {
    const config = loadConfig({
      SWITCHBOARD_DEFAULT_PROVIDER: 'lab',
      SWITCHBOARD_CONFIG: JSON.stringify({ providers: { lab: { adapter: 'openai', baseUrl: 'https://lab.test/v1', aggregator: true } } }),
    });
    expect(where('qwen3-32b', config)).toBe('lab:qwen3-32b');
  });

  it('provider/model still wins over everything', () => {
    expect(where('anthropic/gpt-4o')).toBe('anthropic:gpt-4o');
    expect(where('mistral/mistral-large-latest')).toBe('400 provider_not_configured');
  });
});
