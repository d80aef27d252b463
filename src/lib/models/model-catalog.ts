/**
 * What is known of well-known models: context window, output limit and capabilities. Prices
 * are not kept here: they come from the vendored, maintained dataset (vendored-prices.ts),
 * and operators override them in SWITCHBOARD_CONFIG `pricing`; `price` here is only for an
 * entry the dataset lacks. Model ids stay open: a model missing here still routes, it only
 * lacks metadata (and is priced at zero until the dataset or the config prices it).
 * The dataset has no embedding models: their list prices are kept here.
 */

export interface ModelPrice {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
  /** Cache writes with a 1-hour TTL (Anthropic: 2× input); absent → `cacheWrite`. */
  cacheWrite1h?: number;
  /** Prices for long prompts: a request whose input passes `fromInputTokens` is priced at `price` throughout. */
  tiers?: { fromInputTokens: number; price: Omit<ModelPrice, 'tiers'> }[];
}

/** `responses_only`: served by OpenAI's Responses API and not by chat completions. */
export type Capability = 'chat' | 'tools' | 'vision' | 'reasoning' | 'json_schema' | 'embeddings' | 'responses_only';

export interface ModelInfo {
  contextWindow?: number;
  maxOutputTokens?: number;
  capabilities: Capability[];
  price?: ModelPrice;
  /**
   * Takes `max_completion_tokens` and refuses sampling parameters (temperature, top_p,
   * penalties, logprobs): OpenAI's reasoning models (o-series, gpt-5 family).
   */
  reasoningParameters?: boolean;
}

const chatVisionTools: Capability[] = ['chat', 'tools', 'vision', 'json_schema'];
const reasoning: Capability[] = [...chatVisionTools, 'reasoning'];
const responsesOnly: Capability[] = [...reasoning, 'responses_only'];

