// Helpers shared by the fake-upstream tests (not a test file itself).
import { startFakeUpstream } from './server.mjs';

export { startFakeUpstream };

export const AUTH = {
  openai: { authorization: 'Bearer sk-fake-openai' },
  deepseek: { authorization: 'Bearer sk-fake-deepseek' },
  groq: { authorization: 'Bearer gsk-fake' },
  mistral: { authorization: 'Bearer fake-mistral' },
  openrouter: { authorization: 'Bearer sk-or-fake' },
  xai: { authorization: 'Bearer xai-fake' },
  together: { authorization: 'Bearer fake-together' },
  azure: { 'api-key': 'fake-azure-key' },
  anthropic: { 'x-api-key': 'sk-ant-fake', 'anthropic-version': '2023-06-01' },
  gemini: { 'x-goog-api-key': 'fake-gemini-key' },
};

/** POST JSON to the fake. */
export function post(fake, path, body, headers = {}, init = {}) {
  return fetch(fake.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    ...init,
  });
}

export const chat = (fake, body, headers = AUTH.openai, prefix = '/openai/v1') =>
  post(fake, `${prefix}/chat/completions`, { messages: [{ role: 'user', content: 'hi' }], ...body }, headers);

export const messages = (fake, body, headers = AUTH.anthropic) =>
  post(fake, '/anthropic/v1/messages', { max_tokens: 100, messages: [{ role: 'user', content: 'hi' }], ...body }, headers);

/** Parse an SSE body into `{ event, data, json }` records. */
export function parseSse(text) {
  return text
    .split(/\r?\n\r?\n/)
    .filter((b) => b.trim())
    .map((block) => {
      const lines = block.split(/\r?\n/);
      const event = lines
        .find((l) => l.startsWith('event:'))
        ?.slice(6)
        .trim();
      const data = lines
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trim())
        .join('\n');
      let json;
      try {
        json = data && data !== '[DONE]' ? JSON.parse(data) : undefined;
      } catch {
        json = undefined;
      }
      return { event, data, json };
    });
}

/** Read a streaming body until it ends or fails; returns the text and the error, if any. */
export async function readAll(res) {
  const decoder = new TextDecoder();
  let text = '';
  try {
    for await (const chunk of res.body) text += decoder.decode(chunk, { stream: true });
    return { text, error: undefined };
  } catch (error) {
    return { text, error };
  }
}

/** Poll until `fn()` is truthy (or give up after `ms`). */
export async function eventually(fn, ms = 2000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (fn()) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return Boolean(fn());
}
