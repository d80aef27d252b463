/**
 * Canonical chat request → Gemini `generateContent` (or `streamGenerateContent?alt=sse`; the
 * other streaming mode is one JSON array and is never requested). The credential travels in
 * the `x-goog-api-key` header, never in the URL, so it cannot leak into a logged URL.
 */
import type { ChatRequest } from '../../lib/canonical';
import type { HttpRequestSpec, Target } from '../types';
import { type GeminiConversation, toGeminiContents } from './contents';
import { type GenerationConfig, toGenerationConfig } from './generation-config';
import { type GeminiTools, toGeminiTools } from './tools';
import { unsupportedByGemini } from './unsupported';

export const GEMINI_API_VERSION = 'v1beta';

export function geminiHeaders(target: Target): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (target.apiKey) headers['x-goog-api-key'] = target.apiKey;
  return headers;
}

/** `{base}/v1beta/models/{model}:{method}`; the model is one path segment, whatever it contains. */
export function geminiModelUrl(target: Target, method: string): string {
  return `${target.baseUrl}/${GEMINI_API_VERSION}/models/${encodeURIComponent(target.model)}:${method}`;
}

export interface GeminiRequestBody extends GeminiConversation, GeminiTools {
  generationConfig?: GenerationConfig;
}

/** The JSON body sent to Gemini; what it leaves out is pushed onto `dropped`. */
export function toGeminiBody(request: ChatRequest, dropped: string[] = []): GeminiRequestBody {
  dropped.push(...unsupportedByGemini(request));
  const { contents, systemInstruction } = toGeminiContents(request.messages);
  const body: GeminiRequestBody = { contents };
  if (systemInstruction) body.systemInstruction = systemInstruction;
  const generationConfig = toGenerationConfig(request);
  if (generationConfig) body.generationConfig = generationConfig;
  const { tools, toolConfig } = toGeminiTools(request);
  if (tools) body.tools = tools;
  if (toolConfig) body.toolConfig = toolConfig;
  return body;
}

export function buildGeminiChatRequest(request: ChatRequest, target: Target): HttpRequestSpec {
  const url = request.stream ? `${geminiModelUrl(target, 'streamGenerateContent')}?alt=sse` : geminiModelUrl(target, 'generateContent');
  const dropped: string[] = [];
  const body = JSON.stringify(toGeminiBody(request, dropped));
  return { url, headers: geminiHeaders(target), body, dropped };
}
