/**
 * Built-in providers: which adapter serves each, where its credential and base URL come from.
 * OpenAI-compatible hosts are rows here, not code. More can be added in SWITCHBOARD_CONFIG.
 * A provider is configured when its key variable is set (or, for keyless self-hosted
 * servers, when its base URL variable is set).
 */
import type { AdapterKind, OpenAICompatibleOptions } from './types';

export interface ProviderDefinition {
  adapter: AdapterKind;
  /** Env var holding the credential. */
  apiKeyVar?: string;
  /** Env var overriding the base URL. */
  baseUrlVar: string;
  defaultBaseUrl?: string;
  /** Keyless providers (self-hosted) are configured by their base URL alone. */
  keyless?: boolean;
  options?: OpenAICompatibleOptions;
  /** Human name for /v1/models. */
  label: string;
  /** Bare model ids that are this provider's (`claude-…`), routed here when it is configured. */
  modelIds?: RegExp;
}

export const builtInProviders = {
  openai: {
    adapter: 'openai',
    label: 'OpenAI',
    apiKeyVar: 'OPENAI_API_KEY',
    baseUrlVar: 'OPENAI_BASE_URL',
    defaultBaseUrl: 'https://api.openai.com/v1',
    options: { responsesApi: true, responsesStore: true, inputTokensApi: true },
    modelIds: /^(gpt-|chatgpt-|o[1-9](-|$)|ft:gpt-)/,
  },
  anthropic: {
    adapter: 'anthropic',
    label: 'Anthropic',
    apiKeyVar: 'ANTHROPIC_API_KEY',
    baseUrlVar: 'ANTHROPIC_BASE_URL',
    defaultBaseUrl: 'https://api.anthropic.com',
    modelIds: /^claude-/,
  },
  gemini: {
    adapter: 'gemini',
    label: 'Google Gemini',
    apiKeyVar: 'GEMINI_API_KEY',
    baseUrlVar: 'GEMINI_BASE_URL',
    defaultBaseUrl: 'https://generativelanguage.googleapis.com',
    modelIds: /^gemini-/,
  },
  azure: {
    adapter: 'azure',
    label: 'Azure OpenAI',
    apiKeyVar: 'AZURE_OPENAI_API_KEY',
    baseUrlVar: 'AZURE_OPENAI_ENDPOINT',
    options: { authHeader: 'api-key', responsesApi: true, responsesStore: true },
  },
  deepseek: {
    adapter: 'openai',
    label: 'DeepSeek',
    apiKeyVar: 'DEEPSEEK_API_KEY',
    baseUrlVar: 'DEEPSEEK_BASE_URL',
    defaultBaseUrl: 'https://api.deepseek.com',
    modelIds: /^deepseek-/,
  },
  groq: {
    adapter: 'openai',
    label: 'Groq',
    apiKeyVar: 'GROQ_API_KEY',
    baseUrlVar: 'GROQ_BASE_URL',
    defaultBaseUrl: 'https://api.groq.com/openai/v1',
    options: { responsesApi: true, aggregator: true },
  },
  mistral: {
    adapter: 'openai',
    label: 'Mistral',
    apiKeyVar: 'MISTRAL_API_KEY',
    baseUrlVar: 'MISTRAL_BASE_URL',
    defaultBaseUrl: 'https://api.mistral.ai/v1',
  },
  together: {
    adapter: 'openai',
    label: 'Together AI',
    apiKeyVar: 'TOGETHER_API_KEY',
    baseUrlVar: 'TOGETHER_BASE_URL',
    defaultBaseUrl: 'https://api.together.xyz/v1',
    options: { aggregator: true },
  },
  openrouter: {
    adapter: 'openai',
    label: 'OpenRouter',
    apiKeyVar: 'OPENROUTER_API_KEY',
    baseUrlVar: 'OPENROUTER_BASE_URL',
    defaultBaseUrl: 'https://openrouter.ai/api/v1',
    options: { responsesApi: true, aggregator: true },
  },
  xai: {
    adapter: 'openai',
    label: 'xAI',
    apiKeyVar: 'XAI_API_KEY',
    baseUrlVar: 'XAI_BASE_URL',
    defaultBaseUrl: 'https://api.x.ai/v1',
    options: { responsesApi: true, responsesStore: true },
    modelIds: /^grok-/,
  },
  ollama: { adapter: 'openai', label: 'Ollama (self-hosted)', baseUrlVar: 'OLLAMA_BASE_URL', keyless: true, options: { aggregator: true } },
  vllm: {
    adapter: 'openai',
    label: 'vLLM (self-hosted)',
    apiKeyVar: 'VLLM_API_KEY',
    baseUrlVar: 'VLLM_BASE_URL',
    keyless: true,
    options: { aggregator: true },
  },
} as const satisfies Record<string, ProviderDefinition>;

export type BuiltInProviderId = keyof typeof builtInProviders;
