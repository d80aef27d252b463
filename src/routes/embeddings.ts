/** `POST /v1/embeddings`: OpenAI embeddings, to OpenAI(-compatible), Azure and Gemini. */
import { Hono } from 'hono';
import { embeddingsRequestSchema } from '../lib/embeddings-request-schema';
import type { AppEnv } from '../lib/http/context';
import { readJson, validate } from '../lib/http/validation';
import { runEmbeddingsPipeline } from '../lib/pipeline/embeddings-pipeline';
import { toOpenAIEmbeddings } from '../surfaces/openai/embeddings';

export const embeddingsRoutes = new Hono<AppEnv>().post('/v1/embeddings', async (c) => {
  const request = validate(embeddingsRequestSchema, await readJson(c.req.raw));
  const result = await runEmbeddingsPipeline(c, request);
  return c.json(toOpenAIEmbeddings(result, request.encoding_format ?? 'float'));
});
