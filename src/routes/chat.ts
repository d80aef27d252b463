/** `POST /v1/chat/completions`: OpenAI Chat Completions, streaming and not, to any provider. */
import { Hono } from 'hono';
import { chatRequestSchema } from '../lib/chat-request-schema';
import { dispatchChat } from '../lib/chat-dispatch';
import { getConfig } from '../lib/config';
import type { AppEnv } from '../lib/context';
import { invalidRequest } from '../lib/errors';
import { gatewayHeaders } from '../lib/gateway-headers';
import { SSE_HEADERS } from '../lib/sse';
import { readJson, validate } from '../lib/validation';
import { toOpenAIChatCompletion } from '../surfaces/openai/response';
import { openAIStreamEncoder } from '../surfaces/openai/stream';

export const chatRoutes = new Hono<AppEnv>().post('/v1/chat/completions', async (c) => {
  const request = validate(chatRequestSchema, await readJson(c.req.raw));
  if (request.stream_options && !request.stream) {
    throw invalidRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options');
  }
  const legacyFunctions = request.functions !== undefined && request.tools === undefined;
  const outcome = await dispatchChat(request, { config: getConfig(c.env), signal: c.req.raw.signal });
  const headers = gatewayHeaders(outcome.target, outcome.attempts);
  if (outcome.kind === 'stream') {
    const body = outcome.stream.events.pipeThrough(
      openAIStreamEncoder({
        includeUsage: request.stream_options?.include_usage === true,
        legacyFunctions,
        requestId: c.get('requestId'),
      }),
    );
    return new Response(body, { headers: { ...SSE_HEADERS, ...headers } });
  }
  return c.json(toOpenAIChatCompletion(outcome.result, { legacyFunctions }), 200, headers);
});
