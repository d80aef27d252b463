/**
 * The translation matrix's rows: for each provider, which recorded fixture answers each cell
 * (forced with a `fixture:` model, test/fake-upstream/README.md) and the file the oracle
 * reads the expected answer from. A stream forced onto a JSON-only recording is synthesized
 * by the fake from that JSON, so its expected answer is the JSON's.
 */
export type ProviderId = 'openai' | 'anthropic' | 'gemini' | 'azure' | 'deepseek';
export type Wire = 'openai' | 'anthropic' | 'gemini';

export interface Served {
  /** Model after `provider/`. */
  model: string;
  /** Recorded file under test/fixtures/recorded/ holding the answer. */
  recorded: string;
}

export interface ProviderCase {
  provider: ProviderId;
  /** The upstream wire format, for assertions on what the gateway sent. */
  wire: Wire;
  text: Served;
  stream: Served;
  tools: Served;
  streamTools: Served;
  /** A stream whose usage is checked (one with cache counts where a recording has them). */
  streamUsage: Served;
  /** The second call of the tool round trip, streamed (the tool result's answer). */
  followup: Served;
  /** A plain model name; the error cell adds fault directives to it. */
  plainModel: string;
  /** Said in docs/translation-matrix.md next to the provider. */
  notes?: string;
  /** Said in docs/translation-matrix.md for one cell. */
  cellNotes?: Partial<Record<Cell, string>>;
}

export const providerCases: ProviderCase[] = [
  {
    provider: 'openai',
    wire: 'openai',
    text: { model: 'fixture:chat/text', recorded: 'openai/chat/text.json' },
    stream: { model: 'fixture:chat/text-stream-include-usage', recorded: 'openai/chat/text-stream-include-usage.sse' },
    tools: { model: 'fixture:chat/tool-call', recorded: 'openai/chat/tool-call.json' },
    streamTools: { model: 'fixture:chat/tool-call', recorded: 'openai/chat/tool-call-stream.sse' },
    streamUsage: { model: 'fixture:chat/text-stream-include-usage', recorded: 'openai/chat/text-stream-include-usage.sse' },
    followup: { model: 'fixture:chat/tool-call-stream-followup', recorded: 'openai/chat/tool-call-stream-followup.sse' },
    plainModel: 'gpt-4o-mini',
  },
  {
    provider: 'anthropic',
    wire: 'anthropic',
    text: { model: 'fixture:text', recorded: 'anthropic/text.json' },
    stream: { model: 'fixture:text-stream', recorded: 'anthropic/text-stream.sse' },
    tools: { model: 'fixture:tool-use', recorded: 'anthropic/tool-use.json' },
    streamTools: { model: 'fixture:tool-use-stream', recorded: 'anthropic/tool-use-stream.sse' },
    streamUsage: {
      model: 'fixture:cache-write-max-tokens-stream',
      recorded: 'anthropic/cache-write-max-tokens-stream.chunks.jsonl',
    },
    followup: { model: 'fixture:tool-use-stream-followup', recorded: 'anthropic/tool-use-stream-followup.sse' },
    plainModel: 'claude-sonnet-4-5',
    notes: 'usage stream is a recorded prompt-cache write (18 639 cache-creation tokens)',
    cellNotes: { 'tool round trip': 'signed thinking blocks go back upstream intact on both surfaces (integration tests)' },
  },
  {
    provider: 'gemini',
    wire: 'gemini',
    text: { model: 'fixture:text', recorded: 'gemini/text.json' },
    stream: { model: 'fixture:text-stream', recorded: 'gemini/text-stream.sse' },
    tools: { model: 'fixture:function-call', recorded: 'gemini/function-call.json' },
    streamTools: { model: 'fixture:function-call-stream', recorded: 'gemini/function-call-stream.sse' },
    streamUsage: { model: 'fixture:text-stream-usage-per-chunk', recorded: 'gemini/text-stream-usage-per-chunk.sse' },
    followup: { model: 'fixture:function-call-followup', recorded: 'gemini/function-call-followup.json' },
    plainModel: 'gemini-2.5-flash',
    notes: 'thought tokens are counted as output; tool-call ids are made by the gateway (Gemini 2.x sends none)',
    cellNotes: {
      'tool round trip': 'the thought signature goes back with its call on both surfaces (`tool_calls[].signature`, `tool_use.signature`)',
      image: 'data URLs become `inlineData`; an http(s) URL needs a known image extension (`fileData`)',
    },
  },
  {
    provider: 'azure',
    wire: 'openai',
    text: { model: 'fixture:chat-text', recorded: 'azure-openai/chat-text.json' },
    stream: { model: 'fixture:chat-text-stream', recorded: 'azure-openai/chat-text-stream.sse' },
    // A deployment name has no '/', so the tool cells name a plain deployment and the fake picks
    // the OpenAI tool recordings from the request (tools present, or a tool result in it).
    tools: { model: 'gpt-4o-mini', recorded: 'openai/chat/tool-call.json' },
    streamTools: { model: 'gpt-4o-mini', recorded: 'openai/chat/tool-call-stream.sse' },
    streamUsage: { model: 'fixture:chat-text-stream', recorded: 'azure-openai/chat-text-stream.sse' },
    // The fake answers a follow-up with the family's own text recording when it has one (Azure's).
    followup: { model: 'gpt-4o-mini', recorded: 'azure-openai/chat-text-stream.sse' },
    plainModel: 'gpt-4o-mini',
    notes: 'tool calls replay OpenAI recordings (no Azure tool recording exists); the follow-up answer is Azure’s text recording',
  },
  {
    provider: 'deepseek',
    wire: 'openai',
    text: { model: 'fixture:text', recorded: 'deepseek/text.json' },
    stream: { model: 'fixture:reasoning-stream', recorded: 'deepseek/reasoning-stream.sse' },
    tools: { model: 'fixture:tool-call', recorded: 'deepseek/tool-call.json' },
    streamTools: { model: 'fixture:tool-call', recorded: 'deepseek/tool-call.json' },
    streamUsage: { model: 'fixture:tool-call', recorded: 'deepseek/tool-call.json' },
    followup: { model: 'fixture:chat/tool-call-stream-followup', recorded: 'openai/chat/tool-call-stream-followup.sse' },
    plainModel: 'deepseek-chat',
    notes: 'stream is a recorded reasoner stream (reasoning kept apart from the text); usage has 320 prompt-cache hits',
    cellNotes: { image: "forwarded as OpenAI `image_url`; DeepSeek's own API answers text-only models with its error" },
  },
];

export const cells = ['text', 'stream', 'tools', 'stream+tools', 'usage', 'error', 'tool round trip', 'image'] as const;
export type Cell = (typeof cells)[number];

/** A 1×1 PNG, for the image cell. */
export const PIXEL_PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** The tool every tool cell offers; the recorded answers call `weather` (or the caller's name). */
export const weatherTool = {
  name: 'weather',
  description: 'Current weather at a location',
  parameters: {
    type: 'object',
    properties: { location: { type: 'string' } },
    required: ['location'],
  },
};
