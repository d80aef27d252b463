/**
 * The Responses stream grammar as OpenAI documents it (openapi.yaml, ResponseStreamEvent) and
 * its recordings show it, checked on a parsed stream. Throws with the offending event's
 * sequence number, so a test failure says exactly where the stream went wrong.
 */

export interface WireEvent {
  event: string | undefined;
  data: Record<string, unknown> & { type: string; sequence_number: number };
}

/** Parse SSE text into `{event, data}` records (every event of this grammar is JSON). */
export function parseResponsesSse(text: string): WireEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((line) => line.startsWith('event: '))?.slice(7);
      const data = lines
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      return { event, data: JSON.parse(data) };
    });
}

type Item = Record<string, unknown> & { id: string; type: string };

const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/** Checks the grammar; returns the final response object. */
export function checkResponsesGrammar(events: WireEvent[]): Record<string, unknown> & { output: Item[]; status: string } {
  const fail = (index: number, why: string): never => {
    throw new Error(`event #${index} (${events[index]?.data.type}): ${why}`);
  };
  if (events[0]?.data.type !== 'response.created') fail(0, 'the stream must start with response.created');
  if (events[1]?.data.type !== 'response.in_progress') fail(1, 'response.in_progress must follow response.created');
  const responseId = (events[0]?.data.response as { id: string } | undefined)?.id;
  const items: Item[] = [];
  let open:
    | { index: number; item: Item; part?: { index: number; text: string }; summary?: { index: number; text: string }; args: string }
    | undefined;
  let ended = false;
  for (const [i, { event, data }] of events.entries()) {
    if (event !== data.type) fail(i, `event line '${event}' differs from data.type`);
    if (data.sequence_number !== i) fail(i, `sequence_number ${data.sequence_number}, expected ${i}`);
    if (ended) fail(i, 'nothing may follow the terminal event');
    const at = data as Record<string, unknown>;
    if ('output_index' in at && data.type !== 'response.output_item.added') {
      if (!open || at.output_index !== open.index) fail(i, `output_index ${at.output_index} is not the open item`);
      if ('item_id' in at && at.item_id !== open?.item.id) fail(i, 'item_id is not the open item');
    }
    switch (data.type) {
      case 'response.created':
      case 'response.in_progress':
        if (i > 1) fail(i, 'lifecycle event out of place');
        continue;
      case 'response.output_item.added': {
        if (open) fail(i, 'an item was added while another is open');
        if (at.output_index !== items.length) fail(i, `output_index ${at.output_index}, expected ${items.length}`);
        const item = at.item as Item;
        if (!item?.id) fail(i, 'an added item needs an id');
        open = { index: items.length, item, args: '' };
        items.push(item);
        continue;
      }
      case 'response.content_part.added':
        if (open?.part) fail(i, 'a content part is already open');
        if (open) open.part = { index: at.content_index as number, text: '' };
        continue;
      case 'response.output_text.delta':
      case 'response.refusal.delta':
        if (!open?.part || open.part.index !== at.content_index) fail(i, 'delta outside its content part');
        if (open?.part) open.part.text += at.delta as string;
        continue;
      case 'response.output_text.done':
        if (open?.part?.text !== at.text) fail(i, 'output_text.done text differs from its deltas');
        continue;
      case 'response.refusal.done':
        if (open?.part?.text !== at.refusal) fail(i, 'refusal.done differs from its deltas');
        continue;
      case 'response.content_part.done':
        if (!open?.part || open.part.index !== at.content_index) fail(i, 'content_part.done for a part that is not open');
        if (open) open.part = undefined;
        continue;
      case 'response.reasoning_summary_part.added':
        if (open?.item.type !== 'reasoning') fail(i, 'summary part outside a reasoning item');
        if (open) open.summary = { index: at.summary_index as number, text: '' };
        continue;
      case 'response.reasoning_summary_text.delta':
        if (open?.summary?.index !== at.summary_index) fail(i, 'summary delta outside its part');
        if (open?.summary) open.summary.text += at.delta as string;
        continue;
      case 'response.reasoning_summary_text.done':
        if (open?.summary?.text !== at.text) fail(i, 'summary text done differs from its deltas');
        continue;
      case 'response.reasoning_summary_part.done':
        if (open) open.summary = undefined;
        continue;
      case 'response.function_call_arguments.delta':
        if (open?.item.type !== 'function_call') fail(i, 'arguments outside a function_call item');
        if (open) open.args += at.delta as string;
        continue;
      case 'response.function_call_arguments.done':
        if (open?.args !== at.arguments) fail(i, 'arguments.done differs from its deltas');
        // `name` is required by the spec; the older recordings lack it.
        if ('name' in at && open?.item.name !== at.name) fail(i, 'arguments.done names another function');
        continue;
      case 'response.output_item.done': {
        if (!open) throw new Error(`event #${i}: no item is open`);
        if (open.part || open.summary) fail(i, 'a part is still open');
        const item = at.item as Item;
        if (item.id !== open.item.id || item.type !== open.item.type) fail(i, 'the done item is not the added item');
        items[open.index] = item;
        open = undefined;
        continue;
      }
      case 'error': {
        // The spec puts code/message/param at the top level; OpenAI's recorded stream nests them (WIRE-NOTES §3).
        const error = (typeof at.error === 'object' && at.error !== null ? at.error : at) as Record<string, unknown>;
        if (typeof error.message !== 'string' || !('code' in error) || !('param' in error))
          fail(i, 'an error event needs code, message, param');
        continue;
      }
      default:
        if (TERMINAL.has(data.type)) {
          if (open && data.type !== 'response.failed') fail(i, 'an item is still open at the end');
          ended = true;
          continue;
        }
        fail(i, 'unknown event type');
    }
  }
  const last = events.at(-1)?.data;
  if (!last || !TERMINAL.has(last.type)) throw new Error('the stream must end with response.completed, .incomplete or .failed');
  const response = last.response as Record<string, unknown> & { output: Item[]; status: string; id: string };
  if (response.id !== responseId) throw new Error('the terminal response has another id');
  if (last.type !== 'response.failed' && JSON.stringify(response.output) !== JSON.stringify(items)) {
    throw new Error('the terminal response output differs from the output_item.done items');
  }
  return response;
}
