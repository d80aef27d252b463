/**
 * The same-dialect lane to Anthropic: a `/v1/messages` body goes upstream as the client wrote
 * it (cache_control and its ttl, thinking, context_management, output_config, tool flags, and
 * any field Anthropic adds tomorrow). The only edits are the gateway's own:
 *  - `model` → the upstream id;
 *  - template / session messages put in front: their system text before the client's
 *    `system`, their turns before the client's `messages` (converted like the translated lane);
 *  - a route's per-target overrides that exist on this wire (`max_tokens`, `temperature`, `top_p`);
 *  - the gateway's own `signature` on `tool_use` blocks (a Gemini thought signature) removed,
 *    and thinking blocks the gateway made for another provider (foreign-thinking.ts), which
 *    Anthropic would refuse.
 * `anthropic-version` and `anthropic-beta` come from the caller when it sent them.
 */

import type { ForwardEdits, ForwardRequestSpec, Target } from '../types';
import { type TextBlock, textBlocks } from './content';
import { isForeignSignature } from './foreign-thinking';
import { type AnthropicTurn, convertMessages } from './messages';
import { ANTHROPIC_VERSION } from './request';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A thinking block the gateway made for another provider (foreign-thinking.ts). */
const foreignThinking = (block: unknown) =>
  isObject(block) && block.type === 'thinking' && typeof block.signature === 'string' && isForeignSignature(block.signature);

function withoutGatewaySignatures(message: unknown): unknown {
  if (!isObject(message) || message.role !== 'assistant' || !Array.isArray(message.content)) return message;
  const blocks = message.content as unknown[];
  const signed = (block: unknown) => isObject(block) && block.type === 'tool_use' && 'signature' in block;
  if (!blocks.some((block) => signed(block) || foreignThinking(block))) return message;
  const content = blocks.flatMap((block) => {
    if (foreignThinking(block)) return [];
    if (!signed(block)) return [block];
    const { signature: _signature, ...rest } = block as Json;
    return [rest];
  });
  return { ...message, content };
}

function systemBlocks(system: unknown): unknown[] {
  if (system === undefined || system === null || system === '') return [];
  if (typeof system === 'string') return [{ type: 'text', text: system }];
  return Array.isArray(system) ? system : [system];
}

function applyOverrides(out: Json, overrides: Readonly<Json>): void {
  const maxTokens = overrides.max_completion_tokens ?? overrides.max_tokens;
  if (maxTokens !== undefined) out.max_tokens = maxTokens;
  if (overrides.temperature !== undefined) out.temperature = overrides.temperature;
  if (overrides.top_p !== undefined) out.top_p = overrides.top_p;
}

/** The gateway's messages as Anthropic `system` blocks and turns (a template alone has no turns). */
function convertPrefix(prefix: ForwardEdits['prefix']): { system: TextBlock[]; messages: AnthropicTurn[] } {
  if (prefix.some((message) => message.role !== 'system' && message.role !== 'developer')) return convertMessages(prefix);
  return {
    system: prefix.flatMap((message) => (message.role === 'system' || message.role === 'developer' ? textBlocks(message.content) : [])),
    messages: [],
  };
}

export function forwardAnthropicBody(body: Readonly<Json>, edits: ForwardEdits, target: Target): Json {
  const out: Json = { ...body, model: target.model };
  applyOverrides(out, edits.overrides);
  const messages = Array.isArray(body.messages) ? (body.messages as unknown[]) : [];
  const cleaned = messages.map(withoutGatewaySignatures);
  const changed = cleaned.some((message, index) => message !== messages[index]);
  if (edits.prefix.length > 0) {
    const prefix = convertPrefix(edits.prefix);
    if (prefix.system.length > 0) out.system = [...prefix.system, ...systemBlocks(body.system)];
    out.messages = [...prefix.messages, ...cleaned];
  } else if (changed) {
    out.messages = cleaned;
  }
  return out;
}

export function forwardAnthropicRequest(body: Readonly<Json>, edits: ForwardEdits, target: Target): ForwardRequestSpec {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'anthropic-version': edits.headers['anthropic-version'] ?? ANTHROPIC_VERSION,
  };
  const beta = edits.headers['anthropic-beta'];
  if (beta !== undefined) headers['anthropic-beta'] = beta;
  if (target.apiKey) headers['x-api-key'] = target.apiKey;
  return { url: `${target.baseUrl}/v1/messages`, headers, body: forwardAnthropicBody(body, edits, target) };
}
