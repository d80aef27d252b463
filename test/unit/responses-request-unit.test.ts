/**
 * Responses request → canonical request: input items (grouping into assistant turns, tool
 * outputs, reasoning state), tools and formats, and the 400s that name the field at fault.
 */
import { describe, expect, it } from 'vitest';
import { type BuiltInTool, builtInToolRefusal, builtInToolsOf } from '../../src/lib/builtin-tools';
import { GatewayError } from '../../src/lib/http/errors';
import { validate } from '../../src/lib/http/validation';
import { parseInput } from '../../src/surfaces/responses/input-items';
import { decodeReasoningState, encodeReasoningState } from '../../src/surfaces/responses/reasoning-state';
import { droppedFields, rejectUnsupported, toCanonicalRequest } from '../../src/surfaces/responses/request';
import { responsesRequestSchema } from '../../src/surfaces/responses/request-schema';
import { toCanonicalMessages } from '../../src/surfaces/responses/to-messages';

const parse = (body: Record<string, unknown>) => validate(responsesRequestSchema, { model: 'm', ...body });
const canonical = (body: Record<string, unknown>) => {
  const request = parse(body);
  rejectUnsupported(request);
  return toCanonicalRequest(request, toCanonicalMessages(parseInput(request.input), request.instructions));
};

function thrown(fn: () => unknown): GatewayError {
  try {
    fn();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

describe('input items → messages', () => {
  it('groups reasoning, assistant text and calls into one assistant turn; tool outputs follow', () => {
    const signed = encodeReasoningState({ blocks: [{ type: 'thinking', thinking: 'hmm', signature: 'sig' }] });
    const gemini = encodeReasoningState({ calls: { call_2: 'thought-sig' } });
    const messages = toCanonicalMessages(
      parseInput([
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'hi' },
            { type: 'input_image', image_url: 'https://x/y.png', detail: 'low' },
          ],
        },
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'hmm' }], encrypted_content: signed },
        {
          type: 'message',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'Let me check.', annotations: [] }],
          status: 'completed',
        },
        { type: 'reasoning', summary: [], encrypted_content: gemini },
        { type: 'function_call', call_id: 'call_1', name: 'a', arguments: '{}', status: 'completed' },
        { type: 'function_call', call_id: 'call_2', name: 'b', arguments: '{"x":1}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'one' },
        { type: 'function_call_output', call_id: 'call_2', output: [{ type: 'input_text', text: 'two' }] },
      ]),
      'Be brief',
    );
    expect(messages).toEqual([
      { role: 'system', content: 'Be brief' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'hi' },
          { type: 'image_url', image_url: { url: 'https://x/y.png', detail: 'low' } },
        ],
      },
      {
        role: 'assistant',
        content: 'Let me check.',
        thinking_blocks: [{ type: 'thinking', thinking: 'hmm', signature: 'sig' }],
        reasoning_content: 'hmm',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'a', arguments: '{}' } },
          { id: 'call_2', type: 'function', function: { name: 'b', arguments: '{"x":1}' }, signature: 'thought-sig' },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'one' },
      { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: 'two' }] },
    ]);
  });

  it('reasoning after calls starts a new assistant turn, after text it does not; unsigned reasoning becomes reasoning_content', () => {
    const messages = toCanonicalMessages(
      parseInput([
        { role: 'assistant', content: 'one' },
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'think' }] },
        { role: 'assistant', content: 'two' },
        { type: 'function_call', call_id: 'c', name: 'f', arguments: '{}' },
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'again' }] },
        { role: 'assistant', content: 'three' },
      ]),
    );
    expect(messages).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'one' },
          { type: 'text', text: 'two' },
        ],
        reasoning_content: 'think',
        tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }],
      },
      { role: 'assistant', content: 'three', reasoning_content: 'again' },
    ]);
  });

  it('developer and system messages keep their role; easy messages need no type', () => {
    expect(
      toCanonicalMessages(
        parseInput([
          { role: 'developer', content: 'd' },
          { role: 'system', content: [{ type: 'input_text', text: 's' }] },
        ]),
      ),
    ).toEqual([
      { role: 'developer', content: 'd' },
      { role: 'system', content: [{ type: 'text', text: 's' }] },
    ]);
  });

  it('names the field at fault', () => {
    expect(
      thrown(() =>
        parseInput([
          { role: 'user', content: 'x' },
          { type: 'function_call', name: 'a', arguments: '{}' },
        ]),
      ).param,
    ).toBe('input.1.call_id');
    expect(thrown(() => parseInput([{ type: 'computer_call', id: 'c' }])).param).toBe('input.0.type');
    expect(thrown(() => parseInput(['text' as never])).param).toBe('input.0');
    const byFileId = parseInput([{ role: 'user', content: [{ type: 'input_image', file_id: 'file_1' }] }]);
    expect(thrown(() => toCanonicalMessages(byFileId)).param).toBe('input.0.content.0.file_id');
    const imageInSystem = parseInput([{ role: 'system', content: [{ type: 'input_image', image_url: 'https://x' }] }]);
    expect(thrown(() => toCanonicalMessages(imageInSystem)).param).toBe('input.0.content.0.type');
  });
});

