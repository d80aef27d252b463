import { describe, expect, it } from 'vitest';
import { validate } from '../../src/lib/http/validation';
import { toCanonicalRequest } from '../../src/surfaces/anthropic/request';
import { messagesRequestSchema } from '../../src/surfaces/anthropic/request-schema';
import { thrownGatewayError } from '../support/thrown';

const base = { model: 'openai/gpt-4o-mini', max_tokens: 256 };
const convert = (body: Record<string, unknown>) => toCanonicalRequest(validate(messagesRequestSchema, { ...base, ...body }));
const user = (content: unknown) => ({ messages: [{ role: 'user', content }] });

function rejection(body: Record<string, unknown>): { kind: string; status: number; param: string | null; message: string } {
  const error = thrownGatewayError(() => convert(body));
  return { kind: error.kind, status: error.status, param: error.param, message: error.message };
}

const weather = { name: 'weather', description: 'Weather now', input_schema: { type: 'object', properties: { city: { type: 'string' } } } };

describe('Anthropic request → canonical request: messages', () => {
  const cases: [string, Record<string, unknown>, unknown][] = [
    ['string content', user('hi'), [{ role: 'user', content: 'hi' }]],
    [
      'system string first',
      { system: 'Be brief.', ...user('hi') },
      [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
      ],
    ],
    [
      'system text blocks, cache_control dropped',
      {
        system: [
          { type: 'text', text: 'A', cache_control: { type: 'ephemeral' } },
          { type: 'text', text: 'B' },
        ],
        ...user('hi'),
      },
      [
        {
          role: 'system',
          content: [
            { type: 'text', text: 'A' },
            { type: 'text', text: 'B' },
          ],
        },
        { role: 'user', content: 'hi' },
      ],
    ],
    [
      'text and images (base64 → data URL, url kept)',
      user([
        { type: 'text', text: 'What is this?' },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0K' } },
        { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
      ]),
      [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0K' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
          ],
        },
      ],
    ],
    [
      'documents: PDF → file part, text → text part with title',
      user([
        { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0x' }, title: 'report.pdf' },
        { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Body' }, title: 'Notes' },
      ]),
      [
        {
          role: 'user',
          content: [
            { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0x', filename: 'report.pdf' } },
            { type: 'text', text: 'Notes\n\nBody' },
          ],
        },
      ],
    ],
    [
      'assistant tool_use with thinking; tool_results in order with text after',
      {
        messages: [
          { role: 'user', content: 'Weather in Paris and Rome?' },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'Two cities.', signature: 'sig-1' },
              { type: 'redacted_thinking', data: 'opaque' },
              { type: 'text', text: 'Checking.', citations: null },
              { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Paris' } },
              { type: 'tool_use', id: 'toolu_2', name: 'weather', input: {}, caller: { type: 'direct' } },
            ],
          },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 'toolu_1', content: '18C' },
              {
                type: 'tool_result',
                tool_use_id: 'toolu_2',
                content: [
                  { type: 'text', text: 'no' },
                  { type: 'text', text: 'city' },
                ],
                is_error: true,
              },
              { type: 'text', text: 'Go on.' },
            ],
          },
        ],
        tools: [weather],
      },
      [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [
            { id: 'toolu_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
            { id: 'toolu_2', type: 'function', function: { name: 'weather', arguments: '{}' } },
          ],
          thinking_blocks: [
            { type: 'thinking', thinking: 'Two cities.', signature: 'sig-1' },
            { type: 'redacted_thinking', data: 'opaque' },
          ],
          reasoning_content: 'Two cities.',
        },
        { role: 'tool', tool_call_id: 'toolu_1', content: '18C' },
        { role: 'tool', tool_call_id: 'toolu_2', content: 'Error: no\ncity' },
        { role: 'user', content: [{ type: 'text', text: 'Go on.' }] },
      ],
    ],
    [
      'assistant with only a tool_use has null content; several text blocks stay parts',
      {
        messages: [
          { role: 'user', content: 'x' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'weather', input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't' }] },
          {
            role: 'assistant',
            content: [
              { type: 'text', text: 'a' },
              { type: 'text', text: 'b' },
            ],
          },
        ],
      },
      [
        { role: 'user', content: 'x' },
        { role: 'assistant', content: null, tool_calls: [{ id: 't', type: 'function', function: { name: 'weather', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 't', content: '' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'a' },
            { type: 'text', text: 'b' },
          ],
        },
      ],
    ],
    [
      "a tool_use's signature (a Gemini thought signature the gateway handed out) goes back on its tool call",
      {
        messages: [
          { role: 'user', content: 'x' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'weather', input: {}, signature: 'sig-gemini' }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: '18C' }] },
        ],
      },
      [
        { role: 'user', content: 'x' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 't', type: 'function', function: { name: 'weather', arguments: '{}' }, signature: 'sig-gemini' }],
        },
        { role: 'tool', tool_call_id: 't', content: '18C' },
      ],
    ],
  ];
  for (const [name, body, messages] of cases) {
    it(name, () => expect(convert(body).messages).toEqual(messages));
  }
});

