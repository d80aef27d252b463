/**
 * `/v1/messages` with the Anthropic provider behind it: Anthropic wire → canonical → Anthropic
 * wire must reproduce the recorded Anthropic traffic, and signed thinking must survive a turn.
 */

import { exports } from 'cloudflare:workers';
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { fixture } from '../support/fixtures';
import { GATEWAY_KEY, gateway, upstreamRequests } from '../support/gateway';

const anthropic = new Anthropic({
  apiKey: GATEWAY_KEY,
  baseURL: 'https://gateway.test',
  fetch: (url, init) => exports.default.fetch(new Request(url, init)),
  maxRetries: 0,
});

const unique = () => `claude-sonnet-4-5-${crypto.randomUUID().slice(0, 8)}`;

const weatherTool = {
  name: 'weather',
  description: 'Get weather information for a location',
  input_schema: { type: 'object' as const, properties: { location: { type: 'string' } }, required: ['location'] },
};

interface WireEvent {
  event: string;
  data: Record<string, unknown>;
}

function parseSse(text: string): WireEvent[] {
  return text
    .split(/\n\n+/)
    .filter((block) => block.trim())
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? '';
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? '{}';
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}

/**
 * What a client can observe, without what the gateway legitimately changes: `ping` placement,
 * empty deltas (Anthropic's leading `partial_json: ""` and a trailing empty `thinking_delta`),
 * the newer `caller`/`stop_details` fields, and message_start's placeholder usage.
 */
function observable(events: WireEvent[]): unknown[] {
  const out: unknown[] = [];
  for (const { event, data } of events) {
    if (event === 'ping') continue;
    if (event === 'message_start') {
      const message = data.message as Record<string, unknown>;
      out.push({ event, id: message.id, model: message.model });
    } else if (event === 'content_block_start') {
      const { caller: _caller, ...block } = data.content_block as Record<string, unknown>;
      out.push({ event, index: data.index, block });
    } else if (event === 'content_block_delta') {
      const delta = data.delta as Record<string, string>;
      if (delta.partial_json === '' || delta.thinking === '' || delta.text === '') continue;
      out.push({ event, index: data.index, delta });
    } else if (event === 'message_delta') {
      const { stop_reason, stop_sequence } = data.delta as Record<string, unknown>;
      const usage = data.usage as Record<string, number>;
      out.push({ event, stop_reason, stop_sequence, output_tokens: usage.output_tokens, input_tokens: usage.input_tokens });
    } else {
      out.push({ event, index: data.index });
    }
  }
  return out;
}

describe('/v1/messages → Anthropic provider reproduces the recorded stream', () => {
  const recordings: [string, string, Record<string, unknown>][] = [
    ['text-stream', 'anthropic/text-stream.sse', {}],
    ['tool-use-stream', 'anthropic/tool-use-stream.sse', { tools: [weatherTool] }],
    ['thinking-stream', 'anthropic/thinking-stream.sse', { thinking: { type: 'enabled', budget_tokens: 1024 } }],
  ];
  for (const [name, path, extra] of recordings) {
    it(`${name}: the same blocks, indexes, deltas, signatures, stop reason and usage`, async () => {
      const response = await gateway('/v1/messages', {
        method: 'POST',
        json: { model: `anthropic/${unique()}`, max_tokens: 2048, stream: true, messages: [{ role: 'user', content: 'Hi' }], ...extra },
      });
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      const text = await response.text();
      const ours = parseSse(text);
      expect(observable(ours)).toEqual(observable(parseSse(fixture(path))));
      // Same-dialect lane: the recording's own bytes, framing and all.
      expect(text).toBe(fixture(path));
      expect(ours.at(-1)?.event).toBe('message_stop');
    });
  }

  it('message_start carries the input tokens the provider reported up front', async () => {
    const response = await gateway('/v1/messages', {
      method: 'POST',
      json: { model: `anthropic/${unique()}`, max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'Hi' }] },
    });
    const [start] = parseSse(await response.text());
    expect(start?.event).toBe('message_start');
    expect(start?.data.message).toMatchObject({ usage: { input_tokens: 10 } });
  });
});

describe('/v1/messages → Anthropic provider with the Anthropic SDK', () => {
  it('messages.create: the recorded message, usage included', async () => {
    const message = await anthropic.messages.create({
      model: `anthropic/${unique()}`,
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const recorded = JSON.parse(fixture('anthropic/text.json')) as Anthropic.Message;
    expect(message).toMatchObject({ id: recorded.id, content: recorded.content, stop_reason: 'end_turn' });
    expect(message.usage).toMatchObject({ input_tokens: recorded.usage.input_tokens, output_tokens: recorded.usage.output_tokens });
  });

  it('thinking + tool use, then the signed thinking block goes back upstream unchanged', async () => {
    const question: Anthropic.MessageParam = { role: 'user', content: 'Weather in Florence?' };
    const thinking = { type: 'enabled' as const, budget_tokens: 1024 };
    const first = await anthropic.messages.create({
      model: `anthropic/${unique()}`,
      max_tokens: 2048,
      thinking,
      tools: [weatherTool],
      messages: [question],
    });
    expect(first.stop_reason).toBe('tool_use');
    const [signed, call] = first.content;
    if (signed?.type !== 'thinking' || call?.type !== 'tool_use') throw new Error('expected thinking then tool_use');
    expect(signed.signature).toMatch(/^Es8D/);
    expect(call.input).toEqual({ location: 'Florence, Italy' });

    const model = unique();
    const final = await anthropic.messages.create({
      model: `anthropic/${model}`,
      max_tokens: 2048,
      thinking,
      tools: [weatherTool],
      messages: [
        question,
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '40°C' }] },
      ],
    });
    expect(final.content.some((block) => block.type === 'text')).toBe(true);
    const [sent] = (await upstreamRequests()).filter((entry) => entry.body?.model === model);
    const messages = sent?.body.messages as { role: string; content: Record<string, unknown>[] }[];
    // Same-dialect lane: the assistant turn goes back exactly as the SDK echoed it.
    expect(messages[1]?.content).toEqual([
      { type: 'thinking', thinking: signed.thinking, signature: signed.signature },
      { ...call, type: 'tool_use', id: call.id, name: 'weather', input: { location: 'Florence, Italy' } },
    ]);
    expect(messages[2]?.content).toEqual([expect.objectContaining({ type: 'tool_result', tool_use_id: call.id })]);
  });
});
