/** Recorded provider traffic, bundled into the test worker by Vite (`?raw`), keyed by path. */
const files = import.meta.glob('../fixtures/recorded/**/*.{sse,json,jsonl}', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

export function fixture(path: string): string {
  const text = files[`../fixtures/recorded/${path}`];
  if (text === undefined) throw new Error(`no fixture ${path}`);
  return text;
}

export function fixtureJson<T = unknown>(path: string): T {
  return JSON.parse(fixture(path)) as T;
}

/** `.chunks.jsonl` keeps only data payloads: rebuild the SSE framing (WIRE-NOTES §0). */
export function chunksToSse(jsonl: string, options: { eventFromType?: boolean; done?: boolean } = {}): string {
  let out = '';
  for (const line of jsonl.split('\n')) {
    if (!line.trim()) continue;
    if (options.eventFromType) out += `event: ${(JSON.parse(line) as { type: string }).type}\n`;
    out += `data: ${line}\n\n`;
  }
  if (options.done) out += 'data: [DONE]\n\n';
  return out;
}
