import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../src/lib/canonical';
import { chatRequestSchema } from '../../src/lib/chat-request-schema';
import type { GatewayError } from '../../src/lib/http/errors';
import { buildGeminiChatRequest, toGeminiBody } from '../../src/providers/gemini/request';
import type { Target } from '../../src/providers/types';
import { thrownGatewayError } from '../support/thrown';

const target: Target = {
  provider: 'gemini',
  adapter: 'gemini',
  model: 'gemini-2.5-flash',
  baseUrl: 'https://gemini.example',
  apiKey: 'AIzaSy-secret-key-000000000000',
  options: {},
};

const request = (fields: Record<string, unknown>): ChatRequest =>
  chatRequestSchema.parse({ model: 'gemini/gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }], ...fields });

const body = (fields: Record<string, unknown>) => toGeminiBody(request(fields));

const rejection = (fields: Record<string, unknown>): GatewayError => thrownGatewayError(() => body(fields));

const weatherTool = {
  type: 'function',
  function: {
    name: 'weather',
    description: 'Get weather information for a location',
    parameters: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { location: { type: 'string', description: 'the city' } },
      required: ['location'],
      additionalProperties: false,
    },
  },
};

describe('Gemini request: URL and credential', () => {
  it('posts generateContent with the key in x-goog-api-key, never in the URL', () => {
    const spec = buildGeminiChatRequest(request({}), target);
    expect(spec.url).toBe('https://gemini.example/v1beta/models/gemini-2.5-flash:generateContent');
    expect(spec.headers['x-goog-api-key']).toBe(target.apiKey);
    expect(spec.url).not.toContain('key=');
  });

  it('streams with streamGenerateContent?alt=sse (never the JSON-array mode)', () => {
    expect(buildGeminiChatRequest(request({ stream: true }), target).url).toBe(
      'https://gemini.example/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    );
  });
});

describe('Gemini request: roles and system', () => {
  it('lifts system and developer messages into systemInstruction and maps assistant to model', () => {
    expect(
      body({
        messages: [
          { role: 'system', content: 'You are terse.' },
          { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
          { role: 'user', content: 'Hello' },
          { role: 'assistant', content: 'Bonjour' },
          { role: 'user', content: 'Again' },
        ],
      }),
    ).toEqual({
      systemInstruction: { parts: [{ text: 'You are terse.' }, { text: 'Answer in French.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'Hello' }] },
        { role: 'model', parts: [{ text: 'Bonjour' }] },
        { role: 'user', parts: [{ text: 'Again' }] },
      ],
    });
  });

  it('merges consecutive messages of one role', () => {
    expect(
      body({
        messages: [
          { role: 'user', content: 'one' },
          { role: 'user', content: [{ type: 'text', text: 'two' }] },
          { role: 'assistant', content: 'a' },
          { role: 'assistant', content: 'b' },
        ],
      }).contents,
    ).toEqual([
      { role: 'user', parts: [{ text: 'one' }, { text: 'two' }] },
      { role: 'model', parts: [{ text: 'a' }, { text: 'b' }] },
    ]);
  });

  it('refuses a conversation that is only a system prompt', () => {
    expect(rejection({ messages: [{ role: 'system', content: 'x' }] }).param).toBe('messages');
  });
});

describe('Gemini request: tools and tool_choice', () => {
  it('declares functions with their schema translated through the allow-list', () => {
    expect(body({ tools: [weatherTool] }).tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'weather',
            description: 'Get weather information for a location',
            parameters: {
              type: 'OBJECT',
              properties: { location: { type: 'STRING', description: 'the city' } },
              required: ['location'],
            },
          },
        ],
      },
    ]);
  });

  it('omits parameters for a function without arguments (Gemini rejects an empty OBJECT)', () => {
    const tools = [{ type: 'function', function: { name: 'now', parameters: { type: 'object', properties: {} } } }];
    expect(body({ tools }).tools).toEqual([{ functionDeclarations: [{ name: 'now' }] }]);
  });

  const choices: [unknown, unknown][] = [
    ['auto', { functionCallingConfig: { mode: 'AUTO' } }],
    ['none', { functionCallingConfig: { mode: 'NONE' } }],
    ['required', { functionCallingConfig: { mode: 'ANY' } }],
    [{ type: 'function', function: { name: 'weather' } }, { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['weather'] } }],
  ];
  for (const [choice, toolConfig] of choices) {
    it(`maps tool_choice ${JSON.stringify(choice)}`, () => {
      expect(body({ tools: [weatherTool], tool_choice: choice }).toolConfig).toEqual(toolConfig);
    });
  }

  it('sends no toolConfig when tool_choice is absent', () => {
    expect(body({ tools: [weatherTool] }).toolConfig).toBeUndefined();
  });

  it('refuses a named tool_choice that is not among the tools, and tool_choice without tools', () => {
    expect(rejection({ tools: [weatherTool], tool_choice: { type: 'function', function: { name: 'nope' } } }).param).toBe('tool_choice');
    expect(rejection({ tool_choice: 'required' }).param).toBe('tool_choice');
  });

  it('translates the legacy functions / function_call', () => {
    const converted = body({ functions: [weatherTool.function], function_call: { name: 'weather' } });
    expect(converted.tools).toEqual([expect.objectContaining({ functionDeclarations: [expect.objectContaining({ name: 'weather' })] })]);
    expect(converted.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['weather'] } });
  });
});

