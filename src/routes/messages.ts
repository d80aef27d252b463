/**
 * `POST /v1/messages`: Anthropic Messages, streaming and not, to any provider; and
 * `POST /v1/messages/count_tokens`: the target provider's exact count where it has one, else
 * an estimate (`estimated` says which). Errors in Anthropic's shape.
 */
import { Hono } from 'hono';
import { getConfig } from '../lib/config';
import { parseSurfaceRequest } from '../lib/fidelity/surface-parse';
import type { AppEnv } from '../lib/http/context';
import { readJson } from '../lib/http/validation';
import { runChatPipeline } from '../lib/pipeline/chat-pipeline';
import { countPromptTokens } from '../lib/pipeline/count-tokens';
import { forwardableRequest } from '../lib/pipeline/forwardable-request';
import { errorEvents, eventsOf } from '../lib/pipeline/pipeline-events';
import { forwardedBytes } from '../lib/streams/forwarded-stream';
import { keepAliveResponse, streamTiming } from '../lib/streams/keep-alive';
import { SSE_HEADERS } from '../lib/streams/sse';
import { countTokensRequestSchema, estimateInputTokens } from '../surfaces/anthropic/count-tokens';
import { encodeMessagesStreamError, messagesStandIn } from '../surfaces/anthropic/forward';
import { toCanonicalRequest } from '../surfaces/anthropic/request';
import { messagesRequestSchema } from '../surfaces/anthropic/request-schema';
import { toAnthropicMessage } from '../surfaces/anthropic/response';
import { anthropicStreamEncoder } from '../surfaces/anthropic/stream';
import { anthropicStrictRefusal, anthropicValidationError } from '../surfaces/anthropic/validation-error';

const anthropicWording = { toError: anthropicValidationError, refuse: anthropicStrictRefusal };

/** Set when a tool_use `input` had to be replaced by `{}` because the model's JSON was invalid. */
export const INVALID_TOOL_INPUT_HEADER = 'x-switchboard-invalid-tool-input';

export const messagesRoutes = new Hono<AppEnv>()
  .post('/v1/messages', async (c) => {
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
      const encoder = () => anthropicStreamEncoder({ requestId: c.get('requestId'), stopSequences });
      // The same-dialect lane hands back the provider's own bytes; every other stream is encoded here.
      const body = runChatPipeline(c, request, 'messages').then((output) =>
        output.kind === 'stream' && output.forwarded
          ? forwardedBytes(output.events, output.forwarded, encodeMessagesStreamError(c.get('requestId')))
          : eventsOf(output).pipeThrough(encoder()),
      );
      return keepAliveResponse(
        body,
        (error) => errorEvents(error).pipeThrough(encoder()),
        streamTiming(getConfig(c.env), request.model),
        SSE_HEADERS,
      );
    }
    const output = await runChatPipeline(c, request, 'messages');
    if (output.kind === 'stream') throw new Error('a stream for a non-stream request');
    if (output.forwarded) return c.body(output.forwarded.body, 200, { 'content-type': output.forwarded.contentType ?? 'application/json' });
    const { message, invalidToolInputs } = toAnthropicMessage(output.result, { stopSequences });
    if (invalidToolInputs.length > 0) c.header(INVALID_TOOL_INPUT_HEADER, invalidToolInputs.join(','));
    return c.json(message);
  })
  .post('/v1/messages/count_tokens', async (c) => {
    const request = parseSurfaceRequest(c, countTokensRequestSchema, await readJson(c.req.raw), anthropicWording);
    // The provider's own count when it has one (exact), else the estimate.
    const canonical = toCanonicalRequest({ ...request, max_tokens: 1 });
    const counted = await countPromptTokens(c, canonical, () => estimateInputTokens(request));
    return c.json({ input_tokens: counted.inputTokens, estimated: counted.estimated });
  });
