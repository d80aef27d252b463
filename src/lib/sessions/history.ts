/**
 * Session history and its pruning, as pure functions the Session object calls.
 *
 * Pruning keeps a session within `maxMessages` and `maxTokens` (estimated) by dropping whole
 * exchanges, oldest first. An exchange starts at a user message and runs to the next one, so an
 * assistant tool call and its tool results (which follow it before the next user message) are
 * never split. System and developer messages are never dropped, nor is the newest exchange.
 */
import type { ChatMessage } from '../chat-request-schema';

export interface StoredMessage {
  seq: number;
  message: ChatMessage;
  /** Estimated tokens (see `estimateTokens`). */
  tokens: number;
}

export interface HistoryLimits {
  maxMessages: number;
  maxTokens: number;
}

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = { maxMessages: 200, maxTokens: 64_000 };
export const MAX_HISTORY_LIMITS: HistoryLimits = { maxMessages: 2_000, maxTokens: 2_000_000 };

/** About four characters of JSON per token: cheap, provider-independent, and only a budget. */
export function estimateTokens(value: unknown): number {
  return Math.ceil(JSON.stringify(value ?? '').length / 4);
}

const isInstruction = (message: ChatMessage) => message.role === 'system' || message.role === 'developer';

/** Non-instruction messages grouped into exchanges, oldest first (each a list of seqs). */
export function exchanges(messages: readonly StoredMessage[]): StoredMessage[][] {
  const groups: StoredMessage[][] = [];
  for (const stored of messages) {
    if (isInstruction(stored.message)) continue;
    const current = groups.at(-1);
    if (!current || stored.message.role === 'user') groups.push([stored]);
    else current.push(stored);
  }
  return groups;
}

/** The seqs to drop so the history fits; `fixedTokens` counts what is always sent (the system prompt). */
export function pruneHistory(messages: readonly StoredMessage[], limits: HistoryLimits, fixedTokens = 0): number[] {
  let count = messages.length;
  let tokens = fixedTokens + messages.reduce((sum, stored) => sum + stored.tokens, 0);
  const dropped: number[] = [];
  const groups = exchanges(messages);
  for (const group of groups.slice(0, -1)) {
    if (count <= limits.maxMessages && tokens <= limits.maxTokens) break;
    for (const stored of group) {
      dropped.push(stored.seq);
      count -= 1;
      tokens -= stored.tokens;
    }
  }
  return dropped;
}
