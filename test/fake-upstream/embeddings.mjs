// Embeddings. OpenAI's response shape comes from openai/embeddings/*.json; the vectors are
// SYNTHETIC: deterministic per (input, dimensions), seeded from the input text, with the
// recorded 256-d vector supplying realistic magnitudes. Gemini has no embedding recording,
// so its responses ({embedding:{values}} / {embeddings:[{values}]}) are SYNTHETIC too.

/** FNV-1a 32-bit hash. */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32 PRNG. */
function rng(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * SYNTHETIC unit vector for `input`: same input and dims → same vector.
 * @param {string} input @param {number} dims @param {number[]} base recorded values
 */
export function syntheticVector(input, dims, base) {
  const rand = rng(hash(`${dims}:${input}`));
  const out = new Array(dims);
  let norm = 0;
  for (let i = 0; i < dims; i++) {
    const b = base.length ? base[(i * 7 + Math.floor(rand() * base.length)) % base.length] : 0;
    const v = b + (rand() - 0.5) * 0.05;
    out[i] = v;
    norm += v * v;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < dims; i++) out[i] = Number((out[i] / norm).toPrecision(8));
  return out;
}

/** base64 of little-endian float32, as OpenAI's `encoding_format: "base64"`. */
export function toBase64(values) {
  const buf = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) buf.writeFloatLE(values[i], i * 4);
  return buf.toString('base64');
}

/** Rough token count (≈4 chars per token) for usage. */
const tokens = (input) => (Array.isArray(input) ? input.length : Math.max(1, Math.ceil(String(input).length / 4)));

/** Default output size per model family. */
function defaultDims(model) {
  if (/3-large|gemini-embedding/.test(model)) return 3072;
  if (/ada-002|3-small/.test(model)) return 1536;
  if (/text-embedding-00\d|embedding-001/.test(model)) return 768;
  return 1536;
}

/**
 * OpenAI `/embeddings` body: one vector per input, `dimensions` and `encoding_format` honoured.
 * @param {any} body @param {string} model @param {number[]} base
 */
export function openaiEmbeddings(body, model, base) {
  const raw = body?.input;
  /** @type {any[]} */
  const inputs =
    typeof raw === 'string'
      ? [raw]
      : Array.isArray(raw) && raw.length && typeof raw[0] === 'number'
        ? [raw]
        : Array.isArray(raw)
          ? raw
          : [];
  const dims = Number.isInteger(body?.dimensions) && body.dimensions > 0 ? body.dimensions : defaultDims(model);
  const base64 = body?.encoding_format === 'base64';
  const data = inputs.map((input, index) => {
    const values = syntheticVector(typeof input === 'string' ? input : JSON.stringify(input), dims, base);
    return { object: 'embedding', index, embedding: base64 ? toBase64(values) : values };
  });
  const used = inputs.reduce((n, input) => n + tokens(input), 0);
  return { object: 'list', data, model, usage: { prompt_tokens: used, total_tokens: used } };
}

/** Text of a Gemini `Content` ({parts:[{text}]}). */
const contentText = (content) => (content?.parts ?? []).map((p) => p?.text ?? '').join('');

/** SYNTHETIC Gemini `:embedContent` response. */
export function geminiEmbed(body, model, base) {
  const dims = body?.outputDimensionality ?? defaultDims(model);
  return { embedding: { values: syntheticVector(contentText(body?.content), dims, base) } };
}

/** SYNTHETIC Gemini `:batchEmbedContents` response. */
export function geminiBatchEmbed(body, model, base) {
  const requests = Array.isArray(body?.requests) ? body.requests : [];
  return { embeddings: requests.map((r) => geminiEmbed(r, model, base).embedding) };
}
