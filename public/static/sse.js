// Server-sent events from a streaming `fetch` body, parsed as the HTML spec says: LF, CR or
// CRLF line ends (even split across chunks), comment lines, multi-line `data`, and an event
// dispatched only at its blank line. Yields `{ event, data, id }`.

function* lines(state, text, final) {
  state.buffer += text;
  for (;;) {
    const end = state.buffer.search(/[\r\n]/);
    if (end < 0) break;
    // A CR at the very end may be the first half of a CRLF still in flight.
    if (state.buffer[end] === '\r' && end === state.buffer.length - 1 && !final) break;
    const width = state.buffer[end] === '\r' && state.buffer[end + 1] === '\n' ? 2 : 1;
    yield state.buffer.slice(0, end);
    state.buffer = state.buffer.slice(end + width);
  }
}

export async function* sseEvents(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  const state = { buffer: '' };
  let data = [];
  let event = '';
  let id = '';
  let finished = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      for (const line of lines(state, value ?? '', done)) {
        if (line === '') {
          if (data.length) yield { event: event || 'message', data: data.join('\n'), id };
          data = [];
          event = '';
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let fieldValue = colon < 0 ? '' : line.slice(colon + 1);
        if (fieldValue.startsWith(' ')) fieldValue = fieldValue.slice(1);
        if (field === 'data') data.push(fieldValue);
        else if (field === 'event') event = fieldValue;
        else if (field === 'id') id = fieldValue;
      }
      if (done) {
        finished = true;
        return;
      }
    }
  } finally {
    // A consumer that stops early cancels the response, which cancels the request upstream.
    if (!finished) await reader.cancel().catch(() => {});
  }
}