describe('Anthropic request → canonical request: parameters', () => {
  it('maps sampling, stops, metadata, thinking, stream and service tier', () => {
    const canonical = convert({
      ...user('hi'),
      temperature: 0.5,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['END'],
      stream: true,
      metadata: { user_id: 'user-42' },
      thinking: { type: 'enabled', budget_tokens: 2048 },
      service_tier: 'standard_only',
    });
    expect(canonical).toEqual({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 256,
      temperature: 0.5,
      top_p: 0.9,
      top_k: 40,
      stop: ['END'],
      stream: true,
      user: 'user-42',
      thinking: { type: 'enabled', budget_tokens: 2048 },
      service_tier: 'default',
    });
  });

  it('maps tools to functions with input_schema as parameters', () => {
    expect(convert({ ...user('hi'), tools: [{ ...weather, cache_control: { type: 'ephemeral' } }] }).tools).toEqual([
      { type: 'function', function: { name: 'weather', description: 'Weather now', parameters: weather.input_schema } },
    ]);
  });

  const choices: [string, unknown, Record<string, unknown>][] = [
    ['auto', { type: 'auto' }, { tool_choice: 'auto' }],
    ['auto without parallel', { type: 'auto', disable_parallel_tool_use: true }, { tool_choice: 'auto', parallel_tool_calls: false }],
    ['any → required', { type: 'any' }, { tool_choice: 'required' }],
    ['tool → named function', { type: 'tool', name: 'weather' }, { tool_choice: { type: 'function', function: { name: 'weather' } } }],
    [
      'tool, one call only',
      { type: 'tool', name: 'weather', disable_parallel_tool_use: true },
      { tool_choice: { type: 'function', function: { name: 'weather' } }, parallel_tool_calls: false },
    ],
    ['none', { type: 'none' }, { tool_choice: 'none' }],
  ];
  for (const [name, choice, expected] of choices) {
    it(`tool_choice ${name}`, () => {
      const canonical = convert({ ...user('hi'), tools: [weather], tool_choice: choice });
      expect({ tool_choice: canonical.tool_choice, parallel_tool_calls: canonical.parallel_tool_calls }).toEqual({
        tool_choice: undefined,
        parallel_tool_calls: undefined,
        ...expected,
      });
    });
  }

  it('drops auto/none tool_choice when no tools are given (OpenAI-style providers refuse it)', () => {
    expect(convert({ ...user('hi'), tool_choice: { type: 'auto' } }).tool_choice).toBeUndefined();
    expect(convert({ ...user('hi'), tools: [], tool_choice: { type: 'none' } })).not.toHaveProperty('tools');
  });
});

