import type { FinishReason } from '../../lib/canonical';

/** OpenAI and compatible hosts; unknown values (e.g. vLLM `abort`, Ollama `eos`) read as `stop`. */
export function mapOpenAIFinishReason(reason: string): FinishReason {
  switch (reason) {
    case 'length':
    case 'tool_calls':
    case 'content_filter':
    case 'function_call':
      return reason;
    case 'model_length':
      return 'length';
    default:
      return 'stop';
  }
}
