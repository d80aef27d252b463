/** `POST /v1/embeddings`: OpenAI embeddings, to OpenAI(-compatible), Azure and Gemini. */
import { Hono } from 'hono';
import type { AppEnv } from '../lib/context';
import { runEmbeddingsPipeline } from '../lib/embeddings-pipeline';
import { embeddingsRequestSchema } from '../lib/embeddings-request-schema';
import { readJson, validate } from '../lib/validation';
import { toOpenAIEmbeddings } from '../surfaces/openai/embeddings';

export const embeddingsRoutes = new Hono<AppEnv>().post('/v1/embeddings', async (c) => {
  const request = validate(embeddingsRequestSchema, await readJson(c.req.raw));
  const result = await runEmbeddingsPipeline(c, request);
  return c.json(toOpenAIEmbeddings(result, request.encoding_format ?? 'float'));
});
