/** `POST /v1/chat/completions`: OpenAI Chat Completions, streaming and not, to any provider. */
import { Hono } from 'hono';
import { chatRequestSchema } from '../lib/chat-request-schema';
import { parseSurfaceRequest } from '../lib/fidelity/surface-parse';
import type { AppEnv } from '../lib/http/context';
import { invalidRequest } from '../lib/http/errors';
import { readJson } from '../lib/http/validation';
import { runChatPipeline } from '../lib/pipeline/chat-pipeline';
import { SSE_HEADERS } from '../lib/streams/sse';
import { toOpenAIChatCompletion } from '../surfaces/openai/response';
import { openAIStreamEncoder } from '../surfaces/openai/stream';

export const chatRoutes = new Hono<AppEnv>().post('/v1/chat/completions', async (c) => {
  const request = parseSurfaceRequest(c, chatRequestSchema, await readJson(c.req.raw));
  if (request.stream_options && !request.stream) {
    throw invalidRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options');
  }
  const legacyFunctions = request.functions !== undefined && request.tools === undefined;
  const output = await runChatPipeline(c, request, 'chat');
  if (output.kind === 'stream') {
    const encoder = openAIStreamEncoder({
      includeUsage: request.stream_options?.include_usage === true,
      legacyFunctions,
      requestId: c.get('requestId'),
    });
    return new Response(output.events.pipeThrough(encoder), { headers: SSE_HEADERS });
  }
  return c.json(toOpenAIChatCompletion(output.result, { legacyFunctions }));
});
