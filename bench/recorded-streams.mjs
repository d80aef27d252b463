// Long upstream SSE streams made from the recorded ones, for the translation benchmark: the
// recorded events repeated (content blocks and tool calls re-indexed so the stream stays
// valid) until the stream reaches the wanted size. Each element is one upstream read (one event).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const recorded = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'recorded');
const bytes = new TextEncoder();

/** A recording's events as raw SSE blocks (each ending in a blank line), with the parsed data. */
function events(path) {
  return readFileSync(join(recorded, path), 'utf8')
    .replace(/\r\n/g, '\n')
    .split(/\n\n+/)
    .filter((block) => block.trim())
    .map((block) => {
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trim())
        .join('\n');
      return { raw: `${block}\n\n`, json: data && data !== '[DONE]' ? JSON.parse(data) : undefined };
    });
}

/** Repeat `cycle(round)` (which returns raw events) between `head` and `tail` until about `size` bytes. */
function repeat(head, cycle, tail, size) {
  const out = [...head];
  let total = out.reduce((sum, raw) => sum + raw.length, 0);
  for (let round = 0; total < size; round++) {
    for (const raw of cycle(round)) {
      out.push(raw);
      total += raw.length;
    }
  }
  out.push(...tail);
  return out.map((raw) => bytes.encode(raw));
}

/**
 * Anthropic Messages stream: one `message_start`, then the content blocks of the recorded text,
 * thinking and tool-use streams over and over (block indexes counting up), then the final
 * `message_delta` and `message_stop`. Recorded padding is kept.
 */
export function longAnthropicStream(size) {
  const files = ['anthropic/text-stream.sse', 'anthropic/thinking-stream.sse', 'anthropic/tool-use-stream.sse'].map(events);
  const head = [files[0][0].raw];
  // Every (recording, block index) pair gets its own index, counting up across rounds.
  const blocks = files.flatMap((file, fileIndex) =>
    file
      .filter((event) => event.json?.type?.startsWith('content_block'))
      .map((event) => ({ event, key: `${fileIndex}:${event.json.index}` })),
  );
  const keys = [...new Set(blocks.map((block) => block.key))];
  const tail = files[2].filter((event) => ['message_delta', 'message_stop'].includes(event.json?.type)).map((event) => event.raw);
  const cycle = (round) =>
    blocks.map(({ event, key }) => event.raw.replace(/"index":\d+/, `"index":${round * keys.length + keys.indexOf(key)}`));
  return repeat(head, cycle, tail, size);
}

/**
 * OpenAI chat stream: the role chunk, then the recorded text deltas and a recorded tool call
 * (its tool index counting up) over and over, then the finish chunk, the usage chunk and `[DONE]`.
 */
export function longOpenAIStream(size) {
  const text = events('openai/chat/text-stream-include-usage.sse');
  const tool = events('openai/chat/tool-call-stream.sse');
  const chunks = (file) => file.filter((event) => event.json?.choices?.length);
  const head = [chunks(text)[0].raw];
  const textDeltas = chunks(text).filter((event) => event.json.choices[0].delta.content);
  const toolDeltas = chunks(tool).filter((event) => event.json.choices[0].delta.tool_calls);
  const finish = chunks(tool).find((event) => event.json.choices[0].finish_reason);
  const usage = tool.find((event) => event.json?.choices?.length === 0);
  const cycle = (round) => [
    ...textDeltas.map((event) => event.raw),
    ...toolDeltas.map((event) => {
      const json = structuredClone(event.json);
      for (const call of json.choices[0].delta.tool_calls) call.index = round;
      return `data: ${JSON.stringify(json)}\n\n`;
    }),
  ];
  return repeat(head, cycle, [finish.raw, usage.raw, 'data: [DONE]\n\n'], size);
}

/** The first `count` events of a long stream, closed with its own last events (a typical response). */
export function firstEvents(stream, count, tailLength) {
  return [...stream.slice(0, count - tailLength), ...stream.slice(-tailLength)];
}

/**
 * OpenAI Responses stream: the recorded text stream's opening events (created, in_progress, the
 * message item and its part), its text deltas over and over (`sequence_number` counting up), then
 * its closing events (`output_text.done` … `response.completed`).
 */
export function longResponsesStream(size) {
  const text = events('openai/responses/text-stream.sse');
  const first = text.findIndex((event) => event.json?.type === 'response.output_text.delta');
  const last = text.findLastIndex((event) => event.json?.type === 'response.output_text.delta');
  const deltas = text.slice(first, last + 1);
  let sequence = first;
  const cycle = () =>
    deltas.map((event) => {
      const json = { ...event.json, sequence_number: sequence++ };
      return `event: ${json.type}\ndata: ${JSON.stringify(json)}\n\n`;
    });
  return repeat(
    text.slice(0, first).map((event) => event.raw),
    cycle,
    text.slice(last + 1).map((event) => event.raw),
    size,
  );
}
