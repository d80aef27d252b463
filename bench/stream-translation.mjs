// Stream translation on one core, in Node, no HTTP: a long recorded upstream stream fed, one
// event per read as a provider sends it, through the provider's decoder (SSE → canonical
// events) and the other surface's encoder (canonical events → the caller's SSE bytes), with
// process.cpuUsage() around it. Four directions: Anthropic → OpenAI chat chunks, OpenAI →
// Anthropic message events, Anthropic → OpenAI Responses events, and OpenAI Responses → Responses
// (decoded and re-encoded, as a translated attempt would; the Responses surface forwards it on the
// same-dialect lane instead). Also the CPU of one typical response (200 upstream chunks) through
// the gateway's whole Web Streams pipeline (decodeProviderStream → the surface's encoder stream).
// The bar: translation adds under 1 ms of CPU per 100 chunks. Beside it, the same upstream
// stream on the same-dialect lane (decoded alongside, bytes forwarded), which must cost less.
// `node bench/stream-translation.mjs [--only <direction>]` runs this part alone.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { firstEvents, longAnthropicStream, longOpenAIStream, longResponsesStream } from './recorded-streams.mjs';
import { importGatewayModules } from './typescript.mjs';

export const TRANSLATION_TARGET_US_PER_100_CHUNKS = 1000;

const cpuMicros = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** Decode and re-encode one stream with the pure functions, batching per read like the gateway. */
function translate(gateway, chunks, direction) {
  const decoder = direction.decoder();
  const encoder = direction.encoder();
  const bytes = new TextEncoder();
  let text = '';
  let outputBytes = 0;
  let last = '';
  const flush = () => {
    if (!text) return;
    outputBytes += bytes.encode(text).length;
    last = text;
    text = '';
  };
  const emit = (event) => {
    text += encoder.encode(event);
  };
  const reader = gateway.createSseReader((message) => decoder.onMessage(message, emit));
  for (const chunk of chunks) {
    reader.feed(chunk);
    flush();
  }
  reader.end();
  decoder.onEnd(emit);
  text += encoder.finish();
  flush();
  return { outputBytes, last };
}

/** One response through the gateway's pipeline: upstream body stream → canonical batches → caller bytes. */
async function pipelineResponse(gateway, chunks, direction) {
  const body = new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  const { events } = gateway.decodeProviderStream(body, direction.decoder(), { provider: 'bench' });
  const reader = events.pipeThrough(direction.streamEncoder()).getReader();
  let outputBytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return outputBytes;
    outputBytes += value.length;
  }
}

/**
 * The same upstream stream on the same-dialect lane: decoded alongside for usage (the same
 * decoder), its bytes handed to the caller as read, nothing encoded.
 */
async function forwardedResponse(gateway, chunks, direction) {
  const body = new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  const tap = [];
  const { events } = gateway.decodeProviderStream(body, direction.decoder(), {
    provider: 'bench',
    readToEnd: true,
    onChunk: (bytes) => tap.push(bytes),
  });
  const forwarded = { kind: 'stream', contentType: null, tap, fromProvider: () => true };
  const reader = gateway.forwardedBytes(events, forwarded, () => '').getReader();
  let outputBytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return outputBytes;
    outputBytes += value.length;
  }
}

function checkComplete(direction, last) {
  if (!direction.complete(last)) throw new Error(`${direction.name}: the translated stream did not end cleanly:\n${last.slice(-300)}`);
}

