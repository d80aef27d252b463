/**
 * The client × provider cross product (issue 12, "every client listed above completes text,
 * stream, tool loop and structured output on every provider family"): the real client
 * libraries, each with the Worker under test as its `fetch` (workerd, real bindings, no
 * wrangler dev), through the gateway to the fake upstream replaying recorded traffic.
 *
 * Expected answers come from the recording the fake says it served (its request log names the
 * fixture; test/support/recorded-text.ts reads its text). A tool loop must run the client's tool
 * once with the recorded arguments and end with the follow-up recording's text. Structured
 * output is answered by the reconstructed `structured-output` recordings (the shape of each
 * provider's recorded text answer, the content a JSON object; on Anthropic's translated lane,
 * the gateway's forced JSON tool) and must come back as that object.
 *
 * Cells: 9 clients × 5 providers × 4 scenarios. A cell that cannot pass is left out of
 * `SKIP` below with the reason; none is today.
 */

import { exports } from 'cloudflare:workers';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import Anthropic from '@anthropic-ai/sdk';
import { ChatAnthropic } from '@langchain/anthropic';
import { type BaseMessage, HumanMessage } from '@langchain/core/messages';
import { tool as langchainTool } from '@langchain/core/tools';
import { ChatOpenAI } from '@langchain/openai';
import { Agent, tool as agentTool, OpenAIChatCompletionsModel, OpenAIResponsesModel, run, setTracingDisabled } from '@openai/agents';
import { tool as aiTool, generateText, type LanguageModel, Output, stepCountIs, streamText } from 'ai';
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { FOREIGN_CALL_SIGNATURE } from '../../src/providers/gemini/contents';
import { fakeUpstreamUrl, GATEWAY_KEY } from '../support/gateway';
import { type LoggedProviderRequest, sentFor, uniqueModel } from '../support/openai-client';
import { recordedText, recordedThoughtSignature, recordedToolArguments } from '../support/recorded-text';

const workerFetch = (url: RequestInfo | URL, init?: RequestInit) => exports.default.fetch(new Request(url, init));
const GATEWAY = 'https://gateway.test';

const PROMPT = 'Say hello.';
const TOOL_PROMPT = 'What is the weather in Florence, Italy?';
const STRUCTURED_PROMPT = 'Which city is the Duomo di Santa Maria del Fiore in? Answer as JSON.';
const citySchema = z.object({ city: z.string(), country: z.string() });
const cityJsonSchema = {
  type: 'object',
  properties: { city: { type: 'string' }, country: { type: 'string' } },
  required: ['city', 'country'],
  additionalProperties: false,
};
const EXPECTED_OBJECT = { city: 'Florence', country: 'Italy' };
const weatherDescription = 'Current weather for a location';

/** What a tool loop ran: the locations the client's tool was called with. */
type ToolRuns = string[];
const weather = (runs: ToolRuns) => (location: string) => {
  runs.push(location);
  return JSON.stringify({ location, temperature: 21, unit: 'celsius' });
};

type Surface = 'chat' | 'messages' | 'responses';

interface ClientDriver {
  surface: Surface;
  text(model: string): Promise<string>;
  stream(model: string): Promise<string>;
  toolLoop(model: string, runs: ToolRuns): Promise<string>;
  structured(model: string): Promise<unknown>;
}

// --- the clients -----------------------------------------------------------------------------

function aiSdk(surface: Surface, languageModel: (id: string) => LanguageModel): ClientDriver {
  return {
    surface,
    text: async (model) => (await generateText({ model: languageModel(model), prompt: PROMPT, maxRetries: 0 })).text,
    stream: async (model) => {
      let failure: unknown;
      const result = streamText({
        model: languageModel(model),
        prompt: PROMPT,
        maxRetries: 0,
        onError: ({ error }) => {
          failure = error;
        },
      });
      let text = '';
      for await (const delta of result.textStream) text += delta;
      if (failure) throw failure;
      return text;
    },
    toolLoop: async (model, runs) => {
      const result = await generateText({
        model: languageModel(model),
        prompt: TOOL_PROMPT,
        maxRetries: 0,
        stopWhen: stepCountIs(3),
        tools: {
          weather: aiTool({
            description: weatherDescription,
            inputSchema: z.object({ location: z.string() }),
            execute: async ({ location }) => weather(runs)(location),
          }),
        },
      });
      return result.text;
    },
    structured: async (model) =>
      (
        await generateText({
          model: languageModel(model),
          prompt: STRUCTURED_PROMPT,
          maxRetries: 0,
          output: Output.object({ schema: citySchema }),
        })
      ).output,
  };
}

