/**
 * `POST /v1/responses`: the OpenAI Responses API to any provider, streaming and not
 * ([docs/responses.md](../../docs/responses.md)). Stored responses are read and deleted in
 * stored-responses.ts, counted in count-tokens.ts. Errors in OpenAI's shape.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../lib/http/context';
import { readJson, validate } from '../lib/http/validation';
import { handleResponsesRequest } from '../surfaces/responses/handle';
import { responsesRequestSchema } from '../surfaces/responses/request-schema';

export const responsesRoutes = new Hono<AppEnv>().post('/v1/responses', async (c) => {
  const body = await readJson(c.req.raw);
  return handleResponsesRequest(c, validate(responsesRequestSchema, body), body as Record<string, unknown>);
});
