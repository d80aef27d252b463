import { describe, expect, it } from 'vitest';
import { validate } from '../../src/lib/http/validation';
import { countTokensRequestSchema, estimateInputTokens, IMAGE_TOKENS } from '../../src/surfaces/anthropic/count-tokens';

const estimate = (body: Record<string, unknown>) =>
  estimateInputTokens(validate(countTokensRequestSchema, { model: 'openai/gpt-4o-mini', ...body }));

describe('count_tokens estimate', () => {
  it('about four characters per token plus per-message framing', () => {
    // 3 framing tokens + ceil((8 + 16) / 4) = 9
    expect(estimate({ system: 'Be brief', messages: [{ role: 'user', content: 'x'.repeat(16) }] })).toBe(9);
  });

  it('counts images at a flat cost and tool inputs and results by their text', () => {
    const messages = [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'abcd' },
          { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
        ],
      },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'ab', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'abcdefgh' }] },
    ];
    // 3 × 3 framing + image + ceil((4 + 2 + 2 + 8) / 4)
    expect(estimate({ messages })).toBe(9 + IMAGE_TOKENS + 4);
  });

  it('is strict like /v1/messages: max_tokens and unknown fields are rejected', () => {
    expect(() => estimate({ messages: [{ role: 'user', content: 'x' }], max_tokens: 5 })).toThrow(
      /Unrecognized request argument supplied: max_tokens/,
    );
  });
});
