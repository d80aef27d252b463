/**
 * End to end with the clients people use, across dialects: Switchboard under `wrangler dev`
 * (real workerd, local bindings) → the fake upstream replaying recorded provider traffic.
 * - the OpenAI Agents SDK in chat-completions mode runs a whole tool loop against Anthropic
 *   and Gemini targets (the history it echoes back must be accepted and translated);
 * - `@ai-sdk/anthropic` streamText with a tool, two steps, against an OpenAI target (its
 *   `eager_input_streaming` and `output_config` must not break the request).
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { Agent, tool as agentTool, OpenAIChatCompletionsModel, run, setTracingDisabled } from '@openai/agents';
import { stepCountIs, streamText, tool } from 'ai';
import OpenAI from 'openai';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import * as z from 'zod';

const gatewayUrl = inject('gatewayUrl');
const upstreamUrl = inject('e2eUpstreamUrl');
const GATEWAY_KEY = 'sb-dev-key-1';
const unique = (base: string) => `${base}-${crypto.randomUUID().slice(0, 8)}`;

interface LoggedRequest {
  path: string;
  body?: Record<string, unknown> & { model?: string };
}

async function upstreamLog(model: string): Promise<LoggedRequest[]> {
  const log = (await (await fetch(`${upstreamUrl}/__fake/requests`)).json()) as LoggedRequest[];
  return log.filter((entry) => entry.body?.model === model || entry.path.includes(`/models/${model}:`));
}

const weatherSchema = z.object({ location: z.string().describe('City and country') });
const calls: string[] = [];
const weather = async ({ location }: { location: string }) => {
  calls.push(location);
  return { location, temperature: 21, unit: 'celsius' };
};

beforeAll(() => setTracingDisabled(true));

describe('OpenAI Agents SDK (chat-completions mode) tool loop through the gateway', () => {
  const client = new OpenAI({ baseURL: `${gatewayUrl}/v1`, apiKey: GATEWAY_KEY, maxRetries: 0 });
  const agentFor = (model: string) =>
    new Agent({
      name: 'Weather agent',
      instructions: 'Answer with the weather tool.',
      model: new OpenAIChatCompletionsModel(client, model),
      tools: [agentTool({ name: 'weather', description: 'Current weather', parameters: weatherSchema, execute: weather })],
    });

  it('to Anthropic: the tool runs, the history goes back as tool_use / tool_result, the run ends with text', async () => {
    const model = unique('claude-sonnet-4-5');
    const before = calls.length;
    const result = await run(agentFor(`anthropic/${model}`), 'What is the weather in Florence, Italy?', { maxTurns: 4 });
    expect(calls.length).toBe(before + 1);
    expect(typeof result.finalOutput).toBe('string');
    expect(String(result.finalOutput).length).toBeGreaterThan(0);
    const sent = await upstreamLog(model);
    expect(sent).toHaveLength(2);
    const followUp = sent[1]?.body as { messages: { role: string; content: { type: string }[] }[] };
    const blocks = followUp.messages.flatMap((message) => message.content.map((block) => block.type));
    expect(blocks[0]).toBe('text');
    expect(blocks.slice(-2)).toEqual(['tool_use', 'tool_result']);
  });

  it('to Gemini: the tool runs, the history goes back as functionCall / functionResponse', async () => {
    const model = unique('gemini-2.5-flash');
    const before = calls.length;
    const result = await run(agentFor(`gemini/${model}`), 'What is the weather in Florence, Italy?', { maxTurns: 4 });
    expect(calls.length).toBe(before + 1);
    expect(String(result.finalOutput).length).toBeGreaterThan(0);
    const sent = await upstreamLog(model);
    expect(sent).toHaveLength(2);
    const followUp = JSON.stringify(sent[1]?.body);
    expect(followUp).toContain('functionCall');
    expect(followUp).toContain('functionResponse');
  });
});

describe('@ai-sdk/anthropic streamText with tools through the gateway to OpenAI', () => {
  it('two steps: tool call, tool result, final text; eager_input_streaming and output_config are dropped or translated', async () => {
    const anthropic = createAnthropic({ baseURL: `${gatewayUrl}/v1`, apiKey: GATEWAY_KEY });
    const model = unique('gpt-4o');
    const droppedHeaders: (string | null)[] = [];
    const result = streamText({
      model: anthropic(`openai/${model}`),
      tools: {
        get_capital: tool({
          description: 'Capital of a country',
          inputSchema: z.object({ country: z.string() }),
          execute: async () => 'London',
        }),
      },
      stopWhen: stepCountIs(2),
      providerOptions: { anthropic: { effort: 'low' } },
      prompt: 'What is the capital of the UK?',
      onStepFinish: (step) => {
        droppedHeaders.push(step.response.headers?.['x-switchboard-dropped-params'] ?? null);
      },
    });
    const text = await result.text;
    const steps = await result.steps;
    expect(steps).toHaveLength(2);
    expect(steps[0]?.toolCalls.map((call) => call.toolName)).toEqual(['get_capital']);
    expect(text.length).toBeGreaterThan(0);
    const sent = await upstreamLog(model);
    expect(sent).toHaveLength(2);
    expect(sent[0]?.body).toMatchObject({ reasoning_effort: 'low', stream: true });
    expect(JSON.stringify(sent[0]?.body)).not.toContain('eager_input_streaming');
    const followUp = sent[1]?.body as { messages: { role: string }[] };
    expect(followUp.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
    for (const header of droppedHeaders) expect(header).toBeNull();
  });
});
