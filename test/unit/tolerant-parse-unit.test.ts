import { describe, expect, it } from 'vitest';
import { chatRequestSchema } from '../../src/lib/chat-request-schema';
import { parseTolerant, pathToString } from '../../src/lib/fidelity/tolerant-parse';
import type * as z from '../../src/lib/zod';
import { messagesRequestSchema } from '../../src/surfaces/anthropic/request-schema';

const dropped = <T extends z.ZodMiniType>(schema: T, body: unknown) => {
  const parsed = parseTolerant(schema, body);
  if (!parsed.ok) throw new Error(`refused: ${parsed.issue.message} at ${parsed.issue.path.join('.')}`);
  return { data: parsed.data as z.infer<T>, dropped: parsed.dropped.map(pathToString) };
};

describe('parseTolerant: unknown things are removed and named, wrong values are refused', () => {
  it('removes unknown keys at any depth, including inside a string-or-array union', () => {
    const body = {
      model: 'm',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', annotations: [] }], extra: 1 }],
      top_level_new: true,
    };
    const result = dropped(chatRequestSchema, body);
    expect(result.dropped.sort()).toEqual(['messages.0.content.0.annotations', 'messages.0.extra', 'top_level_new']);
    expect(result.data).toEqual({ model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] });
  });

  it('removes a whole array element of an unknown kind, keeping the indexes of the others right', () => {
    const body = {
      model: 'm',
      max_tokens: 10,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'search_result', source: 'x' },
            { type: 'text', text: 'a' },
            { type: 'container_upload', file_id: 'f' },
            { type: 'text', text: 'b' },
          ],
        },
      ],
      tools: [
        { type: 'web_search_20250305', name: 'web_search' },
        { name: 'f', input_schema: { type: 'object' } },
      ],
    };
    const result = dropped(messagesRequestSchema, body);
    expect(result.dropped.sort()).toEqual(['messages.0.content.0', 'messages.0.content.2', 'tools.0']);
    expect(result.data.messages[0]?.content).toEqual([
      { type: 'text', text: 'a' },
      { type: 'text', text: 'b' },
    ]);
    expect(result.data.tools).toHaveLength(1);
  });

  it('refuses a wrong type or range on a field the gateway reads, even next to unknown fields', () => {
    for (const bad of [{ temperature: 3 }, { max_tokens: 'many' }, { messages: [] }, { stream: 'yes' }]) {
      const parsed = parseTolerant(chatRequestSchema, { model: 'm', messages: [{ role: 'user', content: 'x' }], unknown: 1, ...bad });
      expect(parsed.ok, JSON.stringify(bad)).toBe(false);
    }
  });

  it('refuses an unknown role: a message kind is interpreted, not an optional extra', () => {
    const parsed = parseTolerant(chatRequestSchema, { model: 'm', messages: [{ role: 'narrator', content: 'x' }] });
    expect(parsed.ok).toBe(false);
  });

  it('a clean body drops nothing and is not copied differently', () => {
    const body = { model: 'm', messages: [{ role: 'user', content: 'x' }] };
    expect(dropped(chatRequestSchema, structuredClone(body))).toEqual({ data: body, dropped: [] });
  });
});
