/**
 * The OpenAI embeddings request as the gateway accepts it: strict like OpenAI (unknown fields
 * and out-of-range values are a 400), with OpenAI's limit of 2,048 inputs per request.
 */
import { modelIdSchema } from './models/model-id';
import * as z from './zod';

const MAX_INPUTS = 2048;
const tokens = z.array(z.int().check(z.gte(0))).check(z.minLength(1));

export const embeddingsRequestSchema = z.strictObject({
  model: modelIdSchema,
  input: z.union(
    [
      z.string().check(z.minLength(1)),
      z.array(z.string().check(z.minLength(1))).check(z.minLength(1), z.maxLength(MAX_INPUTS)),
      tokens,
      z.array(tokens).check(z.minLength(1), z.maxLength(MAX_INPUTS)),
    ],
    {
      error: `must be a non-empty string, an array of up to ${MAX_INPUTS} non-empty strings, an array of token ids, or an array of those`,
    },
  ),
  dimensions: z.optional(z.int().check(z.gte(1))),
  encoding_format: z.optional(z.enum(['float', 'base64'])),
  user: z.optional(z.string()),
});
