import type { ChatResult, ResultChoice } from '../../lib/canonical';
import { readWire } from '../read-wire';
import { splitContent } from './content';
import { mapOpenAIFinishReason } from './finish-reason';
import { mapOpenAIUsage } from './usage';
import { completion } from './wire';

export function parseOpenAIChatResponse(body: unknown): ChatResult {
  const wire = readWire(completion, body, 'a chat completion');
  const choices: ResultChoice[] = wire.choices.map((choice, position) => {
    const { text, reasoning } = splitContent(choice.message.content);
    const message: ResultChoice['message'] = { content: text };
    const reasoningText = choice.message.reasoning_content ?? choice.message.reasoning ?? reasoning;
    if (reasoningText) message.reasoning = reasoningText;
    if (choice.message.refusal != null) message.refusal = choice.message.refusal;
    if (choice.message.tool_calls?.length) {
      message.toolCalls = choice.message.tool_calls.map((call, index) => ({
        id: call.id ?? `call_${index}`,
        name: call.function.name,
        arguments: call.function.arguments ?? '',
      }));
    }
    if (choice.message.function_call) {
      message.functionCall = {
        name: choice.message.function_call.name,
        arguments: choice.message.function_call.arguments ?? '',
      };
    }
    const result: ResultChoice = {
      index: choice.index ?? position,
      message,
      finishReason: choice.finish_reason ? mapOpenAIFinishReason(choice.finish_reason) : null,
    };
    if (choice.logprobs !== undefined) result.logprobs = choice.logprobs;
    return result;
  });
  const result: ChatResult = {
    id: wire.id ?? '',
    model: wire.model ?? '',
    created: wire.created ?? Math.floor(Date.now() / 1000),
    choices,
  };
  if (wire.usage) result.usage = mapOpenAIUsage(wire.usage);
  if (wire.system_fingerprint !== undefined) result.systemFingerprint = wire.system_fingerprint;
  if (wire.service_tier !== undefined) result.serviceTier = wire.service_tier;
  return result;
}