describe('request → canonical', () => {
  it('maps tools, formats, reasoning and sampling; store and previous_response_id stay in the gateway', () => {
    const request = canonical({
      input: 'hi',
      tools: [{ type: 'function', name: 'w', parameters: { type: 'object' }, strict: true }],
      tool_choice: 'required',
      parallel_tool_calls: false,
      text: { format: { type: 'json_object' }, verbosity: 'medium' },
      reasoning: { effort: 'high', summary: 'auto' },
      max_output_tokens: 100,
      top_p: 0.5,
      store: true,
      metadata: { team: 'a' },
      include: ['message.output_text.logprobs'],
      top_logprobs: 2,
      safety_identifier: 'u1',
      prompt_cache_key: 'k',
      service_tier: 'flex',
    });
    expect(request).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      tools: [{ type: 'function', function: { name: 'w', parameters: { type: 'object' }, strict: true } }],
      tool_choice: 'required',
      parallel_tool_calls: false,
      response_format: { type: 'json_object' },
      reasoning_effort: 'high',
      max_completion_tokens: 100,
      top_p: 0.5,
      metadata: { team: 'a' },
      logprobs: true,
      top_logprobs: 2,
      safety_identifier: 'u1',
      prompt_cache_key: 'k',
      service_tier: 'flex',
    });
  });

  it('allowed_tools narrows the tools; a named function must exist', () => {
    const tools = [
      { type: 'function', name: 'a' },
      { type: 'function', name: 'b' },
    ];
    const request = canonical({
      input: 'x',
      tools,
      tool_choice: { type: 'allowed_tools', mode: 'auto', tools: [{ type: 'function', name: 'b' }] },
    });
    expect(request.tools?.map((tool) => tool.function.name)).toEqual(['b']);
    expect(request.tool_choice).toBe('auto');
    expect(thrown(() => canonical({ input: 'x', tools, tool_choice: { type: 'function', name: 'c' } })).param).toBe('tool_choice.name');
  });

  it('refuses background, conversation and prompt; carries built-in tools aside; names what it drops', () => {
    expect(thrown(() => canonical({ input: 'x', background: true })).param).toBe('background');
    const request = canonical({
      input: 'x',
      tools: [
        { type: 'function', name: 'a' },
        { type: 'code_interpreter', container: { type: 'auto' } },
        { type: 'namespace', name: 'unknown-to-the-gateway' },
      ],
    });
    // Only the function tool is translated; the built-in one goes beside the request to an OpenAI
    // Responses upstream (every other target refuses it, naming it); the unknown type is dropped and named.
    expect(request.tools?.map((tool) => tool.function.name)).toEqual(['a']);
    expect(builtInToolsOf(request)).toEqual([
      { type: 'code_interpreter', index: 1, tool: { type: 'code_interpreter', container: { type: 'auto' } } },
    ]);
    const refusal = builtInToolRefusal(builtInToolsOf(request)[0] as BuiltInTool, 'anthropic/claude-sonnet-4-5');
    expect(refusal).toMatchObject({ param: 'tools.1.type', code: 'unsupported_tool', status: 400 });
    expect(refusal.message).toContain('code_interpreter');
    expect(droppedFields(parse({ input: 'x', tools: [{ type: 'namespace', name: 'n' }] }))).toEqual(['tools.0']);
    expect(thrown(() => canonical({ input: 'x', conversation: 'conv_1' })).param).toBe('conversation');
    expect(thrown(() => canonical({ input: 'x', prompt: { id: 'pmpt_1' } })).param).toBe('prompt');
    expect(droppedFields(parse({ input: 'x', truncation: 'auto', max_tool_calls: 2, prompt_cache_retention: '24h' }))).toEqual([
      'max_tool_calls',
      'prompt_cache_retention',
      'truncation',
    ]);
  });

  it('validates what it reads', () => {
    expect(thrown(() => parse({ input: 'x', temperature: 3 })).param).toBe('temperature');
    expect(thrown(() => parse({ input: 'x', text: { format: { type: 'json_schema', name: 'bad name', schema: {} } } })).param).toBe(
      'text.format.name',
    );
    expect(thrown(() => parse({ input: 42 })).param).toBe('input');
  });
});

describe('reasoning state', () => {
  it('round-trips, including non-ASCII text; foreign or broken content is not ours', () => {
    const state = { blocks: [{ type: 'redacted_thinking' as const, data: 'opaque' }], text: 'pensée 🤔', calls: { c: 's' } };
    expect(decodeReasoningState(encodeReasoningState(state))).toEqual(state);
    expect(decodeReasoningState('gAAAAABo…')).toBeUndefined();
    expect(decodeReasoningState('swb1.!!!')).toBeUndefined();
    expect(decodeReasoningState(null)).toBeUndefined();
  });
});
