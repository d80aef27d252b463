/** The official `openai` SDK, pointed at the Worker under test (no network, no retries). */
import { exports } from 'cloudflare:workers';
import OpenAI from 'openai';
import { GATEWAY_KEY, type LoggedRequest, upstreamRequests } from './gateway';

export function openaiClient(): OpenAI {
  return new OpenAI({
    apiKey: GATEWAY_KEY,
    baseURL: 'https://gateway.test/v1',
    fetch: (url, init) => exports.default.fetch(new Request(url, init)),
    maxRetries: 0,
  });
}

export const uniqueModel = (base: string) => `${base}-${crypto.randomUUID().slice(0, 8)}`;

export interface LoggedProviderRequest extends LoggedRequest {
  /** The model as the fake read it (body `model`, Gemini path model or Azure deployment). */
  model: string;
  query: Record<string, string>;
  status: number | null;
}

/** The fake upstream's log entries for one (unique) model. */
export async function sentFor(model: string): Promise<LoggedProviderRequest[]> {
  return ((await upstreamRequests()) as LoggedProviderRequest[]).filter((entry) => entry.model === model);
}
