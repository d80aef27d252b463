/**
 * A cached `ChatResult` → the canonical event stream that produces it, so every surface encodes
 * a valid stream (chunks, usage, terminator) of its own shape without knowing about the cache.
 * Text and arguments go out in chunks of `REPLAY_CHUNK_CHARS`, all at once: a hit is fast.
 */
import type { ChatResult, ChatStreamEvent } from '../canonical';
import type { EventBatch } from '../streams/stream-pipeline';

/** Characters per replayed delta: small enough to look like a stream, large enough to be cheap. */
export const REPLAY_CHUNK_CHARS = 64;

/** Split text into chunks without cutting a UTF-16 surrogate pair in half. */
export function chunkText(text: string, size = REPLAY_CHUNK_CHARS): string[] {
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + size, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end += 1;
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks;
}

export function replayEvents(result: ChatResult): ChatStreamEvent[] {
  const events: ChatStreamEvent[] = [
    {
      type: 'start',
      id: result.id,
      model: result.model,
      created: result.created,
      ...(result.systemFingerprint !== undefined ? { systemFingerprint: result.systemFingerprint } : {}),
      ...(result.serviceTier !== undefined ? { serviceTier: result.serviceTier } : {}),
    },
  ];
  for (const { index: choice, message, finishReason } of result.choices) {
    for (const text of chunkText(message.reasoning ?? '')) events.push({ type: 'reasoning-delta', choice, text });
    for (const block of message.reasoningBlocks ?? []) events.push({ type: 'reasoning-block', choice, block });
    for (const text of chunkText(message.content ?? '')) events.push({ type: 'text-delta', choice, text });
    for (const text of chunkText(message.refusal ?? '')) events.push({ type: 'refusal-delta', choice, text });
    const calls = message.toolCalls ?? (message.functionCall ? [{ id: 'function_call', ...message.functionCall }] : []);
    calls.forEach((call, index) => {
      events.push({
        type: 'tool-call-start',
        choice,
        index,
        id: call.id,
        name: call.name,
        ...(call.signature ? { signature: call.signature } : {}),
      });
      for (const text of chunkText(call.arguments)) events.push({ type: 'tool-call-delta', choice, index, arguments: text });
    });
    if (finishReason) events.push({ type: 'finish', choice, reason: finishReason });
  }
  if (result.usage) events.push({ type: 'usage', usage: result.usage });
  return events;
}

/** Events per replayed batch: a surface writes each batch as one chunk. */
export const REPLAY_BATCH_EVENTS = 64;

/** The replay as a stream of event batches, pulled on demand like a provider stream. */
export function replayStream(result: ChatResult): ReadableStream<EventBatch> {
  const events = replayEvents(result);
  let next = 0;
  return new ReadableStream<EventBatch>(
    {
      pull(controller) {
        if (next >= events.length) return controller.close();
        controller.enqueue(events.slice(next, next + REPLAY_BATCH_EVENTS));
        next += REPLAY_BATCH_EVENTS;
      },
    },
    { highWaterMark: 0 },
  );
}
