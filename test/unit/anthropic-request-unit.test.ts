import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../src/lib/canonical';
import { chatRequestSchema } from '../../src/lib/chat-request-schema';
import type { GatewayError } from '../../src/lib/http/errors';
import { buildAnthropicChatRequest, toAnthropicBody } from '../../src/providers/anthropic/request';
import type { Target } from '../../src/providers/types';
import { thrownGatewayError } from '../support/thrown';

const target: Target = {
  provider: 'anthropic',
  adapter: 'anthropic',
  model: 'claude-sonnet-4-5',
  baseUrl: 'https://anthropic.test',
  apiKey: 'sk-ant-test',
  options: {},
};

/** Requests go through the real schema, as the route validates them. */
const request = (fields: Record<string, unknown>): ChatRequest =>
  chatRequestSchema.parse({ model: 'anthropic/claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }], ...fields });

const body = (fields: Record<string, unknown>, on: Target = target) => toAnthropicBody(request(fields), on);

const rejection = (fields: Record<string, unknown>): GatewayError => thrownGatewayError(() => body(fields));

const weatherTool = {
  type: 'function',
  function: {
    name: 'weather',
    description: 'Get the weather',
    parameters: { type: 'object', properties: { location: { type: 'string' } } },
  },
};

describe('Anthropic request: HTTP shape', () => {
  it('posts to {base}/v1/messages with the key, version and JSON content type', () => {
    const spec = buildAnthropicChatRequest(request({}), target);
    expect(spec.url).toBe('https://anthropic.test/v1/messages');
    expect(spec.headers).toEqual({ 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'sk-ant-test' });
    expect(JSON.parse(spec.body)).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 64_000,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    });
  });
});

