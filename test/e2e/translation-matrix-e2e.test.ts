/**
 * The translation matrix end to end: every provider × surface × cell, through Switchboard
 * under `wrangler dev` (real workerd, local bindings) to the fake upstream replaying recorded
 * provider traffic. Surfaces are driven by the official SDKs (support/surface-drivers.ts);
 * expected answers are read from the recordings themselves (support/recorded.ts).
 *
 * Test names are `provider × surface × cell`; each test also records its coordinates in
 * `task.meta.matrix`, from which `npm run docs:matrix` writes docs/translation-matrix.md.
 */
import { describe, expect, inject, it } from 'vitest';
import { type Cell, type ProviderCase, providerCases, type Served } from './support/matrix-cases';
import { recordedAnswer } from './support/recorded';
import { responsesDriver } from './support/responses-driver';
import { chatDriver, messagesDriver, type SurfaceDriver, TOOL_RESULT } from './support/surface-drivers';
import { expectedImagePart, partsSent, toolExchangeSent, upstreamRequests } from './support/upstream-log';

declare module 'vitest' {
  interface TaskMeta {
    matrix?: {
      provider: string;
      surface: string;
      surfaceLabel: string;
      cell: Cell;
      recorded: string[];
      providerNote?: string;
      note?: string;
    };
  }
}

const gatewayUrl = inject('gatewayUrl');
const upstreamUrl = inject('e2eUpstreamUrl');
const surfaces = [chatDriver(gatewayUrl), messagesDriver(gatewayUrl), responsesDriver(gatewayUrl)];
const newTag = () => `[matrix:${crypto.randomUUID().slice(0, 8)}]`;
const modelOf = (row: ProviderCase, served: Served) => `${row.provider}/${served.model}`;

/** The upstream requests carrying `tag`, checked to be answered by the recordings the table names, in order. */
async function sentUpstream(tag: string, ...served: Served[]) {
  const requests = await upstreamRequests(upstreamUrl, tag);
  expect(requests).toHaveLength(served.length);
  // `fixture` is the recording's name without its extension.
  expect(requests.map((request) => `${request.fixture}.`)).toEqual(
    served.map((each) => each.recorded.slice(0, each.recorded.indexOf('.') + 1)),
  );
  return requests.map((request) => request.body ?? {});
}

type CellBody = (row: ProviderCase, surface: SurfaceDriver) => Promise<void>;

