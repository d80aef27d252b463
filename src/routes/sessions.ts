/**
 * Conversation sessions (one Session Durable Object each, listed in the key's SessionDirectory):
 * `POST /v1/sessions`, `GET /v1/sessions`, `GET /v1/sessions/:id`, `DELETE /v1/sessions/:id`.
 * A session is used by sending `x-switchboard-session: <id>` with a chat request.
 */
import { Hono } from 'hono';
import type { SessionMeta } from '../durable-objects/session';
import type { AppEnv } from '../lib/http/context';
import { invalidRequest } from '../lib/http/errors';
import { validator } from '../lib/http/route-validation';
import { validate } from '../lib/http/validation';
import { sessionNotFound } from '../lib/sessions/conversation';
import { DEFAULT_HISTORY_LIMITS, MAX_HISTORY_LIMITS } from '../lib/sessions/history';
import { renderStoredTemplate } from '../lib/sessions/render';
import { newSessionId, SESSION_ID, sessionDirectory, sessionObject } from '../lib/sessions/stubs';
import { templateVariablesSchema } from '../lib/sessions/templates';
import * as z from '../lib/zod';

/** Idle time after which a session expires, unless its creator says otherwise. */
export const DEFAULT_SESSION_TTL_SECONDS = 24 * 3600;
export const MAX_SESSION_TTL_SECONDS = 30 * 24 * 3600;
const MAX_SYSTEM_CHARS = 64 * 1024;

const createSchema = z.strictObject({
  system: z.optional(z.string().check(z.minLength(1), z.maxLength(MAX_SYSTEM_CHARS))),
  template: z.optional(z.strictObject({ name: z.string().check(z.minLength(1)), variables: z.optional(templateVariablesSchema) })),
  model: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
  metadata: z.optional(z.record(z.string().check(z.maxLength(64)), z.string().check(z.maxLength(512)))),
  ttl_seconds: z.optional(z.int().check(z.gte(60), z.lte(MAX_SESSION_TTL_SECONDS))),
  max_messages: z.optional(z.int().check(z.gte(2), z.lte(MAX_HISTORY_LIMITS.maxMessages))),
  max_tokens: z.optional(z.int().check(z.gte(100), z.lte(MAX_HISTORY_LIMITS.maxTokens))),
});

const seconds = (ms: number) => Math.floor(ms / 1000);

export function publicSession(meta: SessionMeta) {
  return {
    id: meta.id,
    object: 'session',
    created_at: seconds(meta.createdAt),
    updated_at: seconds(meta.updatedAt),
    expires_at: seconds(meta.expiresAt),
    ttl_seconds: meta.ttlSeconds,
    model: meta.model ?? null,
    metadata: meta.metadata ?? {},
    system: meta.system ?? null,
    limits: { max_messages: meta.limits.maxMessages, max_tokens: meta.limits.maxTokens },
    turns: meta.turns,
    pruned_messages: meta.prunedMessages,
  };
}

async function readBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw invalidRequest('The request body is not valid JSON.', null, 'invalid_json');
  }
}

const idParam = validator('param', z.object({ id: z.string() }));

export const sessionRoutes = new Hono<AppEnv>()
  .post('/v1/sessions', async (c) => {
    const body = validate(createSchema, await readBody(c.req.raw));
    if (body.system && body.template) throw invalidRequest("Give 'system' or 'template', not both.", 'template');
    const keyId = c.get('key').id;
    const system = body.template
      ? await renderStoredTemplate(c.env, keyId, body.template.name, body.template.variables ?? {})
      : body.system;
    const id = newSessionId();
    const meta = await sessionObject(c.env, id).create({
      id,
      ownerKeyId: keyId,
      ttlSeconds: body.ttl_seconds ?? DEFAULT_SESSION_TTL_SECONDS,
      model: body.model,
      metadata: body.metadata,
      system,
      limits: {
        maxMessages: body.max_messages ?? DEFAULT_HISTORY_LIMITS.maxMessages,
        maxTokens: body.max_tokens ?? DEFAULT_HISTORY_LIMITS.maxTokens,
      },
    });
    await sessionDirectory(c.env, keyId).addSession({ id, createdAt: meta.createdAt, model: meta.model, metadata: meta.metadata });
    return c.json(publicSession(meta), 201);
  })
  .get(
    '/v1/sessions',
    validator('query', z.strictObject({ limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(1000))) })),
    async (c) => {
      const entries = await sessionDirectory(c.env, c.get('key').id).listSessions(c.req.valid('query').limit ?? 100);
      return c.json({
        object: 'list',
        data: entries.map((entry) => ({
          id: entry.id,
          object: 'session',
          created_at: seconds(entry.createdAt),
          model: entry.model ?? null,
          metadata: entry.metadata ?? {},
        })),
      });
    },
  )
  .get('/v1/sessions/:id', idParam, async (c) => {
    const { id } = c.req.valid('param');
    const view = SESSION_ID.test(id) ? await sessionObject(c.env, id).read(c.get('key').id) : null;
    if (!view) throw sessionNotFound(id);
    return c.json({ ...publicSession(view.meta), messages: view.messages });
  })
  .delete('/v1/sessions/:id', idParam, async (c) => {
    const { id } = c.req.valid('param');
    const keyId = c.get('key').id;
    const ended = SESSION_ID.test(id) && (await sessionObject(c.env, id).end(keyId));
    if (!ended) throw sessionNotFound(id);
    await sessionDirectory(c.env, keyId).removeSession(id);
    return c.json({ id, object: 'session.deleted', deleted: true });
  });
