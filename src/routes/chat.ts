/** `POST /v1/chat/completions`: OpenAI Chat Completions, streaming and not, to any provider. */
import { Hono } from 'hono';
import { chatRequestSchema } from '../lib/chat-request-schema';
import { getConfig } from '../lib/config';
import { parseSurfaceRequest } from '../lib/fidelity/surface-parse';
import type { AppEnv } from '../lib/http/context';
import { invalidRequest } from '../lib/http/errors';
import { readJson } from '../lib/http/validation';
import { runChatPipeline } from '../lib/pipeline/chat-pipeline';
import { forwardableRequest } from '../lib/pipeline/forwardable-request';
import { errorEvents, eventsOf } from '../lib/pipeline/pipeline-events';
import { forwardedBytes } from '../lib/streams/forwarded-stream';
import { keepAliveResponse, streamTiming } from '../lib/streams/keep-alive';
import { SSE_HEADERS } from '../lib/streams/sse';
import { chatStandIn, encodeChatStreamError } from '../surfaces/openai/forward';
import { toOpenAIChatCompletion } from '../surfaces/openai/response';
import { openAIStreamEncoder } from '../surfaces/openai/stream';

export const chatRoutes = new Hono<AppEnv>().post('/v1/chat/completions', async (c) => {
  const request = forwardableRequest(c, 'openai-chat', await readJson(c.req.raw), {
    strict: (body) => parseSurfaceRequest(c, chatRequestSchema, body),
    standIn: chatStandIn,
  });
  if (request.stream_options && !request.stream) {
    throw invalidRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options');
  }
  const legacyFunctions = request.functions !== undefined && request.tools === undefined;
  if (request.stream) {
    const encoder = () =>
      openAIStreamEncoder({
        includeUsage: request.stream_options?.include_usage === true,
        legacyFunctions,
        requestId: c.get('requestId'),
      });
    // The same-dialect lane hands back the provider's own bytes; every other stream is encoded here.
    const body = runChatPipeline(c, request, 'chat').then((output) =>
      output.kind === 'stream' && output.forwarded
        ? forwardedBytes(output.events, output.forwarded, encodeChatStreamError(c.get('requestId')))
        : eventsOf(output).pipeThrough(encoder()),
    );
    return keepAliveResponse(
      body,
      (error) => errorEvents(error).pipeThrough(encoder()),
      streamTiming(getConfig(c.env), request.model),
      SSE_HEADERS,
    );
  }
  const output = await runChatPipeline(c, request, 'chat');
  if (output.kind === 'stream') throw new Error('a stream for a non-stream request');
  if (output.forwarded) return c.body(output.forwarded.body, 200, { 'content-type': output.forwarded.contentType ?? 'application/json' });
  return c.json(toOpenAIChatCompletion(output.result, { legacyFunctions }));
});