function langchain(surface: Surface, chatModel: (id: string) => ChatOpenAI | ChatAnthropic): ClientDriver {
  return {
    surface,
    text: async (model) => (await chatModel(model).invoke(PROMPT)).text,
    stream: async (model) => {
      let text = '';
      for await (const chunk of await chatModel(model).stream(PROMPT)) text += chunk.text;
      return text;
    },
    toolLoop: async (model, runs) => {
      const weatherTool = langchainTool(async ({ location }: { location: string }) => weather(runs)(location), {
        name: 'weather',
        description: weatherDescription,
        schema: z.object({ location: z.string() }),
      });
      const bound = chatModel(model).bindTools([weatherTool]);
      const messages: BaseMessage[] = [new HumanMessage(TOOL_PROMPT)];
      const first = await bound.invoke(messages);
      messages.push(first);
      for (const call of first.tool_calls ?? []) messages.push(await weatherTool.invoke(call));
      return (await bound.invoke(messages)).text;
    },
    structured: async (model) => chatModel(model).withStructuredOutput(citySchema, { method: 'jsonSchema' }).invoke(STRUCTURED_PROMPT),
  };
}

const openaiSdkClient = () => new OpenAI({ apiKey: GATEWAY_KEY, baseURL: `${GATEWAY}/v1`, fetch: workerFetch, maxRetries: 0 });

function agents(surface: 'chat' | 'responses'): ClientDriver {
  const modelFor = (model: string) =>
    surface === 'chat' ? new OpenAIChatCompletionsModel(openaiSdkClient(), model) : new OpenAIResponsesModel(openaiSdkClient(), model);
  const agent = (model: string) => new Agent({ name: 'Assistant', instructions: 'Be brief.', model: modelFor(model) });
  return {
    surface,
    text: async (model) => String((await run(agent(model), PROMPT)).finalOutput),
    stream: async (model) => {
      const result = await run(agent(model), PROMPT, { stream: true });
      let text = '';
      for await (const delta of result.toTextStream()) text += delta;
      await result.completed;
      return text;
    },
    toolLoop: async (model, runs) => {
      const withTool = new Agent({
        name: 'Weather agent',
        instructions: 'Answer with the weather tool.',
        model: modelFor(model),
        tools: [
          agentTool({
            name: 'weather',
            description: weatherDescription,
            parameters: z.object({ location: z.string() }),
            execute: async ({ location }) => weather(runs)(location),
          }),
        ],
      });
      return String((await run(withTool, TOOL_PROMPT, { maxTurns: 4 })).finalOutput);
    },
    structured: async (model) => {
      const structured = new Agent({ name: 'City', instructions: 'Answer as JSON.', model: modelFor(model), outputType: citySchema });
      return (await run(structured, STRUCTURED_PROMPT)).finalOutput;
    },
  };
}

function openaiSdk(): ClientDriver {
  const client = openaiSdkClient();
  const tools: OpenAI.ChatCompletionTool[] = [
    {
      type: 'function',
      function: {
        name: 'weather',
        description: weatherDescription,
        parameters: { type: 'object', properties: { location: { type: 'string' } } },
      },
    },
  ];
  return {
    surface: 'chat',
    text: async (model) =>
      (await client.chat.completions.create({ model, messages: [{ role: 'user', content: PROMPT }] })).choices[0]?.message.content ?? '',
    stream: async (model) => {
      let text = '';
      const stream = await client.chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: PROMPT }] });
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      return text;
    },
    toolLoop: async (model, runs) => {
      const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: TOOL_PROMPT }];
      const first = (await client.chat.completions.create({ model, messages, tools })).choices[0]?.message;
      if (!first) throw new Error('no message');
      messages.push(first);
      for (const call of first.tool_calls ?? []) {
        if (call.type !== 'function') continue;
        const { location } = JSON.parse(call.function.arguments) as { location: string };
        messages.push({ role: 'tool', tool_call_id: call.id, content: weather(runs)(location) });
      }
      return (await client.chat.completions.create({ model, messages, tools })).choices[0]?.message.content ?? '';
    },
    structured: async (model) => {
      const answer = await client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: STRUCTURED_PROMPT }],
        response_format: { type: 'json_schema', json_schema: { name: 'city', schema: cityJsonSchema, strict: true } },
      });
      return JSON.parse(answer.choices[0]?.message.content ?? 'null');
    },
  };
}