const cellTests: Record<Cell, { recorded: (row: ProviderCase) => Served[]; run: CellBody }> = {
  text: {
    recorded: (row) => [row.text],
    async run(row, surface) {
      const tag = newTag();
      const answer = await surface.complete(modelOf(row, row.text), { tag });
      expect(answer.text.length).toBeGreaterThan(0);
      const expected = recordedAnswer(row.text.recorded);
      expect(answer.text).toBe(expected.text);
      expect(expected.finish).toBeDefined();
      expect(answer.finish).toBe(surface.finishOf(expected.finish));
      await sentUpstream(tag, row.text);
    },
  },
  stream: {
    recorded: (row) => [row.stream],
    async run(row, surface) {
      const tag = newTag();
      const answer = await surface.stream(modelOf(row, row.stream), { tag });
      expect(answer.text.length).toBeGreaterThan(0);
      const expected = recordedAnswer(row.stream.recorded);
      expect(answer.text).toBe(expected.text);
      expect(expected.finish).toBeDefined();
      expect(answer.finish).toBe(surface.finishOf(expected.finish));
      await sentUpstream(tag, row.stream);
    },
  },
  tools: {
    recorded: (row) => [row.tools],
    async run(row, surface) {
      const tag = newTag();
      const answer = await surface.complete(modelOf(row, row.tools), { tag, tools: true });
      const recorded = recordedAnswer(row.tools.recorded);
      const [expected] = recorded.toolCalls;
      expect(expected).toBeDefined();
      expect(answer.toolCalls).toEqual([{ id: expect.any(String), ...expected }]);
      expect(recorded.finish).toBe('tool');
      expect(answer.finish).toBe(surface.finishOf('tool'));
      await sentUpstream(tag, row.tools);
    },
  },
  'stream+tools': {
    recorded: (row) => [row.streamTools],
    async run(row, surface) {
      const tag = newTag();
      const answer = await surface.stream(modelOf(row, row.streamTools), { tag, tools: true });
      const recorded = recordedAnswer(row.streamTools.recorded);
      const [expected] = recorded.toolCalls;
      expect(expected).toBeDefined();
      expect(answer.toolCalls).toEqual([{ id: expect.any(String), ...expected }]);
      expect(recorded.finish).toBe('tool');
      expect(answer.finish).toBe(surface.finishOf('tool'));
      await sentUpstream(tag, row.streamTools);
    },
  },
  usage: {
    recorded: (row) => [row.text, row.streamUsage],
    async run(row, surface) {
      const wholeTag = newTag();
      const whole = await surface.complete(modelOf(row, row.text), { tag: wholeTag });
      expect(whole.usage).toEqual(surface.usageOf(recordedAnswer(row.text.recorded).usage));
      await sentUpstream(wholeTag, row.text);
      const tag = newTag();
      const streamed = await surface.stream(modelOf(row, row.streamUsage), { tag });
      const expected = surface.usageOf(recordedAnswer(row.streamUsage.recorded).usage);
      expect(Object.values(expected).some((count) => count > 0)).toBe(true);
      expect(streamed.usage).toEqual(expected);
      await sentUpstream(tag, row.streamUsage);
    },
  },
  error: {
    recorded: () => [],
    async run(row, surface) {
      const tag = newTag();
      const model = `${row.provider}/${row.plainModel}-${tag.slice(8, 16)}@status=429@retry-after=60`;
      const error = await surface.complete(model, { tag }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(surface.errors.rateLimit);
      const headers = (error as { headers?: Headers }).headers;
      expect(headers?.get('retry-after')).toBe('60');
      expect(headers?.get('x-request-id')).toMatch(/^req_/);
      // A hint longer than the gateway's retry ceiling is handed to the caller, not waited out.
      expect(await upstreamRequests(upstreamUrl, tag)).toHaveLength(1);
    },
  },
  'tool round trip': {
    recorded: (row) => [row.tools, row.followup],
    async run(row, surface) {
      const tag = newTag();
      const { call, final } = await surface.roundTrip(modelOf(row, row.tools), modelOf(row, row.followup), tag);
      const [toolCall] = call.toolCalls;
      expect(toolCall?.name).toBe(recordedAnswer(row.tools.recorded).toolCalls[0]?.name);
      expect(final.text.length).toBeGreaterThan(0);
      const followup = recordedAnswer(row.followup.recorded);
      expect(final.text).toBe(followup.text);
      expect(final.finish).toBe(surface.finishOf(followup.finish));
      const [, second = {}] = await sentUpstream(tag, row.tools, row.followup);
      const sent = toolExchangeSent(row.wire, second);
      expectToolExchange(row, sent, toolCall!);
    },
  },
  image: {
    recorded: (row) => [row.text],
    async run(row, surface) {
      const tag = newTag();
      const answer = await surface.complete(modelOf(row, row.text), { tag, image: true });
      expect(answer.text).toBe(recordedAnswer(row.text.recorded).text);
      const [body = {}] = await sentUpstream(tag, row.text);
      expect(partsSent(row.wire, body)).toContainEqual(expectedImagePart(row.wire));
    },
  },
};

/** The call went back upstream under its id and arguments, and the result answered it, in the provider's wire. */
function expectToolExchange(
  row: ProviderCase,
  sent: ReturnType<typeof toolExchangeSent>,
  call: { id: string; name: string; arguments: unknown },
) {
  switch (row.wire) {
    case 'openai':
      expect(sent.call).toMatchObject({ id: call.id, type: 'function', function: { name: call.name } });
      expect(JSON.parse(String((sent.call?.function as { arguments?: string } | undefined)?.arguments))).toEqual(call.arguments);
      expect(sent.result).toMatchObject({ role: 'tool', tool_call_id: call.id, content: TOOL_RESULT });
      return;
    case 'anthropic':
      expect(sent.call).toMatchObject({ type: 'tool_use', id: call.id, name: call.name, input: call.arguments });
      expect(sent.result).toMatchObject({ type: 'tool_result', tool_use_id: call.id });
      expect(JSON.stringify(sent.result?.content)).toContain('temperature_c');
      return;
    case 'gemini':
      expect(sent.call).toMatchObject({ functionCall: { name: call.name, args: call.arguments } });
      // Gemini's thought signature must go back with its call, whichever surface carried it.
      expect(sent.call?.thoughtSignature).toBe(recordedAnswer(row.tools.recorded).toolCallSignatures[0]);
      expect(sent.result).toMatchObject({ functionResponse: { name: call.name, response: { temperature_c: 40 } } });
      return;
  }
}

describe('translation matrix: provider × surface × cell (wrangler dev, official SDKs)', () => {
  for (const row of providerCases) {
    for (const surface of surfaces) {
      for (const [cell, test] of Object.entries(cellTests) as [Cell, (typeof cellTests)[Cell]][]) {
        it(`${row.provider} × ${surface.id} × ${cell}`, async ({ task }) => {
          task.meta.matrix = {
            provider: row.provider,
            surface: surface.id,
            surfaceLabel: surface.label,
            cell,
            recorded: test.recorded(row).map((served) => served.recorded),
            ...(row.notes ? { providerNote: row.notes } : {}),
            ...(row.cellNotes?.[cell] ? { note: row.cellNotes[cell] } : {}),
          };
          await test.run(row, surface);
        });
      }
    }
  }

  for (const surface of surfaces) {
    it(`${surface.id} × a wrong gateway key is an AuthenticationError`, async () => {
      const error = await surface.withWrongKey('openai/gpt-4o-mini').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(surface.errors.authentication);
    });
  }
});
