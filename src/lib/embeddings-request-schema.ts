/**
 * The OpenAI embeddings request as the gateway accepts it: strict like OpenAI (unknown fields
 * and out-of-range values are a 400), with OpenAI's limit of 2,048 inputs per request.
 */
import * as z from 'zod';
import { modelIdSchema } from './models/model-id';

const MAX_INPUTS = 2048;
const tokens = z.array(z.number().int().min(0)).min(1);

export const embeddingsRequestSchema = z.strictObject({
  model: modelIdSchema,
  input: z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(MAX_INPUTS), tokens, z.array(tokens).min(1).max(MAX_INPUTS)], {
    error: `must be a non-empty string, an array of up to ${MAX_INPUTS} non-empty strings, an array of token ids, or an array of those`,
  }),
  dimensions: z.number().int().min(1).optional(),
  encoding_format: z.enum(['float', 'base64']).optional(),
  user: z.string().optional(),
});