function anthropicSdk(): ClientDriver {
  const client = new Anthropic({ apiKey: GATEWAY_KEY, baseURL: GATEWAY, fetch: workerFetch, maxRetries: 0 });
  const textOf = (message: Anthropic.Message) => message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
  const tools: Anthropic.Tool[] = [
    { name: 'weather', description: weatherDescription, input_schema: { type: 'object', properties: { location: { type: 'string' } } } },
  ];
  return {
    surface: 'messages',
    text: async (model) => textOf(await client.messages.create({ model, max_tokens: 1024, messages: [{ role: 'user', content: PROMPT }] })),
    stream: async (model) => client.messages.stream({ model, max_tokens: 1024, messages: [{ role: 'user', content: PROMPT }] }).finalText(),
    toolLoop: async (model, runs) => {
      const messages: Anthropic.MessageParam[] = [{ role: 'user', content: TOOL_PROMPT }];
      const first = await client.messages.create({ model, max_tokens: 1024, messages, tools });
      messages.push({ role: 'assistant', content: first.content });
      const results: Anthropic.ToolResultBlockParam[] = first.content.flatMap((block) =>
        block.type === 'tool_use'
          ? [
              {
                type: 'tool_result' as const,
                tool_use_id: block.id,
                content: weather(runs)((block.input as { location: string }).location),
              },
            ]
          : [],
      );
      messages.push({ role: 'user', content: results });
      return textOf(await client.messages.create({ model, max_tokens: 1024, messages, tools }));
    },
    structured: async (model) => {
      const answer = await client.messages.create({
        model,
        max_tokens: 1024,
        messages: [{ role: 'user', content: STRUCTURED_PROMPT }],
        // Anthropic's structured outputs; the SDK's types may lag the API.
        ...({ output_config: { format: { type: 'json_schema', schema: cityJsonSchema } } } as object),
      });
      return JSON.parse(textOf(answer));
    },
  };
}

const aiOpenAI = createOpenAI({ baseURL: `${GATEWAY}/v1`, apiKey: GATEWAY_KEY, fetch: workerFetch });
const aiAnthropic = createAnthropic({ baseURL: `${GATEWAY}/v1`, apiKey: GATEWAY_KEY, fetch: workerFetch });

const clients: Record<string, ClientDriver> = {
  '@ai-sdk/openai (Responses)': aiSdk('responses', (id) => aiOpenAI(id)),
  '@ai-sdk/openai .chat()': aiSdk('chat', (id) => aiOpenAI.chat(id)),
  '@ai-sdk/anthropic': aiSdk('messages', (id) => aiAnthropic(id)),
  '@langchain/openai': langchain(
    'chat',
    (id) =>
      new ChatOpenAI({ model: id, apiKey: GATEWAY_KEY, maxRetries: 0, configuration: { baseURL: `${GATEWAY}/v1`, fetch: workerFetch } }),
  ),
  '@langchain/anthropic': langchain(
    'messages',
    (id) =>
      new ChatAnthropic({ model: id, apiKey: GATEWAY_KEY, maxRetries: 0, anthropicApiUrl: GATEWAY, clientOptions: { fetch: workerFetch } }),
  ),
  '@openai/agents (chat completions)': agents('chat'),
  '@openai/agents (Responses)': agents('responses'),
  openai: openaiSdk(),
  '@anthropic-ai/sdk': anthropicSdk(),
};

// --- the providers ---------------------------------------------------------------------------

const providers = {
  openai: 'gpt-4o',
  anthropic: 'claude-sonnet-4-5',
  gemini: 'gemini-2.5-flash',
  deepseek: 'deepseek-chat',
  azure: 'gpt-4o-mini',
} as const;
type Provider = keyof typeof providers;

/** Cells left out, with the reason (client · provider · scenario). None today. */
const SKIP: Record<string, string> = {};

/**
 * Cells answered by another recording than the fake's default, in request order (`ok`: the
 * default). DeepSeek's only non-stream text recording was cut by `max_tokens`
 * (`finish_reason: "length"`); the gateway reports that as Responses `status: "incomplete"`,
 * as OpenAI does, and the Agents SDK's Responses model raises on an incomplete response by
 * design. Its text answers there come from DeepSeek's complete recording instead.
 */
const SCRIPTED: Record<string, string[]> = {
  '@openai/agents (Responses) · deepseek · text': ['fixture:reasoning'],
  '@openai/agents (Responses) · deepseek · tool loop': ['ok', 'fixture:reasoning'],
};

/**
 * Whether the client hands the gateway's reasoning extensions back in a tool loop (here the
 * Gemini thought signature on the call: `tool_calls[].signature`, `tool_use.signature`, a
 * Responses reasoning item). A client that does not gets Google's placeholder on the call
 * instead (docs/fidelity.md, "Reasoning state across turns").
 */
const KEEPS_GEMINI_SIGNATURE: Record<string, boolean> = {
  '@ai-sdk/openai (Responses)': true,
  // These two rebuild the history from their own types: unknown keys on tool calls are not kept.
  '@ai-sdk/openai .chat()': false,
  '@langchain/openai': false,
  // Keeps signed thinking blocks only: the signature rides on one of its own (surfaces/anthropic/call-signatures.ts).
  '@ai-sdk/anthropic': true,
  '@langchain/anthropic': true,
  '@openai/agents (chat completions)': true,
  '@openai/agents (Responses)': true,
  openai: true,
  '@anthropic-ai/sdk': true,
};

