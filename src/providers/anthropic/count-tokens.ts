/**
 * Anthropic's exact prompt count: `POST /v1/messages/count_tokens` takes the messages body
 * without the generation fields and answers `{ input_tokens }`. Free to call.
 */
import type { ChatRequest } from '../../lib/canonical';
import * as z from '../../lib/zod';
import type { HttpRequestSpec, Target } from '../types';
import { buildAnthropicChatRequest } from './request';

/** Fields of a messages body that count_tokens reads; the rest (max_tokens, stream, sampling) it refuses. */
const COUNTED_FIELDS = ['model', 'messages', 'system', 'tools', 'tool_choice', 'thinking'];

export function buildAnthropicCountRequest(request: ChatRequest, target: Target): HttpRequestSpec {
  const spec = buildAnthropicChatRequest({ ...request, stream: false }, target);
  const body = JSON.parse(spec.body) as Record<string, unknown>;
  const counted = Object.fromEntries(COUNTED_FIELDS.filter((field) => body[field] !== undefined).map((field) => [field, body[field]]));
  return { ...spec, url: `${spec.url}/count_tokens`, body: JSON.stringify(counted) };
}

const countResponse = z.looseObject({ input_tokens: z.int().check(z.gte(0)) });

export function parseAnthropicCount(body: unknown): number {
  return countResponse.parse(body).input_tokens;
}
