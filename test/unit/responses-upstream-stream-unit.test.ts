import { describe, expect, it } from 'vitest';
import { createResponsesStreamDecoder } from '../../src/providers/openai/responses/stream';
import { chunksToSse, fixture } from '../support/fixtures';
import { ENCRYPTED, incompleteStream, reasoningToolCallStream } from '../support/responses-events';
import { adversarialChunkings, collect, framingVariants } from '../support/stream-harness';

const encoder = new TextEncoder();
type Event = { type: string; [key: string]: unknown };

const streams: Record<string, string> = {
  'openai text': fixture('openai/responses/text-stream.sse'),
  'openai tool call': fixture('openai/responses/tool-call-stream.sse'),
  'openai tool follow-up': fixture('openai/responses/tool-call-stream-followup.sse'),
  'openai logprobs': fixture('openai/responses/logprobs-stream.sse'),
  'azure text (chunks)': chunksToSse(fixture('azure-openai/responses-text-stream.chunks.jsonl'), { eventFromType: true }),
  'reasoning summary + encrypted content + tool call': reasoningToolCallStream,
  'incomplete (max_output_tokens)': incompleteStream,
};

const decode = async (sse: string) => collect([encoder.encode(sse)], createResponsesStreamDecoder());
const ofType = (events: unknown[], type: string) => (events as Event[]).filter((event) => event.type === type);

