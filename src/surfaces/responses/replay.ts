/**
 * `GET /v1/responses/{id}?stream=true`: a stored response replayed in the stream grammar, each
 * part's text as one delta (it is already complete), numbered from 0 like a live stream.
 */
import type { ResponseContext } from './envelope';
import type { FunctionCallItem, MessageItem, OutputItem, ReasoningItem } from './items';
import { StreamOutput } from './stream-output';

function message(wire: StreamOutput, index: number, item: MessageItem): void {
  const at = { item_id: item.id, output_index: index };
  item.content.forEach((part, content_index) => {
    const empty =
      part.type === 'refusal' ? { type: 'refusal', refusal: '' } : { type: 'output_text', annotations: [], logprobs: [], text: '' };
    wire.send('response.content_part.added', { ...at, content_index, part: empty });
    if (part.type === 'refusal') {
      wire.send('response.refusal.delta', { ...at, content_index, delta: part.refusal });
      wire.send('response.refusal.done', { ...at, content_index, refusal: part.refusal });
    } else {
      wire.send('response.output_text.delta', { ...at, content_index, delta: part.text, logprobs: part.logprobs ?? [] });
      wire.send('response.output_text.done', { ...at, content_index, text: part.text, logprobs: part.logprobs ?? [] });
    }
    wire.send('response.content_part.done', { ...at, content_index, part });
  });
}

function reasoning(wire: StreamOutput, index: number, item: ReasoningItem): void {
  const at = { item_id: item.id, output_index: index };
  item.summary.forEach((part, summary_index) => {
    wire.send('response.reasoning_summary_part.added', { ...at, summary_index, part: { type: 'summary_text', text: '' } });
    wire.send('response.reasoning_summary_text.delta', { ...at, summary_index, delta: part.text });
    wire.send('response.reasoning_summary_text.done', { ...at, summary_index, text: part.text });
    wire.send('response.reasoning_summary_part.done', { ...at, summary_index, part });
  });
}

function functionCall(wire: StreamOutput, index: number, item: FunctionCallItem): void {
  const at = { item_id: item.id, output_index: index };
  if (item.arguments) wire.send('response.function_call_arguments.delta', { ...at, delta: item.arguments });
  wire.send('response.function_call_arguments.done', { ...at, name: item.name, arguments: item.arguments });
}

/** `response` as stored; `context.withEncrypted` decides what the caller sees. */
export function replayStoredResponse(response: Record<string, unknown>, context: ResponseContext): string {
  const wire = new StreamOutput(context);
  const shown = (value: unknown) => ({ ...(response as object), ...(value as object) });
  const output = (response.output as OutputItem[] | undefined) ?? [];
  const pending = shown({ status: 'in_progress', output: [], usage: null, completed_at: null, incomplete_details: null });
  wire.send('response.created', { response: pending });
  wire.send('response.in_progress', { response: pending });
  for (const [index, item] of output.entries()) {
    if (item.type === 'message') wire.add(item, { ...item, status: 'in_progress', content: [] });
    else if (item.type === 'function_call') wire.add(item, { ...item, status: 'in_progress', arguments: '' });
    else if (item.type === 'reasoning') wire.add(item, { id: item.id, type: item.type, summary: [] });
    // An item only OpenAI makes (web_search_call …, stored from the same-dialect lane): as stored.
    else wire.add(item, item);
    if (item.type === 'message') message(wire, index, item);
    else if (item.type === 'reasoning') reasoning(wire, index, item);
    else if (item.type === 'function_call') functionCall(wire, index, item);
    wire.done(index, item);
  }
  const status = response.status;
  const terminal = status === 'incomplete' ? 'response.incomplete' : status === 'failed' ? 'response.failed' : 'response.completed';
  wire.send(terminal, { response: shown({ output: output.map((item) => wire.show(item)) }) });
  return wire.take();
}