describe('Anthropic request: messages', () => {
  const cases: { name: string; messages: unknown[]; system?: unknown; expected: unknown }[] = [
    {
      name: 'lifts every system and developer message into system, in order',
      messages: [
        { role: 'system', content: 'one' },
        { role: 'user', content: 'hi' },
        { role: 'developer', content: [{ type: 'text', text: 'two' }] },
        { role: 'assistant', content: 'hello' },
        { role: 'system', content: 'three' },
        { role: 'user', content: 'bye' },
      ],
      system: [
        { type: 'text', text: 'one' },
        { type: 'text', text: 'two' },
        { type: 'text', text: 'three' },
      ],
      expected: [
        { role: 'user', content: [{ type: 'text', text: 'hi' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'hello' }] },
        { role: 'user', content: [{ type: 'text', text: 'bye' }] },
      ],
    },
    {
      name: 'merges consecutive same-role messages (also once a system message is lifted out between them)',
      messages: [
        { role: 'user', content: 'a' },
        { role: 'system', content: 's' },
        { role: 'user', content: [{ type: 'text', text: 'b' }] },
        { role: 'assistant', content: 'c' },
        { role: 'assistant', content: 'd' },
      ],
      system: [{ type: 'text', text: 's' }],
      expected: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'a' },
            { type: 'text', text: 'b' },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'c' },
            { type: 'text', text: 'd' },
          ],
        },
      ],
    },
    {
      name: 'turns tool calls into tool_use and tool results into tool_result blocks first in one user turn',
      messages: [
        { role: 'user', content: 'weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'toolu_1', type: 'function', function: { name: 'weather', arguments: '{"location":"Paris"}' } },
            { id: 'toolu_2', type: 'function', function: { name: 'weather', arguments: '' } },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_1', content: '20 C' },
        { role: 'tool', tool_call_id: 'toolu_2', content: [{ type: 'text', text: '25 C' }] },
        { role: 'user', content: 'thanks' },
      ],
      expected: [
        { role: 'user', content: [{ type: 'text', text: 'weather in Paris and Rome?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { location: 'Paris' } },
            { type: 'tool_use', id: 'toolu_2', name: 'weather', input: {} },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: '20 C' },
            { type: 'tool_result', tool_use_id: 'toolu_2', content: [{ type: 'text', text: '25 C' }] },
            { type: 'text', text: 'thanks' },
          ],
        },
      ],
    },
    {
      name: 'puts signed thinking blocks first in the assistant turn',
      messages: [
        { role: 'user', content: 'weather?' },
        {
          role: 'assistant',
          content: 'Let me check.',
          thinking_blocks: [
            { type: 'thinking', thinking: 'need the tool', signature: 'sig-1' },
            { type: 'redacted_thinking', data: 'opaque' },
          ],
          tool_calls: [{ id: 'toolu_9', type: 'function', function: { name: 'weather', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'toolu_9', content: 'sunny' },
      ],
      expected: [
        { role: 'user', content: [{ type: 'text', text: 'weather?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'need the tool', signature: 'sig-1' },
            { type: 'redacted_thinking', data: 'opaque' },
            { type: 'text', text: 'Let me check.' },
            { type: 'tool_use', id: 'toolu_9', name: 'weather', input: {} },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_9', content: 'sunny' }] },
      ],
    },
    {
      name: 'keeps thinking first when two assistant messages merge, and tool results first when a tool follows user text',
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: 'part one' },
        { role: 'assistant', content: 'part two', thinking_blocks: [{ type: 'thinking', thinking: 't', signature: 's' }] },
        { role: 'user', content: 'and' },
        { role: 'tool', tool_call_id: 'toolu_x', content: 'r' },
      ],
      expected: [
        { role: 'user', content: [{ type: 'text', text: 'go' }] },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 't', signature: 's' },
            { type: 'text', text: 'part one' },
            { type: 'text', text: 'part two' },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_x', content: 'r' },
            { type: 'text', text: 'and' },
          ],
        },
      ],
    },
    {
      name: 'converts images: data URLs to base64 sources, http(s) URLs to url sources; PDFs to documents',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'compare' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'high' } },
            { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } },
          ],
        },
      ],
      expected: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'compare' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
            { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' } },
          ],
        },
      ],
    },
    {
      name: 'gives legacy function calls an id and matches the function result to it',
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: null, function_call: { name: 'weather', arguments: '{"location":"Oslo"}' } },
        { role: 'function', name: 'weather', content: 'cold' },
      ],
      expected: [
        { role: 'user', content: [{ type: 'text', text: 'weather?' }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_function_1', name: 'weather', input: { location: 'Oslo' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_function_1', content: 'cold' }] },
      ],
    },
    {
      name: 'drops empty text (Anthropic rejects empty text blocks) and the turn it leaves empty',
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: '' },
        { role: 'user', content: 'b' },
      ],
      expected: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'a' },
            { type: 'text', text: 'b' },
          ],
        },
      ],
    },
  ];

  for (const testCase of cases) {
    it(testCase.name, () => {
      const converted = body({ messages: testCase.messages });
      expect(converted.messages).toEqual(testCase.expected);
      expect(converted.system).toEqual(testCase.system);
    });
  }

  const rejected: { name: string; messages: unknown[]; param: string; message: RegExp }[] = [
    {
      name: 'invalid tool-call JSON, naming the message index',
      messages: [
        { role: 'user', content: 'x' },
        { role: 'assistant', tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '{"a":' } }] },
      ],
      param: 'messages[1].tool_calls[0].function.arguments',
      message: /messages\[1\].*not valid JSON/,
    },
    {
      name: 'tool-call arguments that are not an object',
      messages: [
        { role: 'user', content: 'x' },
        { role: 'assistant', tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '[1]' } }] },
      ],
      param: 'messages[1].tool_calls[0].function.arguments',
      message: /JSON object/,
    },
    {
      name: 'audio input',
      messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }] }],
      param: 'messages[0].content[0]',
      message: /does not accept input_audio/,
    },
    {
      name: 'a file that is not a PDF',
      messages: [{ role: 'user', content: [{ type: 'file', file: { file_data: 'data:text/plain;base64,aGk=' } }] }],
      param: 'messages[0].content[0]',
      message: /PDF files only/,
    },
    {
      name: 'a file id',
      messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-123' } }] }],
      param: 'messages[0].content[0]',
      message: /file ids are not supported/,
    },
    {
      name: 'an image type Anthropic cannot read',
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/tiff;base64,AAAA' } }] }],
      param: 'messages[0].content[0]',
      message: /image\/tiff/,
    },
    {
      name: 'an image URL that is neither http(s) nor a data URL',
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://example.com/a.png' } }] }],
      param: 'messages[0].content[0]',
      message: /http\(s\) URL or a base64 data URL/,
    },
    {
      name: 'only system messages',
      messages: [{ role: 'system', content: 'be nice' }],
      param: 'messages',
      message: /at least one user or assistant message/,
    },
  ];

  it("leaves out unsigned thinking (another provider's reasoning) and keeps signed and redacted blocks", () => {
    const sent = body({
      messages: [
        { role: 'user', content: 'x' },
        {
          role: 'assistant',
          content: 'y',
          thinking_blocks: [
            { type: 'thinking', thinking: 'from gemini', signature: '' },
            { type: 'thinking', thinking: 'signed', signature: 'sig-1' },
            { type: 'redacted_thinking', data: 'opaque' },
          ],
        },
        { role: 'user', content: 'z' },
      ],
    });
    expect((sent.messages as { content: unknown }[])[1]?.content).toEqual([
      { type: 'thinking', thinking: 'signed', signature: 'sig-1' },
      { type: 'redacted_thinking', data: 'opaque' },
      { type: 'text', text: 'y' },
    ]);
  });

  for (const testCase of rejected) {
    it(`answers 400 for ${testCase.name}`, () => {
      const error = rejection({ messages: testCase.messages });
      expect(error.status).toBe(400);
      expect(error.param).toBe(testCase.param);
      expect(error.message).toMatch(testCase.message);
    });
  }
});

