/**
 * Prompt templates of the calling key: `PUT|GET|DELETE /v1/templates/:name`, `GET /v1/templates`.
 * Rendered at session creation (`template` in `POST /v1/sessions`) or per chat request
 * (`x-switchboard-template` and `x-switchboard-template-variables` headers).
 */
import { Hono } from 'hono';
import type { StoredTemplate } from '../durable-objects/session-directory';
import type { AppEnv } from '../lib/http/context';
import { invalidRequest, notFound } from '../lib/http/errors';
import { validator } from '../lib/http/route-validation';
import { readJson, validate } from '../lib/http/validation';
import { sessionDirectory } from '../lib/sessions/stubs';
import { MAX_TEMPLATE_CHARS, MAX_TEMPLATES_PER_KEY, TEMPLATE_NAME, templateVariables } from '../lib/sessions/templates';
import * as z from '../lib/zod';

const nameParam = validator(
  'param',
  z.object({ name: z.string().check(z.regex(TEMPLATE_NAME, 'must be 1-64 characters of a-z, A-Z, 0-9, underscore or dash')) }),
);
const bodySchema = z.strictObject({ template: z.string().check(z.minLength(1), z.maxLength(MAX_TEMPLATE_CHARS)) });

const templateNotFound = (name: string) => notFound(`No template named '${name}'.`, 'template_not_found');

function publicTemplate(stored: StoredTemplate) {
  return {
    name: stored.name,
    object: 'template',
    template: stored.template,
    variables: stored.variables,
    created_at: Math.floor(stored.createdAt / 1000),
    updated_at: Math.floor(stored.updatedAt / 1000),
  };
}

export const templateRoutes = new Hono<AppEnv>()
  .get('/v1/templates', async (c) => {
    const templates = await sessionDirectory(c.env, c.get('key').id).listTemplates();
    return c.json({ object: 'list', data: templates.map(publicTemplate) });
  })
  .put('/v1/templates/:name', nameParam, async (c) => {
    const { name } = c.req.valid('param');
    const { template } = validate(bodySchema, await readJson(c.req.raw));
    const variables = templateVariables(template);
    const stored = await sessionDirectory(c.env, c.get('key').id).putTemplate(name, template, variables, MAX_TEMPLATES_PER_KEY);
    if (!stored)
      throw invalidRequest(`This key already has ${MAX_TEMPLATES_PER_KEY} templates; delete one first.`, null, 'template_limit_reached');
    return c.json(publicTemplate(stored));
  })
  .get('/v1/templates/:name', nameParam, async (c) => {
    const { name } = c.req.valid('param');
    const stored = await sessionDirectory(c.env, c.get('key').id).getTemplate(name);
    if (!stored) throw templateNotFound(name);
    return c.json(publicTemplate(stored));
  })
  .delete('/v1/templates/:name', nameParam, async (c) => {
    const { name } = c.req.valid('param');
    if (!(await sessionDirectory(c.env, c.get('key').id).deleteTemplate(name))) throw templateNotFound(name);
    return c.json({ name, object: 'template.deleted', deleted: true });
  });
