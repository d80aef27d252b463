/**
 * Streams tell the truth on every surface (issue 14): each recorded failure shape, replayed by
 * the fake upstream, ends the client's stream with the surface's error event (OpenAI: a final
 * `data: {"error":…}` and no `[DONE]`; Anthropic: `event: error` and no `message_stop`), never
 * a clean finish; a Gemini stream repeating `STOP` on every chunk gives one finish at the end
 * and one Anthropic text block.
 */
import { describe, expect, it } from 'vitest';
import { gateway } from '../support/gateway';

interface Sse {
  event?: string;
  data: string;
}

function events(text: string): Sse[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() && !block.startsWith(':'))
    .map((block) => {
      const out: Sse = { data: '' };
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) out.event = line.slice(7);
        else if (line.startsWith('data: ')) out.data += line.slice(6);
      }
      return out;
    });
}

const failures = {
  'Gemini bare JSON error after chunks (499 CANCELLED)': {
    model: 'gemini/fixture:errors/cancelled-after-chunks.issue',
    message: /cancelled/i,
  },
  'Groq `event: error` mid-stream': { model: 'groq/fixture:errors/mid-stream-error-event.issue', message: /Service Unavailable/ },
  'OpenAI `error` chunk': { model: 'openai/fixture:chat/errors/server-error-chunk.issue', message: /server had an error/ },
  'Anthropic `event: error` overloaded': { model: 'anthropic/fixture:errors/overloaded-error-event.issue', message: /Overloaded/ },
};

const prompt = [{ role: 'user', content: 'hi' }];

describe('a provider error anywhere in a stream ends it with the surface error event', () => {
  for (const [name, { model, message }] of Object.entries(failures)) {
    it(`${name} → /v1/chat/completions`, async () => {
      const response = await gateway('/v1/chat/completions', { method: 'POST', json: { model, stream: true, messages: prompt } });
      const text = await response.text();
      expect(text).not.toContain('[DONE]');
      expect(text).not.toMatch(/"finish_reason":"stop"/);
      if (response.status === 200) {
        const last = JSON.parse(events(text).at(-1)?.data ?? '{}') as { error?: { message: string } };
        expect(last.error?.message).toMatch(message);
      } else {
        // No content reached the client: the failure is the HTTP answer itself.
        expect(response.status).toBeGreaterThanOrEqual(500);
        expect((JSON.parse(text) as { error: { message: string } }).error.message).toMatch(message);
      }
    });

    it(`${name} → /v1/messages`, async () => {
      const response = await gateway('/v1/messages', { method: 'POST', json: { model, stream: true, max_tokens: 50, messages: prompt } });
      const text = await response.text();
      expect(text).not.toContain('message_stop');
      expect(text).not.toContain('end_turn');
      if (response.status === 200) {
        const last = events(text).at(-1);
        expect(last?.event).toBe('error');
        expect((JSON.parse(last?.data ?? '{}') as { error: { message: string } }).error.message).toMatch(message);
      } else {
        expect(response.status).toBeGreaterThanOrEqual(500);
        expect((JSON.parse(text) as { type: string; error: { message: string } }).error.message).toMatch(message);
      }
    });
  }

  it('the Gemini failure after content is a 200 stream ending in the error, with the text before it', async () => {
    const model = failures['Gemini bare JSON error after chunks (499 CANCELLED)'].model;
    const response = await gateway('/v1/chat/completions', { method: 'POST', json: { model, stream: true, messages: prompt } });
    expect(response.status).toBe(200);
    const chunks = events(await response.text()).map((event) => JSON.parse(event.data) as Record<string, unknown>);
    expect(chunks.at(-1)).toMatchObject({ error: { code: 'cancelled' } });
    expect(JSON.stringify(chunks)).toContain('capital of France');
  });
});

describe('a Gemini stream repeating finishReason STOP on every chunk', () => {
  const model = 'gemini/fixture:text-stream-stop-every-chunk.issue';

  it('/v1/chat/completions: one finish_reason, on the last content chunk, then [DONE]', async () => {
    const response = await gateway('/v1/chat/completions', { method: 'POST', json: { model, stream: true, messages: prompt } });
    const all = events(await response.text());
    expect(all.at(-1)?.data).toBe('[DONE]');
    const chunks = all
      .slice(0, -1)
      .map((event) => JSON.parse(event.data) as { choices: { delta: { content?: string }; finish_reason: string | null }[] });
    const finishes = chunks.flatMap((chunk, position) => (chunk.choices[0]?.finish_reason ? [position] : []));
    expect(finishes).toEqual([chunks.length - 1]);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('The capital of France is Paris.\n');
  });

  it('/v1/messages: one text block, one message_delta with end_turn', async () => {
    const response = await gateway('/v1/messages', { method: 'POST', json: { model, stream: true, max_tokens: 50, messages: prompt } });
    const all = events(await response.text());
    expect(all.filter((event) => event.event === 'content_block_start')).toHaveLength(1);
    const deltas = all.filter((event) => event.event === 'message_delta');
    expect(deltas).toHaveLength(1);
    expect(deltas[0]?.data).toContain('"stop_reason":"end_turn"');
    expect(all.at(-1)?.event).toBe('message_stop');
  });
});
