/**
 * `POST /v1/messages`: Anthropic Messages, streaming and not, to any provider (its token count,
 * `POST /v1/messages/count_tokens`, is in count-tokens.ts). Errors in Anthropic's shape.
 */
import { Hono } from 'hono';
import { parseSurfaceRequest } from '../lib/fidelity/surface-parse';
import type { AppEnv } from '../lib/http/context';
import { readJson } from '../lib/http/validation';
import { runChatPipeline } from '../lib/pipeline/chat-pipeline';
import { forwardableRequest } from '../lib/pipeline/forwardable-request';
import { surfaceStreamResponse } from '../lib/pipeline/surface-stream';
import { encodeMessagesStreamError, messagesStandIn } from '../surfaces/anthropic/forward';
import { toCanonicalRequest } from '../surfaces/anthropic/request';
import { messagesRequestSchema } from '../surfaces/anthropic/request-schema';
import { toAnthropicMessage } from '../surfaces/anthropic/response';
import { anthropicStreamEncoder } from '../surfaces/anthropic/stream';
import { anthropicStrictRefusal, anthropicValidationError } from '../surfaces/anthropic/validation-error';

const anthropicWording = { toError: anthropicValidationError, refuse: anthropicStrictRefusal };

/** Set when a tool_use `input` had to be replaced by `{}` because the model's JSON was invalid. */
export const INVALID_TOOL_INPUT_HEADER = 'x-switchboard-invalid-tool-input';

export const messagesRoutes = new Hono<AppEnv>().post('/v1/messages', async (c) => {
  let stopSequences: string[] | undefined;
  const request = forwardableRequest(c, 'anthropic-messages', await readJson(c.req.raw), {
    strict: (body) => {
      const messages = parseSurfaceRequest(c, messagesRequestSchema, body, anthropicWording);
      stopSequences = messages.stop_sequences;
      return toCanonicalRequest(messages);
    },
    standIn: messagesStandIn,
  });
  if (request.stream) {
    return surfaceStreamResponse(c, runChatPipeline(c, request, 'messages'), {
      encoder: () => anthropicStreamEncoder({ requestId: c.get('requestId'), stopSequences }),
      encodeError: encodeMessagesStreamError(c.get('requestId')),
      model: request.model,
    });
  }
  const output = await runChatPipeline(c, request, 'messages');
  if (output.kind === 'stream') throw new Error('a stream for a non-stream request');
  if (output.forwarded) return c.body(output.forwarded.body, 200, { 'content-type': output.forwarded.contentType ?? 'application/json' });
  const { message, invalidToolInputs } = toAnthropicMessage(output.result, { stopSequences });
  if (invalidToolInputs.length > 0) c.header(INVALID_TOOL_INPUT_HEADER, invalidToolInputs.join(','));
  return c.json(message);
});
