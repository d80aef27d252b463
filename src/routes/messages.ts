/**
 * `POST /v1/messages`: Anthropic Messages, streaming and not, to any provider; and
 * `POST /v1/messages/count_tokens`, an estimate. Errors in Anthropic's shape.
 */
import { Hono } from 'hono';
import { getConfig } from '../lib/config';
import type { AppEnv } from '../lib/http/context';
import { readJson, validate } from '../lib/http/validation';
import { runChatPipeline } from '../lib/pipeline/chat-pipeline';
import { errorEvents, eventsOf } from '../lib/pipeline/pipeline-events';
import { keepAliveResponse, streamTiming } from '../lib/streams/keep-alive';
import { SSE_HEADERS } from '../lib/streams/sse';
import { countTokensRequestSchema, estimateInputTokens } from '../surfaces/anthropic/count-tokens';
import { toCanonicalRequest } from '../surfaces/anthropic/request';
import { messagesRequestSchema } from '../surfaces/anthropic/request-schema';
import { toAnthropicMessage } from '../surfaces/anthropic/response';
import { anthropicStreamEncoder } from '../surfaces/anthropic/stream';

/** Set when a tool_use `input` had to be replaced by `{}` because the model's JSON was invalid. */
export const INVALID_TOOL_INPUT_HEADER = 'x-switchboard-invalid-tool-input';

export const messagesRoutes = new Hono<AppEnv>()
  .post('/v1/messages', async (c) => {
    const request = validate(messagesRequestSchema, await readJson(c.req.raw));
    const stopSequences = request.stop_sequences;
    if (request.stream) {
      const encoder = () => anthropicStreamEncoder({ requestId: c.get('requestId'), stopSequences });
      const body = runChatPipeline(c, toCanonicalRequest(request), 'messages').then((output) => eventsOf(output).pipeThrough(encoder()));
      return keepAliveResponse(
        body,
        (error) => errorEvents(error).pipeThrough(encoder()),
        streamTiming(getConfig(c.env), request.model),
        SSE_HEADERS,
      );
    }
    const output = await runChatPipeline(c, toCanonicalRequest(request), 'messages');
    if (output.kind === 'stream') throw new Error('a stream for a non-stream request');
    const { message, invalidToolInputs } = toAnthropicMessage(output.result, { stopSequences });
    if (invalidToolInputs.length > 0) c.header(INVALID_TOOL_INPUT_HEADER, invalidToolInputs.join(','));
    return c.json(message);
  })
  .post('/v1/messages/count_tokens', async (c) => {
    const request = validate(countTokensRequestSchema, await readJson(c.req.raw));
    return c.json({ input_tokens: estimateInputTokens(request), estimated: true });
  });
