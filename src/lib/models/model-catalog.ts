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

export type Capability = 'chat' | 'tools' | 'vision' | 'reasoning' | 'json_schema' | 'embeddings';

export interface ModelInfo {
  contextWindow?: number;
  maxOutputTokens?: number;
  capabilities: Capability[];
  price?: ModelPrice;
}

const chatVisionTools: Capability[] = ['chat', 'tools', 'vision', 'json_schema'];
const reasoning: Capability[] = [...chatVisionTools, 'reasoning'];

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
    },
    'gpt-5-mini': {
      contextWindow: 400_000,
      maxOutputTokens: 128_000,
      capabilities: reasoning,
    },
    'gpt-5-nano': {
      contextWindow: 400_000,
      maxOutputTokens: 128_000,
      capabilities: reasoning,
    },
    o3: { contextWindow: 200_000, maxOutputTokens: 100_000, capabilities: reasoning },
    'o4-mini': {
      contextWindow: 200_000,
      maxOutputTokens: 100_000,
      capabilities: reasoning,
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