// --- the oracle ------------------------------------------------------------------------------

const streamed = (entry: LoggedProviderRequest) => entry.body?.stream === true || entry.path.includes('streamGenerateContent');

type Served = LoggedProviderRequest & { fixture: string | null };

/** The upstream requests for `model`, each answered 200 by a recording. */
async function served(model: string, expectedRequests: number): Promise<(Served & { fixture: string })[]> {
  const sent = (await sentFor(model)) as Served[];
  expect(sent.map((entry) => entry.status)).toEqual(Array(expectedRequests).fill(200));
  for (const entry of sent) if (!entry.fixture) throw new Error(`the fake served no recording for ${model}`);
  return sent as (Served & { fixture: string })[];
}

/** The text of the recording that answered the last request for `model`. */
async function lastRecordedText(model: string, expectedRequests: number): Promise<string> {
  const last = (await served(model, expectedRequests)).at(-1);
  return last ? recordedText(last.fixture, streamed(last)) : '';
}

async function script(model: string, responses: string[]): Promise<void> {
  const response = await fetch(`${fakeUpstreamUrl()}/__fake/script`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ match: model, responses }),
  });
  expect(response.status).toBe(200);
}

/** Structured output is answered by the reconstructed recording of the provider's shape. */
function structuredFixture(provider: Provider, surface: Surface): string {
  // OpenAI and Azure behind the Responses surface: the Responses answer (the same-dialect lane forwards it).
  if (surface === 'responses' && (provider === 'openai' || provider === 'azure')) return 'fixture:responses/structured-output';
  // Anthropic: the native answer on the same-dialect lane (messages), the gateway's forced JSON tool otherwise.
  return provider === 'anthropic' && surface !== 'messages' ? 'fixture:structured-output-tool' : 'fixture:structured-output';
}

beforeAll(() => setTracingDisabled(true));

const cells = Object.entries(clients).flatMap(([client, driver]) =>
  (Object.keys(providers) as Provider[]).map((provider) => ({ client, driver, provider })),
);

describe.concurrent.each(cells)('$client → $provider', ({ client, driver, provider }) => {
  const targets = new Map<string, { model: string; id: string }>();
  const target = (scenario: string) => targets.get(scenario) ?? { model: '', id: '' };
  const cell = (scenario: string, body: () => Promise<void>) => {
    const key = `${client} · ${provider} · ${scenario}`;
    if (SKIP[key] !== undefined) return;
    const model = uniqueModel(providers[provider]);
    targets.set(scenario, { model, id: `${provider}/${model}` });
    it(scenario, async () => {
      const scripted = SCRIPTED[key];
      if (scripted) await script(model, scripted);
      await body();
    });
  };

  cell('text', async () => {
    const { model, id } = target('text');
    const text = await driver.text(id);
    expect(text.length).toBeGreaterThan(0);
    expect(text).toBe(await lastRecordedText(model, 1));
  });

  cell('stream', async () => {
    const { model, id } = target('stream');
    const text = await driver.stream(id);
    expect(text.length).toBeGreaterThan(0);
    expect(text).toBe(await lastRecordedText(model, 1));
  });

  cell('tool loop', async () => {
    const { model, id } = target('tool loop');
    const runs: ToolRuns = [];
    const text = await driver.toolLoop(id, runs);
    const [call, followUp] = await served(model, 2);
    expect(runs).toEqual([recordedToolArguments(call?.fixture ?? '').location]);
    expect(text.length).toBeGreaterThan(0);
    expect(text).toBe(followUp ? recordedText(followUp.fixture, streamed(followUp)) : undefined);
    if (provider === 'gemini') {
      // Gemini's thought signature goes back on its call, or Google's placeholder when the client kept no extension.
      const contents = (followUp?.body.contents ?? []) as {
        role: string;
        parts: { functionCall?: unknown; thoughtSignature?: string }[];
      }[];
      const modelTurn = contents.find((content) => content.role === 'model');
      const kept = KEEPS_GEMINI_SIGNATURE[client] ? recordedThoughtSignature(call?.fixture ?? '') : FOREIGN_CALL_SIGNATURE;
      expect(modelTurn?.parts.find((part) => part.functionCall)?.thoughtSignature).toBe(kept);
    }
  });

  cell('structured output', async () => {
    const { model, id } = target('structured output');
    await script(model, [structuredFixture(provider, driver.surface)]);
    expect(await driver.structured(id)).toEqual(EXPECTED_OBJECT);
    await served(model, 1);
  });
});
