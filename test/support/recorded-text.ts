/**
 * The visible text a recording answers with, read straight from `test/fixtures/recorded/` with
 * each provider's own field names (thoughts and reasoning left out), for tests that run in
 * workerd and cannot read the disk. Written apart from the gateway's adapters, so a translation
 * bug cannot hide by being made twice (the e2e twin is test/e2e/support/recorded.ts).
 */
const files = import.meta.glob(
  [
    '../fixtures/recorded/openai/chat/*.{json,sse}',
    '../fixtures/recorded/openai/responses/*.{json,sse}',
    '../fixtures/recorded/anthropic/*.{json,sse,jsonl}',
    '../fixtures/recorded/gemini/*.{json,sse}',
    '../fixtures/recorded/deepseek/*.{json,sse}',
    '../fixtures/recorded/azure-openai/*.{json,sse,jsonl}',
    '!**/*.meta.json',
  ],
  { query: '?raw', import: 'default', eager: true },
) as Record<string, string>;

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json => (typeof value === 'object' && value !== null ? (value as Json) : {});
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

function payloads(path: string, text: string): Json[] {
  const lines = path.endsWith('.jsonl')
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

/** A Responses recording (OpenAI's `openai/responses/…`, Azure's `azure-openai/responses-…`), whatever the host. */
const familyOf = (name: string): string => (/\/responses[/-]/.test(name) ? 'responses' : (name.split('/')[0] ?? ''));

/** Visible text of one payload (a whole response or one stream event), in its family's words. */
function textOf(family: string, payload: Json): string {
  if (family === 'responses') {
    if (payload.type === 'response.output_text.delta') return str(payload.delta);
    return asArray(payload.output)
      .map(asObject)
      .filter((item) => item.type === 'message')
      .flatMap((item) => asArray(item.content).map(asObject))
      .filter((part) => part.type === 'output_text')
      .map((part) => str(part.text))
      .join('');
  }
  if (family === 'anthropic') {
    const whole = asArray(payload.content)
      .map(asObject)
      .filter((block) => block.type === 'text')
      .map((block) => str(block.text))
      .join('');
    const delta = asObject(payload.delta);
    return whole + (delta.type === 'text_delta' ? str(delta.text) : '');
  }
  if (family === 'gemini') {
    const parts = asArray(asObject(asObject(asArray(payload.candidates)[0]).content).parts).map(asObject);
    return parts
      .filter((part) => part.thought !== true)
      .map((part) => str(part.text))
      .join('');
  }
  const choice = asObject(asArray(payload.choices)[0]);
  return str(asObject(choice.message).content) + str(asObject(choice.delta).content);
}

/**
 * The text of fixture `name` (the fake upstream's key: `anthropic/text`, `openai/chat/tool-call-followup`):
 * its stream twin's when `stream` and it has one, else its JSON's.
 */
export function recordedText(name: string, stream: boolean): string {
  const base = `../fixtures/recorded/${name}`;
  const candidates = stream ? [`${base}.sse`, `${base}.chunks.jsonl`, `${base}.json`] : [`${base}.json`, `${base}.sse`];
  const path = candidates.find((candidate) => files[candidate] !== undefined);
  if (!path) throw new Error(`no recording named ${name}`);
  const family = familyOf(name);
  const text = files[path] ?? '';
  const events = path.endsWith('.json') ? [asObject(JSON.parse(text))] : payloads(path, text);
  return events.map((event) => textOf(family, event)).join('');
}

/** The arguments of the first tool call of JSON recording `name`, as an object. */
export function recordedToolArguments(name: string): Record<string, unknown> {
  const text = files[`../fixtures/recorded/${name}.json`];
  if (text === undefined) throw new Error(`no JSON recording named ${name}`);
  const body = asObject(JSON.parse(text));
  const family = familyOf(name);
  if (family === 'responses') {
    const call = asArray(body.output)
      .map(asObject)
      .find((item) => item.type === 'function_call');
    return asObject(JSON.parse(str(call?.arguments) || '{}'));
  }
  if (family === 'anthropic')
    return asObject(
      asArray(body.content)
        .map(asObject)
        .find((block) => block.type === 'tool_use')?.input,
    );
  if (family === 'gemini') {
    const parts = asArray(asObject(asObject(asArray(body.candidates)[0]).content).parts).map(asObject);
    return asObject(asObject(parts.find((part) => part.functionCall)?.functionCall).args);
  }
  const call = asObject(asArray(asObject(asObject(asArray(body.choices)[0]).message).tool_calls)[0]);
  return asObject(JSON.parse(str(asObject(call.function).arguments) || '{}'));
}

/** The `thoughtSignature` on the first function call of Gemini JSON recording `name`. */
export function recordedThoughtSignature(name: string): string | undefined {
  const text = files[`../fixtures/recorded/${name}.json`];
  if (text === undefined) throw new Error(`no JSON recording named ${name}`);
  const parts = asArray(asObject(asObject(asArray(asObject(JSON.parse(text)).candidates)[0]).content).parts).map(asObject);
  const signature = parts.find((part) => part.functionCall)?.thoughtSignature;
  return typeof signature === 'string' ? signature : undefined;
}
