import type { Target } from '../types';
import { credentialHeaders } from './request';

/** `GET {base}/models`: free on OpenAI and every compatible host, and refused without a valid key. */
export function buildOpenAIProbeRequest(target: Target): { url: string; headers: Record<string, string> } {
  return { url: `${target.baseUrl}/models`, headers: credentialHeaders(target) };
}
