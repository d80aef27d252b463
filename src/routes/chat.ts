/** `POST /v1/chat/completions`: OpenAI Chat Completions, streaming and not, to any provider. */
import { Hono } from 'hono';
import { chatRequestSchema } from '../lib/chat-request-schema';
import { parseSurfaceRequest } from '../lib/fidelity/surface-parse';
import type { AppEnv } from '../lib/http/context';
import { invalidRequest } from '../lib/http/errors';
import { readJson } from '../lib/http/validation';
import { runChatPipeline } from '../lib/pipeline/chat-pipeline';
import { forwardableRequest } from '../lib/pipeline/forwardable-request';
import { forwardedBytes } from '../lib/streams/forwarded-stream';
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
  const output = await runChatPipeline(c, request, 'chat');
  if (output.kind === 'stream') {
    if (output.forwarded) {
      const bytes = forwardedBytes(output.events, output.forwarded, encodeChatStreamError(c.get('requestId')));
      return new Response(bytes, { headers: SSE_HEADERS });
    }
    const encoder = openAIStreamEncoder({
      includeUsage: request.stream_options?.include_usage === true,
      legacyFunctions,
      requestId: c.get('requestId'),
    });
    return new Response(output.events.pipeThrough(encoder), { headers: SSE_HEADERS });
  }
  if (output.forwarded) return c.body(output.forwarded.body, 200, { 'content-type': output.forwarded.contentType ?? 'application/json' });
  return c.json(toOpenAIChatCompletion(output.result, { legacyFunctions }));
});