describe('Responses stream → canonical events', () => {
  for (const [name, sse] of Object.entries(streams)) {
    it(`${name}: identical canonical events under every chunking and framing`, async () => {
      const bytes = encoder.encode(sse);
      const whole = await collect([bytes], createResponsesStreamDecoder());
      expect(whole.outcome.finishReason).toBeDefined();
      expect(ofType(whole.events, 'error')).toEqual([]);
      for (const { name: chunking, parts } of adversarialChunkings(bytes)) {
        const split = await collect(parts, createResponsesStreamDecoder());
        expect(split.events, chunking).toEqual(whole.events);
      }
      for (const [variant, text] of Object.entries(framingVariants(sse))) {
        expect((await decode(text)).events, variant).toEqual(whole.events);
      }
    });
  }

  it('text: start from response.created, text deltas, usage from response.completed, then stop', async () => {
    const { events, outcome } = await decode(fixture('openai/responses/text-stream.sse'));
    expect(events[0]).toEqual({
      type: 'start',
      id: 'resp_099d6c816b4d9f35016a3c11f9593481a2a77e9b90b888ae50',
      model: 'gpt-4o-2024-08-06',
      created: 1782321657,
      serviceTier: 'auto',
    });
    expect(
      ofType(events, 'text-delta')
        .map((event) => event.text)
        .join(''),
    ).toBe('Olá!');
    expect(events.slice(-2)).toEqual([
      { type: 'usage', usage: { inputTokens: 20, outputTokens: 3 } },
      { type: 'finish', choice: 0, reason: 'stop' },
    ]);
    expect(outcome.usage).toEqual({ inputTokens: 20, outputTokens: 3 });
  });

  it('tool call: call_id as the id, arguments reassembled once (the .done adds nothing), finish tool_calls', async () => {
    const { events, outcome } = await decode(fixture('openai/responses/tool-call-stream.sse'));
    expect(ofType(events, 'tool-call-start')).toEqual([
      { type: 'tool-call-start', choice: 0, index: 0, id: 'call_PRiJm2RVAvt7IoRvjxIXxFVF', name: 'weather' },
    ]);
    const args = ofType(events, 'tool-call-delta')
      .map((event) => event.arguments)
      .join('');
    expect(JSON.parse(args)).toEqual({ location: expect.any(String) });
    expect(outcome.finishReason).toBe('tool_calls');
  });

  it('logprobs ride on text deltas in the chat shape ({content: [...]})', async () => {
    const { events } = await decode(fixture('openai/responses/logprobs-stream.sse'));
    const withLogprobs = ofType(events, 'text-delta').filter((event) => event.logprobs !== undefined);
    expect(withLogprobs.length).toBeGreaterThan(0);
    expect(withLogprobs[0]?.logprobs).toEqual({
      content: [expect.objectContaining({ token: expect.any(String), logprob: expect.any(Number) })],
    });
  });

  it('reasoning: summary parts as reasoning deltas (blank line between parts), then a replayable block; usage with cached and reasoning tokens', async () => {
    const { events, outcome } = await decode(reasoningToolCallStream);
    const reasoning = ofType(events, 'reasoning-delta')
      .map((event) => event.text)
      .join('');
    expect(reasoning).toBe('**Weather** Looking up Florence.\n\nCalling the tool — ok.');
    expect(ofType(events, 'reasoning-block')).toEqual([
      {
        type: 'reasoning-block',
        choice: 0,
        block: { type: 'thinking', thinking: reasoning, signature: `openai-reasoning:rs_abc123:${ENCRYPTED}` },
      },
    ]);
    expect(ofType(events, 'tool-call-start')).toEqual([
      { type: 'tool-call-start', choice: 0, index: 0, id: 'call_xyz789', name: 'weather' },
    ]);
    expect(outcome.usage).toEqual({ inputTokens: 60, outputTokens: 93, cachedInputTokens: 32, reasoningTokens: 64 });
    expect(outcome.finishReason).toBe('tool_calls');
  });

  it('response.incomplete for max_output_tokens finishes with length and keeps usage', async () => {
    const { outcome } = await decode(incompleteStream);
    expect(outcome.finishReason).toBe('length');
    expect(outcome.usage).toEqual({ inputTokens: 5, outputTokens: 16, reasoningTokens: 15 });
  });

  it('an error event after HTTP 200 (insufficient quota) is a terminal, non-retryable rate-limit error', async () => {
    const sse = chunksToSse(fixture('openai/responses/error-stream-insufficient-quota.chunks.jsonl'), { eventFromType: true });
    for (const { name, parts } of adversarialChunkings(encoder.encode(sse))) {
      const { events, outcome } = await collect(parts, createResponsesStreamDecoder());
      expect(ofType(events, 'error'), name).toEqual([
        { type: 'error', kind: 'rate_limit', message: expect.stringContaining('exceeded your current quota') },
      ]);
      expect(outcome.error?.retryable).toBe(false);
      expect(outcome.error?.code).toBe('insufficient_quota');
    }
  });

  it('the spec shape of an error event (code and message at the top level) and response.failed alone', async () => {
    const topLevel = await decode(
      'event: error\ndata: {"type":"error","code":"server_error","message":"The server had an error","param":null,"sequence_number":0}\n\n',
    );
    expect(topLevel.events).toEqual([{ type: 'error', kind: 'upstream', message: 'The server had an error' }]);
    expect(topLevel.outcome.error?.retryable).toBe(true);
    const failed = await decode(
      'event: response.failed\ndata: {"type":"response.failed","response":{"id":"resp_1","status":"failed","error":{"code":"server_error","message":"boom"}}}\n\n',
    );
    expect(failed.events).toEqual([{ type: 'error', kind: 'upstream', message: 'boom' }]);
  });

  it('a malformed event is an error event, never an exception; a stream cut before response.completed fails', async () => {
    const malformed = await decode('event: response.created\ndata: {"type":"response.created","response":{"id":"r"}}\n\ndata: {nope\n\n');
    expect(ofType(malformed.events, 'error')).toEqual([
      { type: 'error', kind: 'upstream', message: expect.stringContaining('could not read') },
    ]);
    const text = fixture('openai/responses/text-stream.sse');
    const cut = await decode(text.slice(0, text.indexOf('event: response.completed')));
    expect(cut.outcome.error?.message).toMatch(/ended without a finish reason/);
  });

  it('arguments sent only whole (no deltas), as some compatible hosts do, still arrive', async () => {
    const sse = [
      '{"type":"response.created","response":{"id":"resp_x","model":"grok-4","created_at":1}}',
      '{"type":"response.output_item.added","output_index":0,"item":{"id":"fc_1","type":"function_call","call_id":"call_1","name":"f","arguments":""}}',
      '{"type":"response.output_item.done","output_index":0,"item":{"id":"fc_1","type":"function_call","call_id":"call_1","name":"f","arguments":"{\\"a\\":1}"}}',
      '{"type":"response.completed","response":{"id":"resp_x","status":"completed","usage":{"input_tokens":1,"output_tokens":2}}}',
    ]
      .map((line) => `data: ${line}\n\n`)
      .join('');
    const { events, outcome } = await decode(`${sse}data: [DONE]\n\n`);
    expect(ofType(events, 'tool-call-delta')).toEqual([{ type: 'tool-call-delta', choice: 0, index: 0, arguments: '{"a":1}' }]);
    expect(outcome.finishReason).toBe('tool_calls');
    expect(ofType(events, 'error')).toEqual([]);
  });

  it('a refusal streams as refusal deltas; a reasoning item with no streamed summary still yields its summary and block', async () => {
    const sse = [
      '{"type":"response.created","response":{"id":"resp_r","model":"o3-pro","created_at":2}}',
      '{"type":"response.output_item.done","output_index":0,"item":{"id":"rs_9","type":"reasoning","summary":[{"type":"summary_text","text":"Policy check."}],"encrypted_content":"gAAAAxyz"}}',
      '{"type":"response.output_item.added","output_index":1,"item":{"id":"msg_9","type":"message","role":"assistant","content":[]}}',
      '{"type":"response.refusal.delta","item_id":"msg_9","output_index":1,"content_index":0,"delta":"I can’t help"}',
      '{"type":"response.refusal.delta","item_id":"msg_9","output_index":1,"content_index":0,"delta":" with that."}',
      '{"type":"response.completed","response":{"id":"resp_r","status":"completed","usage":{"input_tokens":9,"output_tokens":7}}}',
    ]
      .map((line) => `event: ${JSON.parse(line).type}\ndata: ${line}\n\n`)
      .join('');
    const { events, outcome } = await decode(sse);
    expect(
      ofType(events, 'refusal-delta')
        .map((event) => event.text)
        .join(''),
    ).toBe('I can’t help with that.');
    expect(ofType(events, 'reasoning-delta')).toEqual([{ type: 'reasoning-delta', choice: 0, text: 'Policy check.' }]);
    expect(ofType(events, 'reasoning-block')).toEqual([
      {
        type: 'reasoning-block',
        choice: 0,
        block: { type: 'thinking', thinking: 'Policy check.', signature: 'openai-reasoning:rs_9:gAAAAxyz' },
      },
    ]);
    expect(outcome.finishReason).toBe('stop');
  });
});
