import type { ChatResult, FinishReason } from '../../lib/canonical';
import { firstCallSignature } from './reasoning-echo';
import { toOpenAIUsage } from './usage';

export interface OpenAIEncodeOptions {
  /** The caller used the legacy `functions` parameter: answer with `function_call`. */
  legacyFunctions?: boolean;
}

const finishFor = (reason: FinishReason | null, legacy: boolean) => (legacy && reason === 'tool_calls' ? 'function_call' : reason);

/** Canonical result → OpenAI `chat.completion` JSON. */
export function toOpenAIChatCompletion(result: ChatResult, options: OpenAIEncodeOptions = {}): Record<string, unknown> {
  const legacy = options.legacyFunctions === true;
  return {
    id: result.id,
    object: 'chat.completion',
    created: result.created,
    model: result.model,
    choices: result.choices.map((choice) => {
      const source = choice.message;
      const message: Record<string, unknown> = { role: 'assistant', content: source.content, refusal: source.refusal ?? null };
      if (source.reasoning) message.reasoning_content = source.reasoning;
      if (source.reasoningBlocks?.length) message.thinking_blocks = source.reasoningBlocks;
      const calls = source.toolCalls ?? [];
      if (legacy && (source.functionCall || calls[0])) {
        message.function_call = source.functionCall ?? { name: calls[0]?.name, arguments: calls[0]?.arguments };
      } else if (calls.length) {
        const first = firstCallSignature(source.reasoningBlocks, calls);
        message.tool_calls = calls.map((call, position) => {
          const signature = position === 0 ? first : call.signature;
          return {
            id: call.id,
            type: 'function',
            function: { name: call.name, arguments: call.arguments },
            ...(signature ? { signature } : {}),
          };
        });
      } else if (source.functionCall) {
        message.function_call = source.functionCall;
      }
      return { index: choice.index, message, logprobs: choice.logprobs ?? null, finish_reason: finishFor(choice.finishReason, legacy) };
    }),
    ...(result.usage ? { usage: toOpenAIUsage(result.usage) } : {}),
    ...(result.serviceTier !== undefined ? { service_tier: result.serviceTier } : {}),
    system_fingerprint: result.systemFingerprint ?? null,
  };
}
