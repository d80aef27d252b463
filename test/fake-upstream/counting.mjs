// FAKE token-counting endpoints (never a real provider): Anthropic `POST /v1/messages/count_tokens`,
// Gemini `models/{model}:countTokens` and OpenAI `POST /v1/responses/input_tokens`. The count is deterministic and deliberately NOT the
// gateway's 4-characters-per-token estimate (one token per 3 UTF-8 bytes of the request's text,
// plus 7 per message), so a test can tell an exact answer from an estimate.

const encoder = new TextEncoder();

/** Every string value under `value`, joined (keys and structure are not counted). */
function textOf(value) {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(textOf).join('');
  if (value && typeof value === 'object') return Object.values(value).map(textOf).join('');
  return '';
}

export function fakeTokenCount(messages, extra) {
  const bytes = encoder.encode(textOf(messages) + textOf(extra)).byteLength;
  return Math.ceil(bytes / 3) + 7 * (Array.isArray(messages) ? messages.length : 0);
}

/** Anthropic: `{ input_tokens }`. */
export function anthropicCountPlan({ body }) {
  const count = fakeTokenCount(body?.messages, [body?.system, body?.tools]);
  return { kind: 'json', status: 200, headers: { 'content-type': 'application/json' }, text: JSON.stringify({ input_tokens: count }) };
}

/** Gemini: `{ totalTokens }` for `{ generateContentRequest: { contents, systemInstruction, tools } }` (or bare `contents`). */
export function geminiCountPlan({ body }) {
  const request = body?.generateContentRequest ?? body ?? {};
  const count = fakeTokenCount(request.contents, [request.systemInstruction, request.tools]);
  return { kind: 'json', status: 200, headers: { 'content-type': 'application/json' }, text: JSON.stringify({ totalTokens: count }) };
}

/**
 * OpenAI: `{ object: "response.input_tokens", input_tokens }` for a Responses-shaped body
 * (`input` a string or items, `instructions`, `tools`). A string `input` is one message.
 */
export function openaiInputTokensPlan({ body }) {
  const input = body?.input;
  const count = fakeTokenCount(typeof input === 'string' ? [input] : input, [body?.instructions, body?.tools]);
  const answer = { object: 'response.input_tokens', input_tokens: count };
  return { kind: 'json', status: 200, headers: { 'content-type': 'application/json' }, text: JSON.stringify(answer) };
}
