/**
 * Gemini's exact prompt count: `models/{model}:countTokens` with the whole generateContent
 * request (`generateContentRequest`, so system instruction and tools count too) answers
 * `{ totalTokens }`. Free to call.
 */
import type { ChatRequest } from '../../lib/canonical';
import * as z from '../../lib/zod';
import type { HttpRequestSpec, Target } from '../types';
import { geminiHeaders, geminiModelUrl, toGeminiBody } from './request';

export function buildGeminiCountRequest(request: ChatRequest, target: Target): HttpRequestSpec {
  const { generationConfig: _unused, ...counted } = toGeminiBody(request);
  const body = { generateContentRequest: { model: `models/${target.model}`, ...counted } };
  return { url: geminiModelUrl(target, 'countTokens'), headers: geminiHeaders(target), body: JSON.stringify(body) };
}

const countResponse = z.looseObject({ totalTokens: z.int().check(z.gte(0)) });

export function parseGeminiCount(body: unknown): number {
  return countResponse.parse(body).totalTokens;
}
