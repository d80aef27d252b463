/**
 * Sampling, output and thinking parameters → Gemini `generationConfig`. Parameters Gemini has
 * no equivalent for are a clear 400 (see `unsupported.ts`), never silently dropped.
 */
import type { ChatRequest } from '../../lib/canonical';
import { toGeminiSchema } from './schema';
import type { GeminiSchema } from './wire';

export interface GenerationConfig {
  temperature?: number;
  topP?: number;
  topK?: number;
  maxOutputTokens?: number;
  stopSequences?: string[];
  candidateCount?: number;
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseMimeType?: string;
  responseSchema?: GeminiSchema;
  thinkingConfig?: { thinkingBudget?: number; includeThoughts?: boolean };
}

/**
 * `reasoning_effort` → thinking budget, as Google's own OpenAI-compatible endpoint maps it
 * (low 1,024, medium 8,192, high 24,576; `none` turns thinking off).
 */
const EFFORT_BUDGET: Record<string, number> = { none: 0, minimal: 512, low: 1024, medium: 8192, high: 24_576, xhigh: 32_768 };

function thinkingConfig(request: ChatRequest): GenerationConfig['thinkingConfig'] {
  if (request.thinking?.type === 'disabled') return { thinkingBudget: 0 };
  if (request.thinking?.type === 'enabled') return { thinkingBudget: request.thinking.budget_tokens, includeThoughts: true };
  if (request.reasoning_effort == null) return undefined;
  const thinkingBudget = EFFORT_BUDGET[request.reasoning_effort] ?? 0;
  return thinkingBudget === 0 ? { thinkingBudget } : { thinkingBudget, includeThoughts: true };
}

export function toGenerationConfig(request: ChatRequest): GenerationConfig | undefined {
  const config: GenerationConfig = {};
  if (request.temperature != null) config.temperature = request.temperature;
  if (request.top_p != null) config.topP = request.top_p;
  if (request.top_k != null) config.topK = request.top_k;
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (maxTokens != null) config.maxOutputTokens = maxTokens;
  if (request.stop != null) config.stopSequences = typeof request.stop === 'string' ? [request.stop] : request.stop;
  if (request.n != null) config.candidateCount = request.n;
  if (request.seed != null) config.seed = request.seed;
  if (request.presence_penalty != null) config.presencePenalty = request.presence_penalty;
  if (request.frequency_penalty != null) config.frequencyPenalty = request.frequency_penalty;
  const format = request.response_format;
  if (format?.type === 'json_object' || format?.type === 'json_schema') config.responseMimeType = 'application/json';
  if (format?.type === 'json_schema' && format.json_schema.schema) {
    config.responseSchema = toGeminiSchema(format.json_schema.schema, 'response_format.json_schema.schema', { orderProperties: true });
  }
  const thinking = thinkingConfig(request);
  if (thinking) config.thinkingConfig = thinking;
  return Object.keys(config).length ? config : undefined;
}
