/**
 * The two inbound surfaces, each driven by its official SDK, behind one small interface so
 * the matrix can ask every surface the same questions: OpenAI chat completions through the
 * `openai` client and Anthropic messages through `@anthropic-ai/sdk`. Each driver reports the
 * answer in a neutral shape and says how a recorded answer looks in its own vocabulary.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { PIXEL_PNG_BASE64, weatherTool } from './matrix-cases';
import type { RecordedFinish, RecordedUsage } from './recorded';

export type SurfaceId = 'chat' | 'messages' | 'responses';

export interface Prompt {
  /** A unique marker in the user message, to find this request in the fake upstream's log. */
  tag: string;
  tools?: boolean;
  image?: boolean;
}

export interface Answer {
  text: string;
  finish: string | null;
  toolCalls: { id: string; name: string; arguments: unknown }[];
  usage: Record<string, number> | undefined;
}

type ErrorClass = abstract new (...args: never[]) => Error & { headers?: Headers | undefined };

export interface SurfaceDriver {
  id: SurfaceId;
  /** How the docs name the surface. */
  label: string;
  complete(model: string, prompt: Prompt): Promise<Answer>;
  stream(model: string, prompt: Prompt): Promise<Answer>;
  /** Call with tools, hand back a tool result for every call, stream the final answer. */
  roundTrip(first: string, second: string, tag: string): Promise<{ call: Answer; final: Answer }>;
  /** Same call with a gateway key that does not exist. */
  withWrongKey(model: string): Promise<unknown>;
  /** The recorded usage as this surface reports it. */
  usageOf(usage: RecordedUsage): Record<string, number>;
  finishOf(finish: RecordedFinish | undefined): string | undefined;
  errors: { rateLimit: ErrorClass; authentication: ErrorClass };
}

export const TOOL_RESULT = '{"temperature_c":40}';
const question = (tag: string) => `What is the weather in Florence? ${tag}`;