describe('Gemini request: tool calls and their results', () => {
  const call = (id: string, name: string, args: string, signature?: string) => ({
    id,
    type: 'function',
    function: { name, arguments: args },
    ...(signature ? { signature } : {}),
  });

  it('sends assistant tool calls as functionCall parts with parsed args and the signature echoed', () => {
    const converted = body({
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: null, tool_calls: [call('call_1', 'weather', '{"location":"Florence,Italy"}', 'sig-abc')] },
        { role: 'tool', tool_call_id: 'call_1', content: '40 C' },
      ],
    });
    expect(converted.contents).toEqual([
      { role: 'user', parts: [{ text: 'weather?' }] },
      {
        role: 'model',
        parts: [{ functionCall: { id: 'call_1', name: 'weather', args: { location: 'Florence,Italy' } }, thoughtSignature: 'sig-abc' }],
      },
      { role: 'user', parts: [{ functionResponse: { id: 'call_1', name: 'weather', response: { result: '40 C' } } }] },
    ]);
  });

  it('maps results back to names by tool_call_id and puts them in call order', () => {
    const converted = body({
      messages: [
        { role: 'user', content: 'add and multiply 2 and 3' },
        { role: 'assistant', tool_calls: [call('a', 'add', '{"a":2,"b":3}'), call('m', 'multiply', '{"a":2,"b":3}')] },
        { role: 'tool', tool_call_id: 'm', content: '{"value":6}' },
        { role: 'tool', tool_call_id: 'a', content: '5' },
        { role: 'user', content: 'thanks' },
      ],
    });
    expect(converted.contents).toEqual([
      expect.anything(),
      expect.objectContaining({ role: 'model' }),
      {
        role: 'user',
        parts: [
          { functionResponse: { id: 'a', name: 'add', response: { result: '5' } } },
          { functionResponse: { id: 'm', name: 'multiply', response: { value: 6 } } },
          { text: 'thanks' },
        ],
      },
    ]);
  });

  it('refuses a tool result whose id matches no earlier call', () => {
    const error = rejection({
      messages: [
        { role: 'user', content: 'x' },
        { role: 'tool', tool_call_id: 'ghost', content: 'y' },
      ],
    });
    expect(error.param).toBe('messages.1.tool_call_id');
  });

  it('refuses tool-call arguments that are not a JSON object', () => {
    const error = rejection({
      messages: [
        { role: 'user', content: 'x' },
        { role: 'assistant', tool_calls: [call('c', 'weather', '{not json')] },
      ],
    });
    expect(error.param).toBe('messages.1.tool_calls.0.function.arguments');
  });

  it('sends a legacy function message as a functionResponse by name', () => {
    const converted = body({
      messages: [
        { role: 'user', content: 'x' },
        { role: 'assistant', function_call: { name: 'weather', arguments: '{}' } },
        { role: 'function', name: 'weather', content: 'sunny' },
      ],
    });
    expect(converted.contents).toEqual([
      expect.anything(),
      { role: 'model', parts: [{ functionCall: { name: 'weather', args: {} } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'weather', response: { result: 'sunny' } } }] },
    ]);
  });
});