describe('Anthropic request: parameters', () => {
  const cases: { name: string; fields: Record<string, unknown>; expected: Record<string, unknown>; on?: Target }[] = [
    {
      name: 'max_tokens passes through; stop becomes stop_sequences',
      fields: { max_tokens: 100, stop: 'END', temperature: 0.5, top_p: 0.9, top_k: 40 },
      expected: { max_tokens: 100, stop_sequences: ['END'], temperature: 0.5, top_p: 0.9, top_k: 40 },
    },
    {
      name: 'max_completion_tokens wins over max_tokens; a stop list stays a list',
      fields: { max_tokens: 100, max_completion_tokens: 200, stop: ['a', 'b'] },
      expected: { max_tokens: 200, stop_sequences: ['a', 'b'] },
    },
    {
      name: 'max_tokens defaults to a documented constant for a model the catalog does not know',
      fields: {},
      on: { ...target, model: 'claude-future-9' },
      expected: { max_tokens: 4096 },
    },
    {
      name: 'user and safety_identifier become metadata.user_id (safety_identifier first)',
      fields: { user: 'u-1', safety_identifier: 'safe-1' },
      expected: { metadata: { user_id: 'safe-1' } },
    },
    {
      name: 'tools keep name, description and schema; a tool without parameters gets an object schema',
      fields: { tools: [weatherTool, { type: 'function', function: { name: 'now' } }] },
      expected: {
        tools: [
          {
            name: 'weather',
            description: 'Get the weather',
            input_schema: { type: 'object', properties: { location: { type: 'string' } } },
          },
          { name: 'now', input_schema: { type: 'object' } },
        ],
      },
    },
    { name: 'tool_choice auto', fields: { tools: [weatherTool], tool_choice: 'auto' }, expected: { tool_choice: { type: 'auto' } } },
    { name: 'tool_choice none', fields: { tools: [weatherTool], tool_choice: 'none' }, expected: { tool_choice: { type: 'none' } } },
    {
      name: 'tool_choice required → any',
      fields: { tools: [weatherTool], tool_choice: 'required' },
      expected: { tool_choice: { type: 'any' } },
    },
    {
      name: 'tool_choice naming a function → tool',
      fields: { tools: [weatherTool], tool_choice: { type: 'function', function: { name: 'weather' } } },
      expected: { tool_choice: { type: 'tool', name: 'weather' } },
    },
    {
      name: 'parallel_tool_calls false → disable_parallel_tool_use',
      fields: { tools: [weatherTool], parallel_tool_calls: false },
      expected: { tool_choice: { type: 'auto', disable_parallel_tool_use: true } },
    },
    {
      name: 'legacy functions and function_call become tools and tool_choice',
      fields: { functions: [weatherTool.function], function_call: { name: 'weather' } },
      expected: { tools: [expect.objectContaining({ name: 'weather' })], tool_choice: { type: 'tool', name: 'weather' } },
    },
    {
      name: 'thinking passes through and max_tokens stays above its budget',
      fields: { thinking: { type: 'enabled', budget_tokens: 2000 }, max_tokens: 3000 },
      expected: { thinking: { type: 'enabled', budget_tokens: 2000 }, max_tokens: 3000 },
    },
    {
      name: 'reasoning_effort maps to a documented thinking budget',
      fields: { reasoning_effort: 'high' },
      expected: { thinking: { type: 'enabled', budget_tokens: 16_384 }, max_tokens: 64_000 },
    },
    {
      name: 'a defaulted max_tokens is raised above a thinking budget the model limit does not cover',
      fields: { reasoning_effort: 'medium' },
      on: { ...target, model: 'claude-future-9' },
      expected: { thinking: { type: 'enabled', budget_tokens: 8192 }, max_tokens: 8192 + 4096 },
    },
    {
      name: 'json_schema becomes one forced tool with that schema',
      fields: {
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'city', schema: { type: 'object', properties: { name: { type: 'string' } } } },
        },
      },
      expected: {
        tools: [
          {
            name: 'switchboard_json_response',
            description: "Respond with a JSON object matching the 'city' schema.",
            input_schema: { type: 'object', properties: { name: { type: 'string' } } },
          },
        ],
        tool_choice: { type: 'tool', name: 'switchboard_json_response' },
      },
    },
    {
      name: 'ignorable parameters are not forwarded',
      fields: { seed: 7, store: true, metadata: { team: 'a' }, prompt_cache_key: 'k', n: 1, logprobs: false },
      expected: { model: 'claude-sonnet-4-5', max_tokens: 64_000, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] },
    },
  ];

  for (const testCase of cases) {
    it(testCase.name, () => {
      const converted = body(testCase.fields, testCase.on);
      if (testCase.name.startsWith('ignorable')) expect(converted).toEqual(testCase.expected);
      else expect(converted).toMatchObject(testCase.expected);
    });
  }

  it('sends stream: true only for streams', () => {
    expect(body({ stream: true }).stream).toBe(true);
    expect(body({}).stream).toBeUndefined();
  });

  const droppedCases: { fields: Record<string, unknown>; dropped: string[] }[] = [
    { fields: { n: 2 }, dropped: ['n'] },
    { fields: { logprobs: true }, dropped: ['logprobs'] },
    { fields: { top_logprobs: 2 }, dropped: ['top_logprobs'] },
    { fields: { logit_bias: { '50256': -100 } }, dropped: ['logit_bias'] },
    { fields: { frequency_penalty: 0.5 }, dropped: ['frequency_penalty'] },
    { fields: { presence_penalty: 0.5 }, dropped: ['presence_penalty'] },
    { fields: { audio: { voice: 'alloy', format: 'wav' }, modalities: ['text', 'audio'] }, dropped: ['audio', 'modalities'] },
    { fields: { prediction: { type: 'content', content: 'x' } }, dropped: ['prediction'] },
    { fields: { web_search_options: {} }, dropped: ['web_search_options'] },
    { fields: { service_tier: 'flex' }, dropped: ['service_tier'] },
  ];
  for (const testCase of droppedCases) {
    it(`leaves out and names ${testCase.dropped.join(', ')} (no Anthropic equivalent)`, () => {
      const spec = buildAnthropicChatRequest(request(testCase.fields), target);
      expect(spec.dropped).toEqual(testCase.dropped);
      const sent = JSON.parse(spec.body) as Record<string, unknown>;
      for (const name of testCase.dropped) expect(sent[name]).toBeUndefined();
    });
  }

  const rejected: { fields: Record<string, unknown>; param: string; message: RegExp }[] = [
    { fields: { temperature: 1.5 }, param: 'temperature', message: /0 to 1; got 1.5/ },
    { fields: { tool_choice: 'auto' }, param: 'tool_choice', message: /only allowed when 'tools'/ },
    { fields: { thinking: { type: 'enabled', budget_tokens: 2000 }, max_tokens: 2000 }, param: 'max_tokens', message: /thinking budget/ },
    {
      fields: { tools: [weatherTool], response_format: { type: 'json_object' } },
      param: 'response_format',
      message: /cannot combine response_format with tools/,
    },
    {
      fields: { reasoning_effort: 'low', response_format: { type: 'json_object' } },
      param: 'response_format',
      message: /extended thinking/,
    },
    {
      fields: { response_format: { type: 'json_schema', json_schema: { name: 'list', schema: { type: 'array' } } } },
      param: 'response_format.json_schema.schema',
      message: /type "object"/,
    },
    {
      fields: { tools: [{ type: 'function', function: { name: 'switchboard_json_response' } }] },
      param: 'tools[0].function.name',
      message: /reserved/,
    },
  ];

  for (const testCase of rejected) {
    it(`answers 400 for ${JSON.stringify(testCase.fields)}`, () => {
      const error = rejection(testCase.fields);
      expect(error.status).toBe(400);
      expect(error.param).toBe(testCase.param);
      expect(error.message).toMatch(testCase.message);
    });
  }
});