export function chatDriver(gatewayUrl: string): SurfaceDriver {
  const baseURL = `${gatewayUrl}/v1`;
  const client = new OpenAI({ apiKey: 'sb-dev-key-1', baseURL, maxRetries: 0 });
  const tools = [{ type: 'function' as const, function: weatherTool }];

  const userMessage = (prompt: Prompt): OpenAI.ChatCompletionMessageParam => ({
    role: 'user',
    content: prompt.image
      ? [
          { type: 'text', text: question(prompt.tag) },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PIXEL_PNG_BASE64}` } },
        ]
      : question(prompt.tag),
  });
  const usage = (raw: OpenAI.CompletionUsage | undefined) =>
    raw && {
      prompt_tokens: raw.prompt_tokens,
      completion_tokens: raw.completion_tokens,
      total_tokens: raw.total_tokens,
      cached_tokens: raw.prompt_tokens_details?.cached_tokens ?? 0,
    };
  const answer = (completion: OpenAI.ChatCompletion, text?: string): Answer => {
    const choice = completion.choices[0];
    return {
      text: text ?? choice?.message.content ?? '',
      finish: choice?.finish_reason ?? null,
      toolCalls: (choice?.message.tool_calls ?? []).flatMap((call) =>
        call.type === 'function' ? [{ id: call.id, name: call.function.name, arguments: JSON.parse(call.function.arguments) }] : [],
      ),
      usage: usage(completion.usage),
    };
  };
  const streamMessages = async (model: string, messages: OpenAI.ChatCompletionMessageParam[], withTools: boolean) => {
    const stream = client.chat.completions.stream({
      model,
      messages,
      ...(withTools ? { tools } : {}),
      stream_options: { include_usage: true },
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    return answer(await stream.finalChatCompletion(), text);
  };

  return {
    id: 'chat',
    label: 'OpenAI chat (`openai` SDK)',
    async complete(model, prompt) {
      const completion = await client.chat.completions.create({
        model,
        messages: [userMessage(prompt)],
        ...(prompt.tools ? { tools } : {}),
      });
      return answer(completion);
    },
    stream: (model, prompt) => streamMessages(model, [userMessage(prompt)], prompt.tools === true),
    async roundTrip(first, second, tag) {
      const messages = [userMessage({ tag })];
      const completion = await client.chat.completions.create({ model: first, messages, tools });
      const assistant = completion.choices[0]?.message;
      if (!assistant) throw new Error('no assistant message');
      // The SDK user's usual loop: the assistant message goes back as received.
      messages.push(assistant);
      for (const call of assistant.tool_calls ?? []) messages.push({ role: 'tool', tool_call_id: call.id, content: TOOL_RESULT });
      return { call: answer(completion), final: await streamMessages(second, messages, true) };
    },
    withWrongKey: (model) =>
      new OpenAI({ apiKey: 'sb-not-a-key', baseURL, maxRetries: 0 }).chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    usageOf: (recorded) => ({
      prompt_tokens: recorded.input,
      completion_tokens: recorded.output,
      total_tokens: recorded.input + recorded.output,
      cached_tokens: recorded.cacheRead,
    }),
    finishOf: (finish) => finish && { stop: 'stop', length: 'length', tool: 'tool_calls', filter: 'content_filter' }[finish],
    errors: { rateLimit: OpenAI.RateLimitError, authentication: OpenAI.AuthenticationError },
  };
}

export function messagesDriver(gatewayUrl: string): SurfaceDriver {
  const client = new Anthropic({ apiKey: 'sb-dev-key-1', baseURL: gatewayUrl, maxRetries: 0 });
  const tools: Anthropic.Tool[] = [
    {
      name: weatherTool.name,
      description: weatherTool.description,
      input_schema: weatherTool.parameters as Anthropic.Tool.InputSchema,
    },
  ];
  const userMessage = (prompt: Prompt): Anthropic.MessageParam => ({
    role: 'user',
    content: prompt.image
      ? [
          { type: 'text', text: question(prompt.tag) },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PIXEL_PNG_BASE64 } },
        ]
      : question(prompt.tag),
  });
  const answer = (message: Anthropic.Message, streamedText?: string): Answer => ({
    text: streamedText ?? message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join(''),
    finish: message.stop_reason,
    toolCalls: message.content.flatMap((block) =>
      block.type === 'tool_use' ? [{ id: block.id, name: block.name, arguments: block.input }] : [],
    ),
    usage: {
      input_tokens: message.usage.input_tokens,
      output_tokens: message.usage.output_tokens,
      cache_read_input_tokens: message.usage.cache_read_input_tokens ?? 0,
      cache_creation_input_tokens: message.usage.cache_creation_input_tokens ?? 0,
    },
  });
  const streamMessages = async (model: string, messages: Anthropic.MessageParam[], withTools: boolean) => {
    const stream = client.messages.stream({ model, max_tokens: 1024, messages, ...(withTools ? { tools } : {}) });
    let text = '';
    for await (const event of stream) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    }
    return answer(await stream.finalMessage(), text);
  };

  return {
    id: 'messages',
    label: 'Anthropic messages (`@anthropic-ai/sdk`)',
    async complete(model, prompt) {
      const message = await client.messages.create({
        model,
        max_tokens: 1024,
        messages: [userMessage(prompt)],
        ...(prompt.tools ? { tools } : {}),
      });
      return answer(message);
    },
    stream: (model, prompt) => streamMessages(model, [userMessage(prompt)], prompt.tools === true),
    async roundTrip(first, second, tag) {
      const messages = [userMessage({ tag })];
      const message = await client.messages.create({ model: first, max_tokens: 1024, messages, tools });
      // The SDK user's usual loop: the assistant content goes back as received.
      messages.push({ role: 'assistant', content: message.content });
      const results: Anthropic.ToolResultBlockParam[] = message.content.flatMap((block) =>
        block.type === 'tool_use' ? [{ type: 'tool_result' as const, tool_use_id: block.id, content: TOOL_RESULT }] : [],
      );
      messages.push({ role: 'user', content: results });
      return { call: answer(message), final: await streamMessages(second, messages, true) };
    },
    withWrongKey: (model) =>
      new Anthropic({ apiKey: 'sb-not-a-key', baseURL: gatewayUrl, maxRetries: 0 }).messages.create({
        model,
        max_tokens: 16,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    usageOf: (recorded) => ({
      // Anthropic's input_tokens counts neither cache reads nor cache writes.
      input_tokens: recorded.input - recorded.cacheRead - recorded.cacheWrite,
      output_tokens: recorded.output,
      cache_read_input_tokens: recorded.cacheRead,
      cache_creation_input_tokens: recorded.cacheWrite,
    }),
    finishOf: (finish) => finish && { stop: 'end_turn', length: 'max_tokens', tool: 'tool_use', filter: 'refusal' }[finish],
    errors: { rateLimit: Anthropic.RateLimitError, authentication: Anthropic.AuthenticationError },
  };
}
