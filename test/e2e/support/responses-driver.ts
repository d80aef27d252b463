/**
 * The Responses surface for the translation matrix, driven by the official `openai` SDK's
 * `client.responses.*`: the answer's finish is the response `status` (a tool call completes the
 * response; a token limit or a filter leaves it `incomplete`), usage in Responses names.
 */
import OpenAI from 'openai';
import { PIXEL_PNG_BASE64, weatherTool } from './matrix-cases';
import { type Answer, type Prompt, type SurfaceDriver, TOOL_RESULT } from './surface-drivers';

const question = (tag: string) => `What is the weather in Florence? ${tag}`;

export function responsesDriver(gatewayUrl: string): SurfaceDriver {
  const baseURL = `${gatewayUrl}/v1`;
  const client = new OpenAI({ apiKey: 'sb-dev-key-1', baseURL, maxRetries: 0 });
  const tools = [
    {
      type: 'function' as const,
      name: weatherTool.name,
      description: weatherTool.description,
      parameters: weatherTool.parameters,
      strict: false,
    },
  ];

  const input = (prompt: Prompt): OpenAI.Responses.ResponseInputItem[] => [
    {
      role: 'user',
      content: prompt.image
        ? [
            { type: 'input_text', text: question(prompt.tag) },
            { type: 'input_image', image_url: `data:image/png;base64,${PIXEL_PNG_BASE64}`, detail: 'auto' },
          ]
        : question(prompt.tag),
    },
  ];
  const answer = (response: OpenAI.Responses.Response, text?: string): Answer => ({
    text: text ?? response.output_text,
    finish: response.status ?? null,
    toolCalls: response.output.flatMap((item) =>
      item.type === 'function_call' ? [{ id: item.call_id, name: item.name, arguments: JSON.parse(item.arguments) }] : [],
    ),
    usage: response.usage && {
      input_tokens: response.usage.input_tokens,
      output_tokens: response.usage.output_tokens,
      total_tokens: response.usage.total_tokens,
      cached_tokens: response.usage.input_tokens_details.cached_tokens,
    },
  });
  const streamInput = async (model: string, items: OpenAI.Responses.ResponseInputItem[], withTools: boolean) => {
    const stream = client.responses.stream({ model, input: items, store: false, ...(withTools ? { tools } : {}) });
    let text = '';
    for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
    return answer(await stream.finalResponse(), text);
  };

  return {
    id: 'responses',
    label: 'OpenAI Responses (`openai` SDK `responses.*`)',
    async complete(model, prompt) {
      const response = await client.responses.create({ model, input: input(prompt), store: false, ...(prompt.tools ? { tools } : {}) });
      return answer(response);
    },
    stream: (model, prompt) => streamInput(model, input(prompt), prompt.tools === true),
    async roundTrip(first, second, tag) {
      const items = input({ tag });
      const response = await client.responses.create({ model: first, input: items, tools, store: false });
      // The SDK user's usual loop without a store: the output items go back as received.
      items.push(...(response.output as OpenAI.Responses.ResponseInputItem[]));
      for (const item of response.output)
        if (item.type === 'function_call') items.push({ type: 'function_call_output', call_id: item.call_id, output: TOOL_RESULT });
      return { call: answer(response), final: await streamInput(second, items, true) };
    },
    withWrongKey: (model) => new OpenAI({ apiKey: 'sb-not-a-key', baseURL, maxRetries: 0 }).responses.create({ model, input: 'hi' }),
    usageOf: (recorded) => ({
      input_tokens: recorded.input,
      output_tokens: recorded.output,
      total_tokens: recorded.input + recorded.output,
      cached_tokens: recorded.cacheRead,
    }),
    finishOf: (finish) => finish && { stop: 'completed', length: 'incomplete', tool: 'completed', filter: 'incomplete' }[finish],
    errors: { rateLimit: OpenAI.RateLimitError, authentication: OpenAI.AuthenticationError },
  };
}
