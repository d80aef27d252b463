/**
 * Stored responses of the OpenAI Responses API (`store: true`): `GET /v1/responses/{id}`
 * (`?stream=true` replays one as a stream), `DELETE /v1/responses/{id}` and
 * `GET /v1/responses/{id}/input_items`. A key only ever sees its own. Errors in OpenAI's shape.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../lib/http/context';
import { notFound } from '../lib/http/errors';
import { validator } from '../lib/http/route-validation';
import { deleteResponse, listInputItems, readResponse } from '../lib/stored-responses/store';
import { SSE_HEADERS } from '../lib/streams/sse';
import * as z from '../lib/zod';
import { visibleItem, visibleResponse } from '../surfaces/responses/items';
import { replayStoredResponse } from '../surfaces/responses/replay';
import { Include } from '../surfaces/responses/request-schema';

const responseNotFound = (id: string) => notFound(`Response with id '${id}' not found.`, 'response_not_found');

const inputItemsQuery = z.object({
  after: z.optional(z.string().check(z.minLength(1))),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20),
  order: z._default(z.enum(['asc', 'desc']), 'desc'),
});

/** `include=…` or `include[]=…`, as the SDKs send it. */
function wantsEncrypted(queries: (name: string) => string[] | undefined): boolean {
  return [...(queries('include') ?? []), ...(queries('include[]') ?? [])].includes(Include.encryptedReasoning);
}

export const storedResponseRoutes = new Hono<AppEnv>()
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
