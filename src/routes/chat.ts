/** `POST /v1/chat/completions`: OpenAI Chat Completions, streaming and not, to any provider. */
import { Hono } from 'hono';
import { chatRequestSchema } from '../lib/chat-request-schema';
import { parseSurfaceRequest } from '../lib/fidelity/surface-parse';
import type { AppEnv } from '../lib/http/context';
import { invalidRequest } from '../lib/http/errors';
import { readJson } from '../lib/http/validation';
import { runChatPipeline } from '../lib/pipeline/chat-pipeline';
import { forwardableRequest } from '../lib/pipeline/forwardable-request';
import { surfaceStreamResponse } from '../lib/pipeline/surface-stream';
import { chatStandIn, encodeChatStreamError } from '../surfaces/openai/forward';
import { restoreEchoedReasoning } from '../surfaces/openai/reasoning-echo';
import { toOpenAIChatCompletion } from '../surfaces/openai/response';
import { openAIStreamEncoder } from '../surfaces/openai/stream';

export const chatRoutes = new Hono<AppEnv>().post('/v1/chat/completions', async (c) => {
  const request = forwardableRequest(c, 'openai-chat', await readJson(c.req.raw), {
    strict: (body) => restoreEchoedReasoning(parseSurfaceRequest(c, chatRequestSchema, body)),
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
    return surfaceStreamResponse(c, runChatPipeline(c, request, 'chat'), {
      encoder,
      encodeError: encodeChatStreamError(c.get('requestId')),
      model: request.model,
    });
  }
  const output = await runChatPipeline(c, request, 'chat');
  if (output.kind === 'stream') throw new Error('a stream for a non-stream request');
  if (output.forwarded) return c.body(output.forwarded.body, 200, { 'content-type': output.forwarded.contentType ?? 'application/json' });
  return c.json(toOpenAIChatCompletion(output.result, { legacyFunctions }));
});
