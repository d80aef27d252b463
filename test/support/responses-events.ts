/**
 * Responses API streams written to OpenAI's published event grammar, for scenarios the recorded
 * corpus lacks (reasoning summaries with encrypted content, an incomplete response).
 * Each event is framed as OpenAI frames it: `event: <type>` then `data: <json>`.
 */
export function responsesSse(events: Record<string, unknown>[]): string {
  return events
    .map((event, sequence) => `event: ${String(event.type)}\ndata: ${JSON.stringify({ ...event, sequence_number: sequence })}\n\n`)
    .join('');
}

const response = (status: string, extra: Record<string, unknown> = {}) => ({
  id: 'resp_reasoning1',
  object: 'response',
  created_at: 1782321757,
  model: 'gpt-5-pro-2025-10-06',
  status,
  output: [],
  usage: null,
  ...extra,
});

export const ENCRYPTED = 'gAAAAABqPBJeFhsPCjOVtLmFf9nqhrg3Q1346dfxKYy3Vws8VXbV3OGvpwoWg4Wshy_IoQ8jPB1S15BsaAE==';

const reasoningItem = {
  id: 'rs_abc123',
  type: 'reasoning',
  summary: [
    { type: 'summary_text', text: '**Weather** Looking up Florence.' },
    { type: 'summary_text', text: 'Calling the tool — ok.' },
  ],
  encrypted_content: ENCRYPTED,
};

const functionCall = {
  id: 'fc_def456',
  type: 'function_call',
  status: 'completed',
  arguments: '{"location":"Florence, Italy"}',
  call_id: 'call_xyz789',
  name: 'weather',
};

/** A reasoning model: two summary parts streamed, encrypted content on `output_item.done`, then a tool call. */
export const reasoningToolCallStream = responsesSse([
  { type: 'response.created', response: response('in_progress') },
  { type: 'response.in_progress', response: response('in_progress') },
  { type: 'response.output_item.added', output_index: 0, item: { id: 'rs_abc123', type: 'reasoning', summary: [] } },
  {
    type: 'response.reasoning_summary_part.added',
    item_id: 'rs_abc123',
    output_index: 0,
    summary_index: 0,
    part: { type: 'summary_text', text: '' },
  },
  { type: 'response.reasoning_summary_text.delta', item_id: 'rs_abc123', output_index: 0, summary_index: 0, delta: '**Weather** Looking' },
  { type: 'response.reasoning_summary_text.delta', item_id: 'rs_abc123', output_index: 0, summary_index: 0, delta: ' up Florence.' },
  {
    type: 'response.reasoning_summary_text.done',
    item_id: 'rs_abc123',
    output_index: 0,
    summary_index: 0,
    text: '**Weather** Looking up Florence.',
  },
  {
    type: 'response.reasoning_summary_part.done',
    item_id: 'rs_abc123',
    output_index: 0,
    summary_index: 0,
    part: { type: 'summary_text', text: '' },
  },
  {
    type: 'response.reasoning_summary_part.added',
    item_id: 'rs_abc123',
    output_index: 0,
    summary_index: 1,
    part: { type: 'summary_text', text: '' },
  },
  {
    type: 'response.reasoning_summary_text.delta',
    item_id: 'rs_abc123',
    output_index: 0,
    summary_index: 1,
    delta: 'Calling the tool — ok.',
  },
  { type: 'response.output_item.done', output_index: 0, item: reasoningItem },
  { type: 'response.output_item.added', output_index: 1, item: { ...functionCall, status: 'in_progress', arguments: '' } },
  { type: 'response.function_call_arguments.delta', item_id: 'fc_def456', output_index: 1, delta: '{"location":' },
  { type: 'response.function_call_arguments.delta', item_id: 'fc_def456', output_index: 1, delta: '"Florence, Italy"}' },
  { type: 'response.function_call_arguments.done', item_id: 'fc_def456', output_index: 1, arguments: functionCall.arguments },
  { type: 'response.output_item.done', output_index: 1, item: functionCall },
  {
    type: 'response.completed',
    response: response('completed', {
      output: [reasoningItem, functionCall],
      usage: {
        input_tokens: 60,
        input_tokens_details: { cached_tokens: 32 },
        output_tokens: 93,
        output_tokens_details: { reasoning_tokens: 64 },
        total_tokens: 153,
      },
    }),
  },
]);

/** Cut short by `max_output_tokens`. */
export const incompleteStream = responsesSse([
  { type: 'response.created', response: response('in_progress') },
  { type: 'response.output_item.added', output_index: 0, item: { id: 'msg_1', type: 'message', role: 'assistant', content: [] } },
  { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Partial' },
  {
    type: 'response.incomplete',
    response: response('incomplete', {
      incomplete_details: { reason: 'max_output_tokens' },
      usage: { input_tokens: 5, output_tokens: 16, output_tokens_details: { reasoning_tokens: 15 }, total_tokens: 21 },
    }),
  },
]);
