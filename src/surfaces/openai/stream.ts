/**
 * Canonical events → OpenAI `chat.completion.chunk` SSE. The usage chunk (`choices: []`) is
 * sent only when the caller asked for it; the gateway always asks upstream regardless.
 * A terminal error is sent as `data: {"error":…}` (what the openai SDK raises as APIError)
 * and no `[DONE]` follows it.
 */

import type { ChatStreamEvent, ReasoningBlock, Usage } from '../../lib/canonical';
import { errorBody } from '../../lib/http/error-response';
import { batchEncoder, type SurfaceStreamEncoder } from '../../lib/streams/batch-encoder';
import { DONE_SENTINEL, encodeSse } from '../../lib/streams/sse';
import type { EventBatch } from '../../lib/streams/stream-pipeline';
import { firstCallSignature } from './reasoning-echo';
import type { OpenAIEncodeOptions } from './response';
import { toOpenAIUsage } from './usage';

export interface OpenAIStreamOptions extends OpenAIEncodeOptions {
  includeUsage: boolean;
  requestId: string;
}

export function openAIStreamEncoder(options: OpenAIStreamOptions): TransformStream<EventBatch, Uint8Array> {
  return batchEncoder(openAIEventEncoder(options));
}

/** Canonical event → OpenAI SSE text. */
export function openAIEventEncoder(options: OpenAIStreamOptions): SurfaceStreamEncoder {
  const legacy = options.legacyFunctions === true;
  let head = '';
  let tail = '';
  const rolesSent = new Set<number>();
  let usage: Usage | undefined;
  let failed = false;
  /** Reasoning blocks per choice, carried on the choice's first tool call (reasoning-echo.ts). */
  const blocks = new Map<number, ReasoningBlock[]>();

  const chunk = (choice: number, delta: Record<string, unknown>, finishReason: string | null = null, extra = '') => {
    if (!rolesSent.has(choice)) {
      rolesSent.add(choice);
      delta = { role: 'assistant', ...delta };
    }
    return `${head}[{"index":${choice},"delta":${JSON.stringify(delta)}${extra},"logprobs":null,"finish_reason":${finishReason === null ? 'null' : JSON.stringify(finishReason)}}]${tail}`;
  };

  return {
    encode(event: ChatStreamEvent): string {
      if (failed) return '';
      let data: string | undefined;
      switch (event.type) {
        case 'start':
          head = `{"id":${JSON.stringify(event.id)},"object":"chat.completion.chunk","created":${event.created},"model":${JSON.stringify(event.model)},"choices":`;
          tail = `,"system_fingerprint":${JSON.stringify(event.systemFingerprint ?? null)}}`;
          data = chunk(0, { content: '' });
          break;
        case 'text-delta':
          data =
            event.logprobs === undefined
              ? chunk(event.choice, { content: event.text })
              : `${head}[{"index":${event.choice},"delta":${JSON.stringify({ content: event.text })},"logprobs":${JSON.stringify(event.logprobs)},"finish_reason":null}]${tail}`;
          break;
        case 'reasoning-delta':
          data = chunk(event.choice, { reasoning_content: event.text });
          break;
        case 'reasoning-block':
          blocks.set(event.choice, [...(blocks.get(event.choice) ?? []), event.block]);
          data = chunk(event.choice, { thinking_blocks: [event.block] });
          break;
        case 'refusal-delta':
          data = chunk(event.choice, { refusal: event.text });
          break;
        case 'tool-call-start': {
          const signature = event.index === 0 ? firstCallSignature(blocks.get(event.choice), [event]) : event.signature;
          data = legacy
            ? chunk(event.choice, { function_call: { name: event.name, arguments: '' } })
            : chunk(event.choice, {
                tool_calls: [
                  {
                    index: event.index,
                    id: event.id,
                    type: 'function',
                    function: { name: event.name, arguments: '' },
                    ...(signature ? { signature } : {}),
                  },
                ],
              });
          break;
        }
        case 'tool-call-delta':
          data = legacy
            ? chunk(event.choice, { function_call: { arguments: event.arguments } })
            : chunk(event.choice, { tool_calls: [{ index: event.index, function: { arguments: event.arguments } }] });
          break;
        case 'finish':
          data = chunk(event.choice, {}, legacy && event.reason === 'tool_calls' ? 'function_call' : event.reason);
          break;
        case 'usage':
          usage = event.usage;
          break;
        case 'error':
          failed = true;
          data = JSON.stringify(errorBody(event.error, 'openai', options.requestId));
          break;
      }
      return data === undefined ? '' : encodeSse(data);
    },
    finish(): string {
      if (failed) return '';
      let out = '';
      if (options.includeUsage && usage && head) out += encodeSse(`${head}[],"usage":${JSON.stringify(toOpenAIUsage(usage))}${tail}`);
      return out + encodeSse(DONE_SENTINEL);
    },
  };
}
