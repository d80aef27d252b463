/** A stop sequence named by the Anthropic provider reaches an Anthropic caller as `stop_sequence`. */
import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../src/lib/canonical';
import type { EventBatch } from '../../src/lib/streams/stream-pipeline';
import { parseAnthropicChatResponse } from '../../src/providers/anthropic/response';
import { createAnthropicStreamDecoder } from '../../src/providers/anthropic/stream';
import { toAnthropicMessage } from '../../src/surfaces/anthropic/response';
import { anthropicStreamEncoder } from '../../src/surfaces/anthropic/stream';
import { fixture, fixtureJson } from '../support/fixtures';
import { collect } from '../support/stream-harness';

const stoppedBy = (text: string) =>
  text.replaceAll('"stop_reason":"end_turn","stop_sequence":null', '"stop_reason":"stop_sequence","stop_sequence":"###"');

describe('stop_sequence through the canonical model', () => {
  it('non-streaming', () => {
    const result = parseAnthropicChatResponse({
      ...fixtureJson<object>('anthropic/text.json'),
      stop_reason: 'stop_sequence',
      stop_sequence: '###',
    });
    expect(result.choices[0]?.stopSequence).toBe('###');
    expect(toAnthropicMessage(result, { stopSequences: ['###'] }).message).toMatchObject({
      stop_reason: 'stop_sequence',
      stop_sequence: '###',
    });
  });

  it('streaming', async () => {
    const sse = stoppedBy(fixture('anthropic/text-stream.sse'));
    expect(sse).toContain('"stop_sequence":"###"');
    const { events } = await collect(
      [new TextEncoder().encode(sse)],
      createAnthropicStreamDecoder(() => 0),
    );
    const source = new ReadableStream<EventBatch>({
      start(controller) {
        controller.enqueue(events as ChatStreamEvent[]);
        controller.close();
      },
    });
    const wire = await new Response(source.pipeThrough(anthropicStreamEncoder({ requestId: 'req_test', stopSequences: ['###'] }))).text();
    expect(wire).toContain('"delta":{"stop_reason":"stop_sequence","stop_sequence":"###"}');
  });
});
