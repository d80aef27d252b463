// SYNTHETIC streams built from recorded non-stream bodies, used when a request streams but
// the chosen scenario only has a JSON recording (e.g. `fixture:chat/parallel-tool-calls`
// with `stream: true`). The event layout follows WIRE-NOTES.md §1, §4 and §5.

/** @param {any} payload @param {string} [event] @returns {import('./fixtures.mjs').SseEvent} */
export function sseEvent(payload, event) {
  const data = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const raw = `${event ? `event: ${event}\n` : ''}data: ${data}\n\n`;
  return { raw, data, json: typeof payload === 'string' ? undefined : payload, ...(event ? { event } : {}) };
}

/** Split text into word-ish deltas (at most ~12 pieces). */
function pieces(text) {
  const words = String(text).match(/\S+\s*|\s+/g) ?? [];
  const per = Math.max(1, Math.ceil(words.length / 12));
  const out = [];
  for (let i = 0; i < words.length; i += per) out.push(words.slice(i, i + per).join(''));
  return out.length ? out : [''];
}

/** Split a JSON argument string into two fragments, mid-token like the real thing. */
const halves = (s) => (s.length < 2 ? [s] : [s.slice(0, Math.floor(s.length / 2)), s.slice(Math.floor(s.length / 2))]);

/** OpenAI `chat.completion` → `chat.completion.chunk` events, usage chunk and `[DONE]`. */
export function synthesizeChatStream(completion) {
  const { id, created, model, system_fingerprint = null } = completion;
  const chunk = (delta, finish_reason = null, extra = {}) =>
    sseEvent({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      system_fingerprint,
      choices: [{ index: 0, delta, logprobs: null, finish_reason }],
      ...extra,
    });
  const choice = completion.choices?.[0] ?? {};
  const msg = choice.message ?? {};
  const events = [];
  const toolCalls = msg.tool_calls ?? [];
  events.push(chunk({ role: 'assistant', content: toolCalls.length || msg.function_call ? null : '', refusal: null }));
  if (msg.reasoning_content) for (const p of pieces(msg.reasoning_content)) events.push(chunk({ content: null, reasoning_content: p }));
  if (typeof msg.content === 'string' && msg.content) for (const p of pieces(msg.content)) events.push(chunk({ content: p }));
  else if (Array.isArray(msg.content)) events.push(chunk({ content: msg.content })); // Mistral magistral parts
  toolCalls.forEach((tc, index) => {
    const args = tc.function?.arguments ?? '';
    events.push(chunk({ tool_calls: [{ index, id: tc.id, type: 'function', function: { name: tc.function?.name, arguments: '' } }] }));
    for (const frag of halves(args)) events.push(chunk({ tool_calls: [{ index, function: { arguments: frag } }] }));
  });
  if (msg.function_call) {
    events.push(chunk({ function_call: { name: msg.function_call.name, arguments: '' } }));
    for (const frag of halves(msg.function_call.arguments ?? '')) events.push(chunk({ function_call: { arguments: frag } }));
  }
  events.push(chunk({}, choice.finish_reason ?? 'stop'));
  if (completion.usage)
    events.push(
      sseEvent({ id, object: 'chat.completion.chunk', created, model, system_fingerprint, choices: [], usage: completion.usage }),
    );
  events.push(sseEvent('[DONE]'));
  return events;
}

/** Anthropic `message` → message_start, content blocks, message_delta, message_stop. */
export function synthesizeAnthropicStream(message) {
  const ev = (payload) => sseEvent(payload, payload.type);
  const usage = message.usage ?? {};
  const events = [
    ev({
      type: 'message_start',
      message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } },
    }),
  ];
  (message.content ?? []).forEach((block, index) => {
    if (block.type === 'text') {
      events.push(ev({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } }));
      for (const p of pieces(block.text)) events.push(ev({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: p } }));
    } else if (block.type === 'tool_use') {
      events.push(ev({ type: 'content_block_start', index, content_block: { ...block, input: {} } }));
      events.push(ev({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: '' } }));
      for (const frag of halves(JSON.stringify(block.input ?? {})))
        events.push(ev({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: frag } }));
    } else if (block.type === 'thinking') {
      events.push(ev({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } }));
      for (const p of pieces(block.thinking))
        events.push(ev({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: p } }));
      events.push(ev({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: block.signature ?? '' } }));
    } else {
      events.push(ev({ type: 'content_block_start', index, content_block: block })); // e.g. redacted_thinking arrives whole
    }
    events.push(ev({ type: 'content_block_stop', index }));
  });
  events.push(
    ev({
      type: 'message_delta',
      delta: { stop_reason: message.stop_reason ?? 'end_turn', stop_sequence: message.stop_sequence ?? null },
      usage: { output_tokens: usage.output_tokens ?? 0 },
    }),
  );
  events.push(ev({ type: 'message_stop' }));
  return events;
}

/** Gemini: a whole GenerateContentResponse is a valid single stream chunk. */
export function synthesizeGeminiStream(response) {
  return [sseEvent(response)];
}
