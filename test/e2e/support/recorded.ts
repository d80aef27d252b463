/**
 * What a recorded fixture says the model answered: its text, tool calls, finish and usage,
 * read straight from the file in `test/fixtures/recorded/` with the provider's own field
 * names. This is the e2e matrix's oracle, written apart from the gateway's adapters so a
 * translation bug cannot hide by being made twice.
 *
 * Usage is given in one vocabulary: `input` counts every prompt token (uncached, cache reads
 * and cache writes), `output` every generated token (Gemini's thoughts included), as
 * DESIGN.md's canonical model does; each surface then reports it in its own terms.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', 'fixtures', 'recorded');

export interface RecordedUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

export interface RecordedToolCall {
  name: string;
  arguments: unknown;
}

/** Why the turn ended, in neutral words: each surface names these its own way. */
export type RecordedFinish = 'stop' | 'length' | 'tool' | 'filter';

export interface RecordedAnswer {
  text: string;
  toolCalls: RecordedToolCall[];
  finish: RecordedFinish | undefined;
  usage: RecordedUsage;
  /** Opaque signatures the provider attached to its tool calls (Gemini `thoughtSignature`). */
  toolCallSignatures: string[];
}

const FINISH: Record<string, RecordedFinish> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool',
  content_filter: 'filter',
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool',
  refusal: 'filter',
  STOP: 'stop',
  MAX_TOKENS: 'length',
  SAFETY: 'filter',
};

type Json = Record<string, unknown>;
type Dialect = 'openai' | 'anthropic' | 'gemini';

const asObject = (value: unknown): Json => (typeof value === 'object' && value !== null ? (value as Json) : {});
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

function dialectOf(path: string): Dialect {
  if (path.startsWith('anthropic/')) return 'anthropic';
  if (path.startsWith('gemini/')) return 'gemini';
  return 'openai';
}

/** The JSON payloads of an `.sse` or `.chunks.jsonl` recording, in order. */
function payloads(path: string, text: string): Json[] {
  const lines = path.endsWith('.chunks.jsonl')
    ? text.split('\n')
    : text
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5));
  return lines
    .map((line) => line.trim())
    .filter((line) => line !== '' && line !== '[DONE]')
    .map((line) => asObject(JSON.parse(line)));
}

function openaiUsage(usage: Json): RecordedUsage {
  const cached = num(asObject(usage.prompt_tokens_details).cached_tokens) || num(usage.prompt_cache_hit_tokens);
  return { input: num(usage.prompt_tokens), output: num(usage.completion_tokens), cacheRead: cached, cacheWrite: 0 };
}

function anthropicUsage(usage: Json): RecordedUsage {
  const cacheRead = num(usage.cache_read_input_tokens);
  const cacheWrite = num(usage.cache_creation_input_tokens);
  return { input: num(usage.input_tokens) + cacheRead + cacheWrite, output: num(usage.output_tokens), cacheRead, cacheWrite };
}

function geminiUsage(usage: Json): RecordedUsage {
  return {
    input: num(usage.promptTokenCount),
    output: num(usage.candidatesTokenCount) + num(usage.thoughtsTokenCount),
    cacheRead: num(usage.cachedContentTokenCount),
    cacheWrite: 0,
  };
}

function fromOpenAI(chunks: Json[], whole: boolean): RecordedAnswer {
  let text = '';
  const calls = new Map<number, { name: string; arguments: string }>();
  let usage: Json = {};
  let finish: RecordedFinish | undefined;
  for (const chunk of chunks) {
    const choice = asObject(asArray(chunk.choices)[0]);
    finish = FINISH[str(choice.finish_reason)] ?? finish;
    const part = asObject(whole ? choice.message : choice.delta);
    text += str(part.content);
    asArray(part.tool_calls).forEach((raw, position) => {
      const call = asObject(raw);
      const index = typeof call.index === 'number' ? call.index : position;
      const entry = calls.get(index) ?? { name: '', arguments: '' };
      const fn = asObject(call.function);
      entry.name ||= str(fn.name);
      entry.arguments += str(fn.arguments);
      calls.set(index, entry);
    });
    if (chunk.usage) usage = asObject(chunk.usage);
  }
  const toolCalls = [...calls.values()].map((call) => ({ name: call.name, arguments: JSON.parse(call.arguments || '{}') }));
  return { text, toolCalls, finish, usage: openaiUsage(usage), toolCallSignatures: [] };
}

