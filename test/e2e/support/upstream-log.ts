/**
 * What the gateway sent upstream, read from the fake upstream's request log, and the parts of
 * it the matrix checks (a tool result, an image) pulled out of each provider's wire format.
 */
import { PIXEL_PNG_BASE64, type Wire } from './matrix-cases';

export interface LoggedRequest {
  path: string;
  family: string;
  fixture?: string;
  status: number;
  body?: Record<string, unknown>;
}

/** Every upstream request whose body carries `tag`, oldest first. */
export async function upstreamRequests(upstreamUrl: string, tag: string): Promise<LoggedRequest[]> {
  const log = (await (await fetch(`${upstreamUrl}/__fake/requests`)).json()) as LoggedRequest[];
  return log.filter((entry) => JSON.stringify(entry.body ?? {}).includes(tag));
}

type Json = Record<string, unknown>;
const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
/** Every content part/block of every turn, in order. */
function parts(wire: Wire, body: Json): Json[] {
  if (wire === 'gemini') return list(body.contents).flatMap((turn) => list(turn.parts));
  return list(body.messages).flatMap((message) => (Array.isArray(message.content) ? list(message.content) : [message]));
}

/** The tool call and its result as sent upstream, in one shape: `{ id?, name, arguments, result }`. */
export function toolExchangeSent(wire: Wire, body: Json): { call?: Json; result?: Json } {
  switch (wire) {
    case 'openai': {
      const messages = list(body.messages);
      const call = list(messages.find((message) => message.role === 'assistant')?.tool_calls)[0];
      const result = messages.find((message) => message.role === 'tool');
      return { call, result };
    }
    case 'anthropic': {
      const all = parts(wire, body);
      return { call: all.find((block) => block.type === 'tool_use'), result: all.find((block) => block.type === 'tool_result') };
    }
    case 'gemini': {
      const all = parts(wire, body);
      return {
        call: all.find((part) => part.functionCall !== undefined),
        result: all.find((part) => part.functionResponse !== undefined),
      };
    }
  }
}

/** The image part as each wire carries it, for `toContainEqual`. */
export function expectedImagePart(wire: Wire): Json {
  switch (wire) {
    case 'openai':
      return { type: 'image_url', image_url: { url: `data:image/png;base64,${PIXEL_PNG_BASE64}` } };
    case 'anthropic':
      return { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PIXEL_PNG_BASE64 } };
    case 'gemini':
      return { inlineData: { mimeType: 'image/png', data: PIXEL_PNG_BASE64 } };
  }
}

export function partsSent(wire: Wire, body: Json): Json[] {
  return parts(wire, body);
}