/** Keyed by provider id, then upstream model id. */
export const modelCatalog: Record<string, Record<string, ModelInfo>> = {
  openai: {
    'gpt-4o': {
      contextWindow: 128_000,
      maxOutputTokens: 16_384,
      capabilities: chatVisionTools,
    },
    'gpt-4o-mini': {
      contextWindow: 128_000,
      maxOutputTokens: 16_384,
      capabilities: chatVisionTools,
    },
    'gpt-4.1': {
      contextWindow: 1_047_576,
      maxOutputTokens: 32_768,
      capabilities: chatVisionTools,
    },
    'gpt-4.1-mini': {
      contextWindow: 1_047_576,
      maxOutputTokens: 32_768,
      capabilities: chatVisionTools,
    },
    'gpt-4.1-nano': {
      contextWindow: 1_047_576,
      maxOutputTokens: 32_768,
      capabilities: chatVisionTools,
    },
    'gpt-5': {
      contextWindow: 400_000,
      maxOutputTokens: 128_000,
      capabilities: reasoning,
      reasoningParameters: true,
    },
    'gpt-5-mini': {
      contextWindow: 400_000,
      maxOutputTokens: 128_000,
      capabilities: reasoning,
      reasoningParameters: true,
    },
    'gpt-5-nano': {
      contextWindow: 400_000,
      maxOutputTokens: 128_000,
      capabilities: reasoning,
      reasoningParameters: true,
    },
    o3: { contextWindow: 200_000, maxOutputTokens: 100_000, capabilities: reasoning, reasoningParameters: true },
    'o4-mini': {
      contextWindow: 200_000,
      maxOutputTokens: 100_000,
      capabilities: reasoning,
      reasoningParameters: true,
    },
    'o1-pro': { contextWindow: 200_000, maxOutputTokens: 100_000, capabilities: responsesOnly, price: { input: 150, output: 600 } },
    'o3-pro': { contextWindow: 200_000, maxOutputTokens: 100_000, capabilities: responsesOnly, price: { input: 20, output: 80 } },
    'gpt-5-pro': { contextWindow: 400_000, maxOutputTokens: 272_000, capabilities: responsesOnly, price: { input: 15, output: 120 } },
    'gpt-5-codex': {
      contextWindow: 400_000,
      maxOutputTokens: 128_000,
      capabilities: responsesOnly,
      price: { input: 1.25, output: 10, cacheRead: 0.125 },
    },
    'codex-mini-latest': {
      contextWindow: 200_000,
      maxOutputTokens: 100_000,
      capabilities: responsesOnly,
      price: { input: 1.5, output: 6, cacheRead: 0.375 },
    },
    'text-embedding-3-small': { contextWindow: 8191, capabilities: ['embeddings'], price: { input: 0.02, output: 0 } },
    'text-embedding-3-large': { contextWindow: 8191, capabilities: ['embeddings'], price: { input: 0.13, output: 0 } },
  },
  anthropic: {
    'claude-sonnet-4-5': {
      contextWindow: 200_000,
      maxOutputTokens: 64_000,
      capabilities: reasoning,
    },
    'claude-opus-4-1': {
      contextWindow: 200_000,
      maxOutputTokens: 32_000,
      capabilities: reasoning,
    },
    'claude-haiku-4-5': {
      contextWindow: 200_000,
      maxOutputTokens: 64_000,
      capabilities: reasoning,
    },
    'claude-3-5-haiku-latest': {
      contextWindow: 200_000,
      maxOutputTokens: 8192,
      capabilities: chatVisionTools,
    },
  },
  gemini: {
    'gemini-2.5-pro': {
      contextWindow: 1_048_576,
      maxOutputTokens: 65_536,
      capabilities: reasoning,
    },
    'gemini-2.5-flash': {
      contextWindow: 1_048_576,
      maxOutputTokens: 65_536,
      capabilities: reasoning,
    },
    'gemini-2.5-flash-lite': {
      contextWindow: 1_048_576,
      maxOutputTokens: 65_536,
      capabilities: reasoning,
    },
    'gemini-embedding-001': { contextWindow: 2048, capabilities: ['embeddings'], price: { input: 0.15, output: 0 } },
    'text-embedding-004': { contextWindow: 2048, capabilities: ['embeddings'], price: { input: 0, output: 0 } },
  },
  deepseek: {
    'deepseek-chat': {
      contextWindow: 128_000,
      maxOutputTokens: 8192,
      capabilities: ['chat', 'tools', 'json_schema'],
    },
    'deepseek-reasoner': {
      contextWindow: 128_000,
      maxOutputTokens: 64_000,
      capabilities: ['chat', 'reasoning'],
    },
  },
  groq: {
    'llama-3.3-70b-versatile': {
      contextWindow: 131_072,
      maxOutputTokens: 32_768,
      capabilities: ['chat', 'tools'],
    },
    'openai/gpt-oss-120b': {
      contextWindow: 131_072,
      maxOutputTokens: 65_536,
      capabilities: ['chat', 'tools', 'reasoning'],
    },
  },
  xai: {
    'grok-3-mini': {
      contextWindow: 131_072,
      capabilities: ['chat', 'tools', 'reasoning'],
    },
  },
  mistral: {
    'mistral-large-latest': { contextWindow: 131_072, capabilities: ['chat', 'tools', 'json_schema'] },
    'mistral-small-latest': {
      contextWindow: 131_072,
      capabilities: ['chat', 'tools', 'vision', 'json_schema'],
    },
  },
};

export function modelInfo(provider: string, model: string): ModelInfo | undefined {
  return modelCatalog[provider]?.[model];
}

/**
 * Model families that exist only on OpenAI's Responses API, for ids the catalog does not list
 * (dated snapshots, new versions and variants): `o3-pro-2025-06-10`, `gpt-5.2-pro`,
 * `gpt-5.1-codex-max`, `codex-mini-latest` … Azure deployments are usually named after their model, so the same
 * families apply there; any other deployment name is set in SWITCHBOARD_CONFIG `api`.
 */
const openaiResponsesOnly = /^(o\d+-pro|gpt-\d+(\.\d+)?-pro|gpt-\d+(\.\d+)?-codex|codex-mini)(-|$)/;
const responsesOnlyFamilies: Record<string, RegExp> = { openai: openaiResponsesOnly, azure: openaiResponsesOnly };

/** Whether `provider/model` must be called through the Responses API (no chat completions). */
export function requiresResponsesApi(provider: string, model: string): boolean {
  const info = modelInfo(provider, model);
  if (info) return info.capabilities.includes('responses_only');
  return responsesOnlyFamilies[provider]?.test(model) ?? false;
}