function fromAnthropic(events: Json[]): RecordedAnswer {
  let text = '';
  const calls = new Map<number, { name: string; json: string; input?: unknown }>();
  let usage: Json = {};
  let finish: RecordedFinish | undefined;
  for (const event of events) {
    finish = FINISH[str(event.stop_reason)] ?? FINISH[str(asObject(event.delta).stop_reason)] ?? finish;
    if (event.type === 'message') {
      // A whole Message: the content blocks at once.
      for (const block of asArray(event.content).map(asObject)) {
        if (block.type === 'text') text += str(block.text);
        if (block.type === 'tool_use') calls.set(calls.size, { name: str(block.name), json: '', input: block.input });
      }
      usage = asObject(event.usage);
    }
    if (event.type === 'message_start') usage = { ...usage, ...asObject(asObject(event.message).usage) };
    if (event.type === 'message_delta') usage = { ...usage, ...asObject(event.usage) };
    const index = num(event.index);
    const block = asObject(event.content_block);
    if (event.type === 'content_block_start' && block.type === 'tool_use') calls.set(index, { name: str(block.name), json: '' });
    const delta = asObject(event.delta);
    if (delta.type === 'text_delta') text += str(delta.text);
    if (delta.type === 'input_json_delta') {
      const call = calls.get(index);
      if (call) call.json += str(delta.partial_json);
    }
  }
  const toolCalls = [...calls.values()].map((call) => ({ name: call.name, arguments: call.input ?? JSON.parse(call.json || '{}') }));
  return { text, toolCalls, finish, usage: anthropicUsage(usage), toolCallSignatures: [] };
}

function fromGemini(responses: Json[]): RecordedAnswer {
  let text = '';
  const toolCalls: RecordedToolCall[] = [];
  const toolCallSignatures: string[] = [];
  let usage: Json = {};
  let finish: RecordedFinish | undefined;
  for (const response of responses) {
    const candidate = asObject(asArray(response.candidates)[0]);
    finish = FINISH[str(candidate.finishReason)] ?? finish;
    for (const part of asArray(asObject(candidate.content).parts).map(asObject)) {
      if (typeof part.text === 'string' && part.thought !== true) text += part.text;
      const call = asObject(part.functionCall);
      if (call.name) toolCalls.push({ name: str(call.name), arguments: call.args ?? {} });
      if (call.name && typeof part.thoughtSignature === 'string') toolCallSignatures.push(part.thoughtSignature);
    }
    if (response.usageMetadata) usage = asObject(response.usageMetadata);
  }
  // Gemini ends a turn of function calls with STOP; its callers are told `tool_calls`.
  if (finish === 'stop' && toolCalls.length > 0) finish = 'tool';
  return { text, toolCalls, finish, usage: geminiUsage(usage), toolCallSignatures };
}

/** The answer in `test/fixtures/recorded/<path>` (with its extension: `.json`, `.sse`, `.chunks.jsonl`). */
export function recordedAnswer(path: string): RecordedAnswer {
  const text = readFileSync(join(root, path), 'utf8');
  const dialect = dialectOf(path);
  const whole = path.endsWith('.json');
  const items = whole ? [asObject(JSON.parse(text))] : payloads(path, text);
  switch (dialect) {
    case 'openai':
      return fromOpenAI(items, whole);
    case 'anthropic':
      return fromAnthropic(items);
    case 'gemini':
      return fromGemini(items);
  }
}
