import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { fixtureJson } from '../support/fixtures';
import { openaiClient, sentFor, uniqueModel } from '../support/openai-client';

const client = openaiClient();

const weatherTool: OpenAI.ChatCompletionTool = {
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

interface UsageMetadata {
  promptTokenCount: number;
  candidatesTokenCount: number;
  thoughtsTokenCount?: number;
  totalTokenCount: number;
}

/** Gemini's own counts for a recorded response: what the caller must see. */
const recordedUsage = (path: string) => fixtureJson<{ usageMetadata: UsageMetadata }>(`gemini/${path}`).usageMetadata;

describe('Gemini through the OpenAI SDK', () => {
  it('text: answer, finish reason and usage equal to upstream’s; key in the header only', async () => {
    const model = uniqueModel('gemini-2.5-flash');
    const completion = await client.chat.completions.create({
      model: `gemini/${model}`,
      messages: [
        { role: 'system', content: 'You are a helpful assistant' },
        { role: 'user', content: 'Say hi in Portuguese' },
      ],
      max_tokens: 4000,
    });
    expect(completion.choices[0]?.message.content).toBe('Olá!');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    const upstream = recordedUsage('text.json');
    expect(completion.usage).toMatchObject({
      prompt_tokens: upstream.promptTokenCount,
      completion_tokens: upstream.candidatesTokenCount + (upstream.thoughtsTokenCount ?? 0),
      total_tokens: upstream.totalTokenCount,
      completion_tokens_details: { reasoning_tokens: upstream.thoughtsTokenCount },
    });

    const [sent] = await sentFor(model);
    expect(sent?.path).toBe(`/gemini/v1beta/models/${model}:generateContent`);
    expect(sent?.headers['x-goog-api-key']).toBe('fake-gemini-key');
    expect(sent?.query).toEqual({});
    expect(sent?.body).toEqual({
      systemInstruction: { parts: [{ text: 'You are a helpful assistant' }] },
      contents: [{ role: 'user', parts: [{ text: 'Say hi in Portuguese' }] }],
      generationConfig: { maxOutputTokens: 4000 },
    });
    expect(JSON.stringify(sent)).not.toContain('sb-test-key-1');
  });

  it('stream: text deltas in order, a stop finish and the last usage snapshot', async () => {
    const model = uniqueModel('gemini-2.0-flash-exp');
    const stream = await client.chat.completions.create({
      model: `gemini/${model}`,
      messages: [{ role: 'user', content: 'What is the capital of France?' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('The capital of France is Paris.\n');
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({ prompt_tokens: 13, completion_tokens: 8, total_tokens: 21 });
    const [sent] = await sentFor(model);
    expect(sent?.path).toBe(`/gemini/v1beta/models/${model}:streamGenerateContent`);
    expect(sent?.query).toEqual({ alt: 'sse' });
  });

  it('thinking: reasoning_effort asks for thought summaries, which stream as reasoning_content', async () => {
    const model = uniqueModel('gemini-2.5-flash');
    const stream = await client.chat.completions.create({
      model: `gemini/${model}`,
      messages: [{ role: 'user', content: 'Why is the sky blue?' }],
      reasoning_effort: 'low',
      stream: true,
      stream_options: { include_usage: true },
    });
    let reasoning = '';
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as { content?: string | null; reasoning_content?: string } | undefined;
      reasoning += delta?.reasoning_content ?? '';
      text += delta?.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(reasoning).toMatch(/^\*\*Exploring Sky Color/);
    expect(text).toMatch(/^The sky is blue because/);
    expect(usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 588, completion_tokens_details: { reasoning_tokens: 540 } });
    const [sent] = await sentFor(model);
    expect(sent?.body.generationConfig).toEqual({ thinkingConfig: { thinkingBudget: 1024, includeThoughts: true } });
  });

  it('tools: a tool call with parsed arguments, and a schema sent through the allow-list', async () => {
    const model = uniqueModel('gemini-2.5-flash');
    const completion = await client.chat.completions.create({
      model: `gemini/${model}`,
      messages: [{ role: 'user', content: "What's the weather in Florence,Italy?" }],
      tools: [weatherTool],
      tool_choice: 'auto',
    });
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    const call = choice?.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.name).toBe('weather');
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ location: 'Florence,Italy' });
    expect(call?.id).toMatch(/^call_/);

    const [sent] = await sentFor(model);
    expect(sent?.body.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'weather',
            description: 'Get weather information for a location',
            parameters: { type: 'OBJECT', properties: { location: { type: 'STRING', description: 'the city' } }, required: ['location'] },
          },
        ],
      },
    ]);
    expect(sent?.body.toolConfig).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
  });

  it('stream + tools: the call arrives whole with its id, name, arguments and signature', async () => {
    const stream = await client.chat.completions.create({
      model: `gemini/${uniqueModel('gemini-2.5-flash')}`,
      messages: [{ role: 'user', content: "What's the weather in Florence,Italy?" }],
      tools: [weatherTool],
      stream: true,
    });
    const deltas: (OpenAI.ChatCompletionChunk.Choice.Delta.ToolCall & { signature?: string })[] = [];
    let finish: string | null = null;
    for await (const chunk of stream) {
      deltas.push(...(chunk.choices[0]?.delta.tool_calls ?? []));
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(deltas[0]).toMatchObject({ index: 0, type: 'function', function: { name: 'weather' } });
    expect(deltas[0]?.id).toMatch(/^call_/);
    expect(deltas[0]?.signature).toMatch(/^CiQBvj72/);
    expect(JSON.parse(deltas.map((delta) => delta.function?.arguments ?? '').join(''))).toEqual({ location: 'Florence,Italy' });
    expect(finish).toBe('tool_calls');
  });

  it('tool round trip: the result goes back as a functionResponse named after the call, signature echoed', async () => {
    const model = uniqueModel('gemini-2.5-flash');
    const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: "What's the weather in Florence,Italy?" };
    const first = await client.chat.completions.create({ model: `gemini/${model}`, messages: [question], tools: [weatherTool] });
    const assistant = first.choices[0]?.message;
    const call = assistant?.tool_calls?.[0] as OpenAI.ChatCompletionMessageFunctionToolCall & { signature?: string };
    expect(call.signature).toBeDefined();

    const second = await client.chat.completions.create({
      model: `gemini/${model}`,
      tools: [weatherTool],
      messages: [
        question,
        { role: 'assistant', content: null, tool_calls: [call] } as OpenAI.ChatCompletionAssistantMessageParam,
        { role: 'tool', tool_call_id: call.id, content: '40 C' },
      ],
    });
    expect(second.choices[0]?.message.content).toBe('The weather in Florence, Italy is 40 C.');
    expect(second.choices[0]?.finish_reason).toBe('stop');

    const followUp = (await sentFor(model))[1];
    expect(followUp?.body.contents).toEqual([
      { role: 'user', parts: [{ text: "What's the weather in Florence,Italy?" }] },
      {
        role: 'model',
        parts: [{ functionCall: { id: call.id, name: 'weather', args: { location: 'Florence,Italy' } }, thoughtSignature: call.signature }],
      },
      { role: 'user', parts: [{ functionResponse: { id: call.id, name: 'weather', response: { result: '40 C' } } }] },
    ]);
  });

  it('response_format json_schema: sent as responseMimeType + responseSchema; a recursive schema is a 400', async () => {
    const model = uniqueModel('gemini-2.5-flash');
    await client.chat.completions.create({
      model: `gemini/${model}`,
      messages: [{ role: 'user', content: 'Capital of France as JSON' }],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'capital',
          strict: true,
          schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
        },
      },
    });
    const [sent] = await sentFor(model);
    expect(sent?.body.generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseSchema: { type: 'OBJECT', properties: { city: { type: 'STRING' } }, required: ['city'] },
    });

    const recursive = client.chat.completions.create({
      model: `gemini/${model}`,
      messages: [{ role: 'user', content: 'a tree' }],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'tree', schema: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#' } } } } },
      },
    });
    await expect(recursive).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(recursive).rejects.toThrow(/recursive/);
    expect(await sentFor(model)).toHaveLength(1);
  });

  it('image input: a data URL is sent as inlineData', async () => {
    const model = uniqueModel('gemini-2.5-flash');
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const completion = await client.chat.completions.create({
      model: `gemini/${model}`,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this image?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } },
          ],
        },
      ],
    });
    expect(completion.choices[0]?.message.content).toBeTruthy();
    const [sent] = await sentFor(model);
    expect(sent?.body.contents).toEqual([
      { role: 'user', parts: [{ text: 'What is in this image?' }, { inlineData: { mimeType: 'image/png', data: png } }] },
    ]);
  });

  it('an image URL whose type cannot be told is a 400 the SDK raises as BadRequestError', async () => {
    const model = uniqueModel('gemini-2.5-flash');
    const request = client.chat.completions.create({
      model: `gemini/${model}`,
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/picture' } }] }],
    });
    await expect(request).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    expect(await sentFor(model)).toEqual([]);
  });

  it('a rejected provider key is a 502 (InternalServerError) that leaks neither key nor provider text', async () => {
    // The fake replays Gemini's real answer to a wrong key: 400 INVALID_ARGUMENT / API_KEY_INVALID.
    const error = await client.chat.completions
      .create({ model: 'gemini/fixture:errors/400-api-key-invalid', messages: [{ role: 'user', content: 'hi' }] })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    const apiError = error as InstanceType<typeof OpenAI.APIError>;
    expect(apiError.status).toBe(502);
    expect(apiError.code).toBe('upstream_authentication_failed');
    expect(JSON.stringify(apiError.error)).not.toMatch(/fake-gemini-key|key1234|API key not valid/);
  });

  it('a 429 RESOURCE_EXHAUSTED is a RateLimitError with retry-after from the body’s RetryInfo', async () => {
    const error = await client.chat.completions
      .create({ model: `gemini/${uniqueModel('gemini-2.5-flash')}@status=429@retry-after=7`, messages: [{ role: 'user', content: 'hi' }] })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after')).toBe('7');
  });

  it('an unknown model is a NotFoundError', async () => {
    const request = client.chat.completions.create({
      model: `gemini/${uniqueModel('gemini-9')}@status=404`,
      messages: [{ role: 'user', content: 'hi' }],
    });
    await expect(request).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });
});
