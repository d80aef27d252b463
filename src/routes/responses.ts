/**
 * The OpenAI Responses API: `POST /v1/responses` (any provider, streaming and not), stored
 * responses (`GET` / `DELETE /v1/responses/{id}`, `?stream=true` replays one as a stream,
 * `GET /v1/responses/{id}/input_items`) and
 * `POST /v1/responses/input_tokens` (the provider's count where it has one, else OpenAI's tokenizer
 * for its models, else an estimate; `estimated` and `counted_by` say which). Errors in OpenAI's shape.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../lib/http/context';
import { notFound } from '../lib/http/errors';
import { readJson, validate, validator } from '../lib/http/validation';
import { estimatePromptTokens } from '../lib/models/tokens';
import { countPromptTokens } from '../lib/pipeline/count-tokens';
import { deleteResponse, listInputItems, readResponse } from '../lib/stored-responses/store';
import { SSE_HEADERS } from '../lib/streams/sse';
import * as z from '../lib/zod';
import { resolveInput } from '../surfaces/responses/conversation';
import { handleResponsesRequest } from '../surfaces/responses/handle';
import { visibleItem, visibleResponse } from '../surfaces/responses/items';
import { replayStoredResponse } from '../surfaces/responses/replay';
import { toCanonicalRequest } from '../surfaces/responses/request';
import { Include, responsesRequestSchema } from '../surfaces/responses/request-schema';
import { toCanonicalMessages } from '../surfaces/responses/to-messages';

const responseNotFound = (id: string) => notFound(`Response with id '${id}' not found.`, 'response_not_found');

const inputItemsQuery = z.object({
  after: z.optional(z.string().check(z.minLength(1))),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20),
  order: z._default(z.enum(['asc', 'desc']), 'desc'),
});

const inputTokensSchema = z.extend(responsesRequestSchema, { model: z.optional(z.string().check(z.minLength(1))) });

/** `include=…` or `include[]=…`, as the SDKs send it. */
function wantsEncrypted(queries: (name: string) => string[] | undefined): boolean {
  return [...(queries('include') ?? []), ...(queries('include[]') ?? [])].includes(Include.encryptedReasoning);
}

export const responsesRoutes = new Hono<AppEnv>()
  .post('/v1/responses', async (c) => {
    const body = await readJson(c.req.raw);
    return handleResponsesRequest(c, validate(responsesRequestSchema, body), body as Record<string, unknown>);
  })
  .post('/v1/responses/input_tokens', async (c) => {
    const request = validate(inputTokensSchema, await readJson(c.req.raw));
    const model = request.model ?? 'unknown';
    const resolved = await resolveInput(c.env, c.get('key').id, { ...request, model }, 'resp_00000000000000000000000000000000');
    const canonical = toCanonicalRequest({ ...request, model, stream: false }, toCanonicalMessages(resolved.items, request.instructions));
    // Without a model there is no provider or encoding to ask: the estimate.
    const estimate = () => estimatePromptTokens(canonical);
    const counted = request.model
      ? await countPromptTokens(c, canonical, estimate)
      : { inputTokens: estimate(), estimated: true, countedBy: 'estimate' };
    return c.json({
      object: 'response.input_tokens',
      input_tokens: counted.inputTokens,
      estimated: counted.estimated,
      counted_by: counted.countedBy,
    });
  })
  .get('/v1/responses/:id', async (c) => {
    const id = c.req.param('id');
    const stored = await readResponse(c.env, c.get('key').id, id);
    if (!stored) throw responseNotFound(id);
    const withEncrypted = wantsEncrypted((name) => c.req.queries(name));
    if (c.req.query('stream') === 'true') {
      const context = { id, createdAt: 0, request: { model: '' }, firstOutputSeq: 0, withEncrypted };
      return new Response(replayStoredResponse(stored.response, context), { headers: SSE_HEADERS });
    }
    return c.json(visibleResponse(stored.response, withEncrypted));
  })
  .delete('/v1/responses/:id', async (c) => {
    const id = c.req.param('id');
    if (!(await deleteResponse(c.env, c.get('key').id, id))) throw responseNotFound(id);
    return c.json({ id, object: 'response', deleted: true });
  })
  .get('/v1/responses/:id/input_items', validator('query', inputItemsQuery), async (c) => {
    const id = c.req.param('id');
    const query = c.req.valid('query');
    const page = await listInputItems(c.env, c.get('key').id, id, query);
    if (!page) throw responseNotFound(id);
    const withEncrypted = wantsEncrypted((name) => c.req.queries(name));
    const data = page.data.map((item) => visibleItem(item, withEncrypted));
    return c.json({ object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: page.has_more });
  });