export async function measureStreamTranslation({
  sizeBytes = 4 * 1024 * 1024,
  repetitions = 5,
  typicalChunks = 200,
  responses = 300,
  only,
} = {}) {
  const gateway = await importGatewayModules({
    'src/lib/streams/sse': ['createSseReader'],
    'src/lib/streams/stream-pipeline': ['decodeProviderStream'],
    'src/lib/streams/forwarded-stream': ['forwardedBytes'],
    'src/providers/anthropic/stream': ['createAnthropicStreamDecoder'],
    'src/providers/openai/stream': ['createOpenAIStreamDecoder'],
    'src/providers/openai/responses/stream': ['createResponsesStreamDecoder'],
    'src/surfaces/openai/stream': ['openAIEventEncoder', 'openAIStreamEncoder'],
    'src/surfaces/anthropic/stream': ['anthropicEventEncoder', 'anthropicStreamEncoder'],
    'src/surfaces/responses/stream-events': ['ResponsesEventEncoder'],
    'src/surfaces/responses/stream': ['responsesStreamEncoder'],
  });
  // The Responses surface (no store: the bench measures translation, not the Durable Object).
  const responsesContext = {
    id: 'resp_00000000000000000000000000000000',
    createdAt: 0,
    request: { model: 'bench' },
    firstOutputSeq: 1,
    withEncrypted: false,
  };
  const responsesEncoder = () => {
    const encoder = new gateway.ResponsesEventEncoder(responsesContext);
    return {
      encode: (event) => encoder.encode(event),
      finish: () => {
        const end = encoder.end();
        return end.text + end.terminal;
      },
    };
  };
  const openAIOptions = { includeUsage: true, requestId: 'req_bench' };
  const directions = [
    {
      name: 'Anthropic → OpenAI',
      stream: longAnthropicStream(sizeBytes),
      tailLength: 2,
      decoder: gateway.createAnthropicStreamDecoder,
      encoder: () => gateway.openAIEventEncoder(openAIOptions),
      streamEncoder: () => gateway.openAIStreamEncoder(openAIOptions),
      complete: (last) => last.endsWith('data: [DONE]\n\n'),
    },
    {
      name: 'OpenAI → Anthropic',
      stream: longOpenAIStream(sizeBytes),
      tailLength: 3,
      decoder: gateway.createOpenAIStreamDecoder,
      encoder: () => gateway.anthropicEventEncoder({ requestId: 'req_bench' }),
      streamEncoder: () => gateway.anthropicStreamEncoder({ requestId: 'req_bench' }),
      complete: (last) => last.includes('event: message_stop\n'),
    },
    {
      name: 'Anthropic → Responses',
      stream: longAnthropicStream(sizeBytes),
      tailLength: 2,
      decoder: gateway.createAnthropicStreamDecoder,
      encoder: responsesEncoder,
      streamEncoder: () => gateway.responsesStreamEncoder({ context: responsesContext }),
      complete: (last) => last.includes('event: response.completed\n'),
    },
    {
      name: 'OpenAI Responses → Responses',
      stream: longResponsesStream(sizeBytes),
      tailLength: 4,
      decoder: gateway.createResponsesStreamDecoder,
      encoder: responsesEncoder,
      streamEncoder: () => gateway.responsesStreamEncoder({ context: responsesContext }),
      complete: (last) => last.includes('event: response.completed\n'),
    },
  ];
  const rows = [];
  for (const direction of directions.filter((each) => only === undefined || each.name === only)) {
    const inputBytes = direction.stream.reduce((sum, chunk) => sum + chunk.length, 0);
    checkComplete(direction, translate(gateway, direction.stream, direction).last); // warm-up and check
    const started = cpuMicros();
    let outputBytes = 0;
    for (let round = 0; round < repetitions; round++) outputBytes = translate(gateway, direction.stream, direction).outputBytes;
    const cpu = cpuMicros() - started;
    const chunks = direction.stream.length * repetitions;

    const typical = firstEvents(direction.stream, typicalChunks, direction.tailLength);
    for (let round = 0; round < 50; round++) await pipelineResponse(gateway, typical, direction); // warm-up
    const pipelineStarted = cpuMicros();
    for (let round = 0; round < responses; round++) await pipelineResponse(gateway, typical, direction);
    const pipelineCpu = (cpuMicros() - pipelineStarted) / responses;
    for (let round = 0; round < 50; round++) await forwardedResponse(gateway, typical, direction); // warm-up
    const forwardedStarted = cpuMicros();
    for (let round = 0; round < responses; round++) await forwardedResponse(gateway, typical, direction);
    const forwardedCpu = (cpuMicros() - forwardedStarted) / responses;

    rows.push({
      direction: direction.name,
      inputMB: inputBytes / 1e6,
      outputMB: outputBytes / 1e6,
      chunks: direction.stream.length,
      mbPerSecond: (inputBytes * repetitions) / cpu,
      cpuMicrosPer100Chunks: (cpu / chunks) * 100,
      typicalResponse: {
        chunks: typicalChunks,
        translationCpuMicros: (cpu / chunks) * typicalChunks,
        pipelineCpuMicros: pipelineCpu,
        sameDialectCpuMicros: forwardedCpu,
      },
    });
  }
  return { targetMicrosPer100Chunks: TRANSLATION_TARGET_US_PER_100_CHUNKS, repetitions, rows };
}

export function printStreamTranslation({ targetMicrosPer100Chunks, repetitions, rows }) {
  console.log(`## stream translation, one core, in-process (target < ${targetMicrosPer100Chunks} µs CPU per 100 chunks)`);
  console.log(
    `Recorded streams repeated to ~${rows[0].inputMB.toFixed(1)} MB, fed one upstream event per read, ${repetitions} passes; CPU from process.cpuUsage().`,
  );
  console.log('| direction | input MB | upstream chunks | MB/s (input, per CPU second) | CPU µs / 100 chunks |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const row of rows) {
    console.log(
      `| ${row.direction} | ${row.inputMB.toFixed(2)} | ${row.chunks} | ${row.mbPerSecond.toFixed(1)} | ${row.cpuMicrosPer100Chunks.toFixed(1)} |`,
    );
  }
  const chunks = rows[0].typicalResponse.chunks;
  console.log(`\nOne typical response (${chunks} upstream chunks), CPU µs in Node:`);
  console.log(
    '| direction | decode + encode | through the Web Streams pipeline (decodeProviderStream → encoder stream) | same dialect instead (decodeProviderStream → forwardedBytes) |',
  );
  console.log('| --- | ---: | ---: | ---: |');
  for (const { direction, typicalResponse } of rows) {
    const { translationCpuMicros, pipelineCpuMicros, sameDialectCpuMicros } = typicalResponse;
    console.log(
      `| ${direction} | ${translationCpuMicros.toFixed(0)} | ${pipelineCpuMicros.toFixed(0)} | ${sameDialectCpuMicros.toFixed(0)} |`,
    );
  }
  console.log('');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  printStreamTranslation(await measureStreamTranslation({ only: values.only }));
}
