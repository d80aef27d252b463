/**
 * OpenAI's exact prompt count: `POST {base}/responses/input_tokens` takes a Responses body
 * without the generation fields and answers `{ object: "response.input_tokens", input_tokens }`.
 * Free to call. Only OpenAI itself serves it (`inputTokensApi` in the provider catalog):
 * compatible hosts do not, and Azure's v1 API answers 404 for it.
 */

import type { ChatRequest } from '../../lib/canonical';
import * as z from '../../lib/zod';
import type { HttpRequestSpec, Target } from '../types';
import { credentialHeaders } from './request';
import { toResponsesBody } from './responses/request';

/** Fields of a Responses body that input_tokens reads (its `TokenCountsBody`). */
const COUNTED_FIELDS = ['model', 'input', 'instructions', 'tools', 'tool_choice', 'parallel_tool_calls', 'text', 'reasoning'];

export function servesInputTokens(target: Target): boolean {
  return target.options.inputTokensApi === true;
}

export function buildOpenAICountRequest(request: ChatRequest, target: Target): HttpRequestSpec {
  const body = toResponsesBody({ ...request, stream: false }, target);
  const counted = Object.fromEntries(COUNTED_FIELDS.filter((field) => body[field] !== undefined).map((field) => [field, body[field]]));
  return {
    url: `${target.baseUrl}/responses/input_tokens`,
    headers: { 'content-type': 'application/json', ...credentialHeaders(target) },
    body: JSON.stringify(counted),
  };
}

const countResponse = z.looseObject({ input_tokens: z.int().check(z.gte(0)) });

export function parseOpenAICount(body: unknown): number {
  return countResponse.parse(body).input_tokens;
}
