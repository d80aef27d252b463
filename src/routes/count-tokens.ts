/**
 * Prompt token counts, without a model call: `POST /v1/messages/count_tokens` (Anthropic's shape
 * and errors) and `POST /v1/responses/input_tokens` (OpenAI's). The target provider's exact count
 * where it has one, else OpenAI's tokenizer for its models, else an estimate (`estimated` and
 * `counted_by` say which).
 */
import { Hono } from 'hono';
import { parseSurfaceRequest } from '../lib/fidelity/surface-parse';
import type { AppEnv } from '../lib/http/context';
import { readJson, validate } from '../lib/http/validation';
import { estimatePromptTokens } from '../lib/models/tokens';
import { countPromptTokens } from '../lib/pipeline/count-tokens';
import * as z from '../lib/zod';
import { countTokensRequestSchema, estimateInputTokens } from '../surfaces/anthropic/count-tokens';
import { toCanonicalRequest as anthropicToCanonical } from '../surfaces/anthropic/request';
import { anthropicStrictRefusal, anthropicValidationError } from '../surfaces/anthropic/validation-error';
import { resolveInput } from '../surfaces/responses/conversation';
import { toCanonicalRequest as responsesToCanonical } from '../surfaces/responses/request';
import { responsesRequestSchema } from '../surfaces/responses/request-schema';
import { toCanonicalMessages } from '../surfaces/responses/to-messages';

const anthropicWording = { toError: anthropicValidationError, refuse: anthropicStrictRefusal };

const inputTokensSchema = z.extend(responsesRequestSchema, { model: z.optional(z.string().check(z.minLength(1))) });

export const countTokensRoutes = new Hono<AppEnv>()
  .post('/v1/messages/count_tokens', async (c) => {
    const request = parseSurfaceRequest(c, countTokensRequestSchema, await readJson(c.req.raw), anthropicWording);
    const canonical = anthropicToCanonical({ ...request, max_tokens: 1 });
    const counted = await countPromptTokens(c, canonical, () => estimateInputTokens(request));
    return c.json({ input_tokens: counted.inputTokens, estimated: counted.estimated, counted_by: counted.countedBy });
  })
  .post('/v1/responses/input_tokens', async (c) => {
    const request = validate(inputTokensSchema, await readJson(c.req.raw));
    const model = request.model ?? 'unknown';
    const resolved = await resolveInput(c.env, c.get('key').id, { ...request, model }, 'resp_00000000000000000000000000000000');
    const canonical = responsesToCanonical({ ...request, model, stream: false }, toCanonicalMessages(resolved.items, request.instructions));
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
  });