describe('Gemini request: images and other media', () => {
  const withPart = (part: unknown) => body({ messages: [{ role: 'user', content: [{ type: 'text', text: 'see' }, part] }] });

  it('sends a data URL as inlineData', () => {
    expect(withPart({ type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }).contents).toEqual([
      { role: 'user', parts: [{ text: 'see' }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }] },
    ]);
  });

  it('sends an http URL as fileData with a MIME type guessed from the extension', () => {
    expect(withPart({ type: 'image_url', image_url: { url: 'https://example.com/cat.JPG?x=1' } }).contents).toEqual([
      { role: 'user', parts: [{ text: 'see' }, { fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/cat.JPG?x=1' } }] },
    ]);
  });

  it('refuses a URL whose type cannot be guessed, a non-http scheme and a non-base64 data URL', () => {
    const bad = (url: string) => rejection({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url } }] }] });
    expect(bad('https://example.com/image').message).toMatch(/data URL/);
    expect(bad('https://example.com/image').param).toBe('messages.0.content.0.image_url.url');
    expect(bad('ftp://example.com/a.png').status).toBe(400);
    expect(bad('data:image/png,rawbytes').message).toMatch(/not base64/);
  });

  it('sends input audio inline and refuses file ids', () => {
    expect(withPart({ type: 'input_audio', input_audio: { data: 'UklGR', format: 'wav' } }).contents[0]?.parts[1]).toEqual({
      inlineData: { mimeType: 'audio/wav', data: 'UklGR' },
    });
    expect(rejection({ messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-1' } }] }] }).param).toBe(
      'messages.0.content.0.file',
    );
  });
});

describe('Gemini request: generationConfig', () => {
  it('maps sampling and output parameters', () => {
    expect(
      body({
        temperature: 0.2,
        top_p: 0.9,
        top_k: 40,
        max_completion_tokens: 256,
        stop: 'END',
        n: 2,
        seed: 7,
        presence_penalty: 0.5,
        frequency_penalty: -0.5,
      }).generationConfig,
    ).toEqual({
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      maxOutputTokens: 256,
      stopSequences: ['END'],
      candidateCount: 2,
      seed: 7,
      presencePenalty: 0.5,
      frequencyPenalty: -0.5,
    });
  });

  it('sends no generationConfig when nothing is set, and takes max_tokens when it is the only limit', () => {
    expect(body({}).generationConfig).toBeUndefined();
    expect(body({ max_tokens: 10, stop: ['a', 'b'] }).generationConfig).toEqual({ maxOutputTokens: 10, stopSequences: ['a', 'b'] });
  });

  it('maps response_format json_object and json_schema (schema through the allow-list)', () => {
    expect(body({ response_format: { type: 'json_object' } }).generationConfig).toEqual({ responseMimeType: 'application/json' });
    expect(
      body({
        response_format: {
          type: 'json_schema',
          json_schema: {
            name: 'answer',
            strict: true,
            schema: {
              type: 'object',
              properties: { city: { type: 'string' }, country: { type: 'string' } },
              required: ['city'],
              additionalProperties: false,
            },
          },
        },
      }).generationConfig,
    ).toEqual({
      responseMimeType: 'application/json',
      responseSchema: {
        type: 'OBJECT',
        properties: { city: { type: 'STRING' }, country: { type: 'STRING' } },
        propertyOrdering: ['city', 'country'],
        required: ['city'],
      },
    });
    expect(body({ response_format: { type: 'text' } }).generationConfig).toBeUndefined();
  });

  it('refuses a recursive response schema with a 400 naming the field', () => {
    const error = rejection({
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'tree', schema: { type: 'object', properties: { child: { $ref: '#' } } } },
      },
    });
    expect(error.param).toBe('response_format.json_schema.schema');
  });

  const thinking: [Record<string, unknown>, unknown][] = [
    [{ thinking: { type: 'enabled', budget_tokens: 2048 } }, { thinkingBudget: 2048, includeThoughts: true }],
    [{ thinking: { type: 'disabled' } }, { thinkingBudget: 0 }],
    [{ reasoning_effort: 'low' }, { thinkingBudget: 1024, includeThoughts: true }],
    [{ reasoning_effort: 'medium' }, { thinkingBudget: 8192, includeThoughts: true }],
    [{ reasoning_effort: 'high' }, { thinkingBudget: 24_576, includeThoughts: true }],
    [{ reasoning_effort: 'none' }, { thinkingBudget: 0 }],
  ];
  for (const [fields, thinkingConfig] of thinking) {
    it(`maps ${JSON.stringify(fields)} to thinkingConfig`, () => {
      expect(body(fields).generationConfig).toEqual({ thinkingConfig });
    });
  }
});

