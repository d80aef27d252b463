/** The vendored price dataset: match rules, hour-dependent and long-prompt prices, overrides first. */
import { describe, expect, it } from 'vitest';
import { getConfig } from '../../src/lib/config';
import { costNanoUsd, priceFor } from '../../src/lib/models/pricing';
import { vendoredModel } from '../../src/lib/models/vendored-prices';
import { DATASET } from '../../src/lib/models/vendored-prices.generated';

describe('vendored prices', () => {
  it('names its dataset and version', () => {
    expect(DATASET.name).toBe('@pydantic/genai-prices');
    expect(DATASET.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('finds dated and aliased ids by the dataset rules, and nothing for unknown ids', () => {
    expect(vendoredModel('openai', 'gpt-4o-mini-2024-07-18')?.id).toBe('gpt-4o-mini');
    expect(vendoredModel('anthropic', 'claude-sonnet-4-5-20250929')?.id).toBe('claude-sonnet-4-5');
    expect(vendoredModel('openai', 'acct-json-1234')).toBeUndefined();
    expect(priceFor('openai', 'acct-json-1234')).toBeUndefined();
  });

  it('prices by the hour where the provider does (DeepSeek peak hours)', () => {
    const offPeak = priceFor('deepseek', 'deepseek-chat', undefined, Date.UTC(2026, 0, 15, 20, 0));
    const peak = priceFor('deepseek', 'deepseek-chat', undefined, Date.UTC(2026, 0, 15, 10, 0));
    expect(peak?.input).toBeGreaterThan(offPeak?.input ?? Number.POSITIVE_INFINITY);
  });

  it('prices a long prompt at its tier throughout', () => {
    const price = priceFor('anthropic', 'claude-sonnet-4-5');
    const short = costNanoUsd({ inputTokens: 200_000, outputTokens: 0 }, price);
    const long = costNanoUsd({ inputTokens: 200_001, outputTokens: 0 }, price);
    expect(short).toBe(200_000 * 3 * 1000);
    expect(long).toBe(200_001 * 6 * 1000);
  });

  it('lets SWITCHBOARD_CONFIG pricing override the dataset', () => {
    const config = getConfig({ SWITCHBOARD_CONFIG: JSON.stringify({ pricing: { 'openai/gpt-4o-mini': { input: 1, output: 2 } } }) });
    expect(priceFor('openai', 'gpt-4o-mini', config)).toEqual({ input: 1, output: 2 });
    expect(priceFor('openai', 'gpt-4o-mini')?.input).toBe(0.15);
  });
});