describe('Anthropic request → canonical request: newer fields', () => {
  it('system entries inside messages join the system prompt, in order, and leave the conversation', () => {
    const canonical = convert({
      system: 'first',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'system', content: [{ type: 'text', text: 'second' }] },
      ],
    });
    expect(canonical.messages).toEqual([
      { role: 'system', content: 'first' },
      { role: 'system', content: [{ type: 'text', text: 'second' }] },
      { role: 'user', content: 'hi' },
    ]);
  });

  it('adaptive thinking and output_config.effort become reasoning_effort; an explicit budget wins', () => {
    expect(convert({ ...user('hi'), thinking: { type: 'adaptive', display: 'omitted' } }).reasoning_effort).toBe('medium');
    expect(convert({ ...user('hi'), thinking: { type: 'adaptive' }, output_config: { effort: 'max' } }).reasoning_effort).toBe('xhigh');
    expect(convert({ ...user('hi'), output_config: { effort: 'low' } }).reasoning_effort).toBe('low');
    const budget = convert({
      ...user('hi'),
      max_tokens: 4000,
      thinking: { type: 'enabled', budget_tokens: 2000 },
      output_config: { effort: 'low' },
    });
    expect(budget).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 2000 } });
    expect(budget.reasoning_effort).toBeUndefined();
  });

  it('output_config.format and output_format become response_format json_schema', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    for (const fields of [
      { output_config: { format: { type: 'json_schema', schema } } },
      { output_format: { type: 'json_schema', schema } },
    ]) {
      expect(convert({ ...user('hi'), ...fields }).response_format).toEqual({
        type: 'json_schema',
        json_schema: { name: 'output', schema, strict: true },
      });
    }
  });
});

describe('Anthropic request → canonical request: rejections (the strict schema alone; routes drop unknown fields first)', () => {
  const bad: [string, Record<string, unknown>, string | null, RegExp][] = [
    ['unknown top-level field', { ...user('hi'), frequency_penalty: 1 }, 'frequency_penalty', /Unrecognized/],
    ['unknown block field', user([{ type: 'text', text: 'x', bogus: 1 }]), 'messages.0.content.0.bogus', /Unrecognized/],
    ['missing max_tokens', { ...user('hi'), max_tokens: undefined }, 'max_tokens', /expected number/],
    ['max_tokens below 1', { ...user('hi'), max_tokens: 0 }, 'max_tokens', /out-of-range/],
    ['temperature above 1', { ...user('hi'), temperature: 1.5 }, 'temperature', /out-of-range/],
    ['unknown block type', user([{ type: 'search_result', source: 'x' }]), 'messages.0.content.0.type', /Expected 'text' \| 'image'/],
    ['image file source', user([{ type: 'image', source: { type: 'file', file_id: 'f' } }]), 'messages.0.content.0.source.type', /base64/],
    [
      'document from a URL',
      user([{ type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } }]),
      'messages.0.content.0',
      /'url' source is not supported/,
    ],
    [
      'image inside a tool_result',
      user([
        {
          type: 'tool_result',
          tool_use_id: 't',
          content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } }],
        },
      ]),
      'messages.0.content.0.content.0',
      /'image' inside a tool_result is not supported/,
    ],
    ['tool_use from the user', user([{ type: 'tool_use', id: 't', name: 'n', input: {} }]), 'messages.0.content.0.type', /assistant/],
    [
      'image from the assistant',
      { messages: [{ role: 'assistant', content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } }] }] },
      'messages.0.content.0.type',
      /user message/,
    ],
    ['tool_choice any without tools', { ...user('hi'), tool_choice: { type: 'any' } }, 'tool_choice.type', /at least one tool/],
    [
      'tool_choice names a missing tool',
      { ...user('hi'), tools: [weather], tool_choice: { type: 'tool', name: 'other' } },
      'tool_choice.name',
      /not in 'tools'/,
    ],
    [
      'server tools',
      { ...user('hi'), tools: [{ type: 'web_search_20250305', name: 'web_search' }] },
      'tools.0.input_schema',
      /expected object/,
    ],
    ['five stop sequences', { ...user('hi'), stop_sequences: ['a', 'b', 'c', 'd', 'e'] }, 'stop_sequences', /At most 4/],
    ['bad tool name', { ...user('hi'), tools: [{ ...weather, name: 'has space' }] }, 'tools.0.name', /1-64 characters/],
    ['empty messages', { messages: [] }, 'messages', /out-of-range/],
  ];
  for (const [name, body, param, message] of bad) {
    it(`${name} → 400 invalid_request`, () => {
      const error = rejection(body);
      expect(error).toMatchObject({ kind: 'invalid_request', status: 400, param });
      expect(error.message).toMatch(message);
    });
  }
});
