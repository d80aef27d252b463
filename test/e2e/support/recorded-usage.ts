/**
 * The usage an OpenAI-style recording reports, looked up by the fixture name the fake upstream
 * logs for each request (`openai/chat/text-with-ratelimit-headers`, …): the `usage` of a JSON
 * answer, or of the last stream chunk that carries one.
 */
import { existsSync, readFileSync } from 'node:fs';

export interface RecordedTokens {
  prompt: number;
  completion: number;
}

interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

const recordings = new URL('../../fixtures/recorded/', import.meta.url);

export function recordedTokens(fixture: string): RecordedTokens {
  const json = new URL(`${fixture}.json`, recordings);
  let usage: OpenAIUsage | null | undefined;
  if (existsSync(json)) {
    usage = (JSON.parse(readFileSync(json, 'utf8')) as { usage?: OpenAIUsage }).usage;
  } else {
    usage = readFileSync(new URL(`${fixture}.sse`, recordings), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => (JSON.parse(line.slice(6)) as { usage?: OpenAIUsage | null }).usage)
      .findLast((found) => found);
  }
  if (!usage) throw new Error(`the recording ${fixture} reports no usage`);
  return { prompt: usage.prompt_tokens, completion: usage.completion_tokens };
}
