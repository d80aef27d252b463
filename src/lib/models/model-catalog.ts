/**
 * What is known of well-known models: context window, output limit, capabilities and list
 * price (USD per million tokens). Prices are the providers' published list prices as of
 * 2025; operators override them in SWITCHBOARD_CONFIG. Model ids stay open: a model missing
 * here still routes, it only lacks metadata (and is priced at zero until configured).
 */

export interface ModelPrice {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

export type Capability = 'chat' | 'tools' | 'vision' | 'reasoning' | 'json_schema' | 'embeddings';

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

/** Keyed by provider id, then upstream model id. */
export const modelCatalog: Record<string, Record<string, ModelInfo>> = {
  openai: {
    'gpt-4o': {
      contextWindow: 128_000,
      maxOutputTokens: 16_384,
      capabilities: chatVisionTools,
      price: { input: 2.5, output: 10, cacheRead: 1.25 },
    },
    'gpt-4o-mini': {
      contextWindow: 128_000,
      maxOutputTokens: 16_384,
      capabilities: chatVisionTools,
      price: { input: 0.15, output: 0.6, cacheRead: 0.075 },
    },
    'gpt-4.1': {
      contextWindow: 1_047_576,
      maxOutputTokens: 32_768,
      capabilities: chatVisionTools,
      price: { input: 2, output: 8, cacheRead: 0.5 },
    },
    'gpt-4.1-mini': {
      contextWindow: 1_047_576,
      maxOutputTokens: 32_768,
      capabilities: chatVisionTools,
      price: { input: 0.4, output: 1.6, cacheRead: 0.1 },
    },
    'gpt-4.1-nano': {
      contextWindow: 1_047_576,
      maxOutputTokens: 32_768,
      capabilities: chatVisionTools,
      price: { input: 0.1, output: 0.4, cacheRead: 0.025 },
    },
    'gpt-5': {
      contextWindow: 400_000,
      maxOutputTokens: 128_000,
      capabilities: reasoning,
      reasoningParameters: true,
      price: { input: 1.25, output: 10, cacheRead: 0.125 },
    },
    'gpt-5-mini': {
      contextWindow: 400_000,
      maxOutputTokens: 128_000,
      capabilities: reasoning,
      reasoningParameters: true,
      price: { input: 0.25, output: 2, cacheRead: 0.025 },
    },
    'gpt-5-nano': {
      contextWindow: 400_000,
      maxOutputTokens: 128_000,
      capabilities: reasoning,
      reasoningParameters: true,
      price: { input: 0.05, output: 0.4, cacheRead: 0.005 },
    },
    o3: {
      contextWindow: 200_000,
      maxOutputTokens: 100_000,
      capabilities: reasoning,
      reasoningParameters: true,
      price: { input: 2, output: 8, cacheRead: 0.5 },
    },
    'o4-mini': {
      contextWindow: 200_000,
      maxOutputTokens: 100_000,
      capabilities: reasoning,
      reasoningParameters: true,
      price: { input: 1.1, output: 4.4, cacheRead: 0.275 },
    },
    'text-embedding-3-small': { contextWindow: 8191, capabilities: ['embeddings'], price: { input: 0.02, output: 0 } },
    'text-embedding-3-large': { contextWindow: 8191, capabilities: ['embeddings'], price: { input: 0.13, output: 0 } },
  },
  anthropic: {
    'claude-sonnet-4-5': {
      contextWindow: 200_000,
      maxOutputTokens: 64_000,
      capabilities: reasoning,
      price: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
    },
    'claude-opus-4-1': {
      contextWindow: 200_000,
      maxOutputTokens: 32_000,
      capabilities: reasoning,
      price: { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
    },
    'claude-haiku-4-5': {
      contextWindow: 200_000,
      maxOutputTokens: 64_000,
      capabilities: reasoning,
      price: { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
    },
    'claude-3-5-haiku-latest': {
      contextWindow: 200_000,
      maxOutputTokens: 8192,
      capabilities: chatVisionTools,
      price: { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 },
    },
  },
  gemini: {
    'gemini-2.5-pro': {
      contextWindow: 1_048_576,
      maxOutputTokens: 65_536,
      capabilities: reasoning,
      price: { input: 1.25, output: 10, cacheRead: 0.31 },
    },
    'gemini-2.5-flash': {
      contextWindow: 1_048_576,
      maxOutputTokens: 65_536,
      capabilities: reasoning,
      price: { input: 0.3, output: 2.5, cacheRead: 0.075 },
    },
    'gemini-2.5-flash-lite': {
      contextWindow: 1_048_576,
      maxOutputTokens: 65_536,
      capabilities: reasoning,
      price: { input: 0.1, output: 0.4, cacheRead: 0.025 },
    },
    'gemini-embedding-001': { contextWindow: 2048, capabilities: ['embeddings'], price: { input: 0.15, output: 0 } },
    'text-embedding-004': { contextWindow: 2048, capabilities: ['embeddings'], price: { input: 0, output: 0 } },
  },
  deepseek: {
    'deepseek-chat': {
      contextWindow: 128_000,
      maxOutputTokens: 8192,
      capabilities: ['chat', 'tools', 'json_schema'],
      price: { input: 0.28, output: 0.42, cacheRead: 0.028 },
    },
    'deepseek-reasoner': {
      contextWindow: 128_000,
      maxOutputTokens: 64_000,
      capabilities: ['chat', 'reasoning'],
      price: { input: 0.28, output: 0.42, cacheRead: 0.028 },
    },
  },
  groq: {
    'llama-3.3-70b-versatile': {
      contextWindow: 131_072,
      maxOutputTokens: 32_768,
      capabilities: ['chat', 'tools'],
      price: { input: 0.59, output: 0.79 },
    },
    'openai/gpt-oss-120b': {
      contextWindow: 131_072,
      maxOutputTokens: 65_536,
      capabilities: ['chat', 'tools', 'reasoning'],
      price: { input: 0.15, output: 0.75 },
    },
  },
  mistral: {
    'mistral-large-latest': { contextWindow: 131_072, capabilities: ['chat', 'tools', 'json_schema'], price: { input: 2, output: 6 } },
    'mistral-small-latest': {
      contextWindow: 131_072,
      capabilities: ['chat', 'tools', 'vision', 'json_schema'],
      price: { input: 0.1, output: 0.3 },
    },
  },
};

export function modelInfo(provider: string, model: string): ModelInfo | undefined {
  return modelCatalog[provider]?.[model];
}
