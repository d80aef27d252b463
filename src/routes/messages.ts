/**
 * `POST /v1/messages`: Anthropic Messages, streaming and not, to any provider; and
 * `POST /v1/messages/count_tokens`: the target provider's exact count where it has one, else
 * an estimate (`estimated` says which). Errors in Anthropic's shape.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../lib/http/context';
import { readJson, validate } from '../lib/http/validation';
import { runChatPipeline } from '../lib/pipeline/chat-pipeline';
import { countPromptTokens } from '../lib/pipeline/count-tokens';
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
    const output = await runChatPipeline(c, toCanonicalRequest(request), 'messages');
    const stopSequences = request.stop_sequences;
    if (output.kind === 'stream') {
      const encoder = anthropicStreamEncoder({ requestId: c.get('requestId'), stopSequences });
      return new Response(output.events.pipeThrough(encoder), { headers: SSE_HEADERS });
    }
    const { message, invalidToolInputs } = toAnthropicMessage(output.result, { stopSequences });
    if (invalidToolInputs.length > 0) c.header(INVALID_TOOL_INPUT_HEADER, invalidToolInputs.join(','));
    return c.json(message);
  })
  .post('/v1/messages/count_tokens', async (c) => {
    const request = validate(countTokensRequestSchema, await readJson(c.req.raw));
    // The provider's own count when it has one (exact), else the estimate.
    const canonical = toCanonicalRequest({ ...request, max_tokens: 1 });
    const counted = await countPromptTokens(c, canonical, () => estimateInputTokens(request));
    return c.json({ input_tokens: counted.inputTokens, estimated: counted.estimated });
  });