describe('Gemini request: parameters Gemini cannot honour', () => {
  const droppedCases: [string, Record<string, unknown>][] = [
    ['logit_bias', { logit_bias: { '50256': -100 } }],
    ['logprobs', { logprobs: true }],
    ['top_logprobs', { top_logprobs: 2 }],
    ['modalities', { modalities: ['text', 'audio'] }],
    ['prediction', { prediction: { type: 'content', content: 'x' } }],
    ['web_search_options', { web_search_options: {} }],
  ];
  for (const [param, fields] of droppedCases) {
    it(`leaves out ${param} and names it`, () => {
      const spec = buildGeminiChatRequest(request(fields), target);
      expect(spec.dropped).toEqual([param]);
      expect(spec.body).not.toContain(param);
    });
  }

  it('refuses contradictory thinking and reasoning_effort with a 400', () => {
    const error = rejection({ reasoning_effort: 'low', thinking: { type: 'enabled', budget_tokens: 1024 } });
    expect(error.status).toBe(400);
    expect(error.param).toBe('reasoning_effort');
  });

  it('accepts identifiers and hints that do not change the output, and sends none of them', () => {
    const converted = body({ user: 'u1', metadata: { team: 'a' }, store: false, parallel_tool_calls: true, service_tier: 'auto' });
    expect(Object.keys(converted).sort()).toEqual(['contents']);
  });
});

describe('Gemini request: thought signatures on function calls in the history', () => {
  const history = (calls: Record<string, unknown>[]) => [
    { role: 'user', content: 'weather?' },
    { role: 'assistant', content: null, tool_calls: calls },
    ...calls.map((call) => ({ role: 'tool', tool_call_id: call.id, content: '{"t":21}' })),
  ];
  const call = (id: string, signature?: string) => ({
    id,
    type: 'function',
    function: { name: 'weather', arguments: '{"location":"Florence"}' },
    ...(signature ? { signature } : {}),
  });
  const modelParts = (messages: unknown[]) =>
    (body({ messages }).contents.find((content) => content.role === 'model')?.parts ?? []) as { thoughtSignature?: string }[];

  it('keeps the signatures Gemini gave, on the same parts', () => {
    expect(modelParts(history([call('a', 'sig-a'), call('b')])).map((part) => part.thoughtSignature)).toEqual(['sig-a', undefined]);
  });

  it("gives a turn of calls Gemini did not sign Google's placeholder on its first call only", () => {
    expect(modelParts(history([call('a'), call('b')])).map((part) => part.thoughtSignature)).toEqual([
      'skip_thought_signature_validator',
      undefined,
    ]);
  });
});
