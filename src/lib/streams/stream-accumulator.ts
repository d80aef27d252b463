/**
 * Canonical stream events → the `ChatResult` they add up to. A pure reducer: `accumulate`
 * never mutates the state it is given, so a caller can keep any intermediate state.
 * Used by the cache fill (a streamed miss is stored as the result it produced) and the session
 * append (the assistant reply, tool calls included).
 */
import type { ChatResult, ChatStreamEvent, FinishReason, ReasoningBlock, ResultChoice, ToolCall, Usage } from '../canonical';

export interface AccumulatedChoice {
  text: string;
  reasoning: string;
  reasoningBlocks: ReasoningBlock[];
  refusal: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason | null;
  logprobs: unknown[];
}

export interface StreamAccumulation {
  started: boolean;
  id: string;
  model: string;
  created: number;
  systemFingerprint?: string | null;
  serviceTier?: string | null;
  /** Indexed by choice index. */
  choices: readonly AccumulatedChoice[];
  usage?: Usage;
  /** Set by an `error` event: the stream failed and adds up to no result. */
  error?: { kind: string; code: string | null; message: string };
}

export const emptyAccumulation: StreamAccumulation = { started: false, id: '', model: '', created: 0, choices: [] };

const emptyChoice: AccumulatedChoice = {
  text: '',
  reasoning: '',
  reasoningBlocks: [],
  refusal: '',
  toolCalls: [],
  finishReason: null,
  logprobs: [],
};

function updateChoice(
  state: StreamAccumulation,
  index: number,
  change: (choice: AccumulatedChoice) => AccumulatedChoice,
): StreamAccumulation {
  const choices = state.choices.slice();
  for (let position = choices.length; position <= index; position++) choices[position] = emptyChoice;
  choices[index] = change(choices[index] ?? emptyChoice);
  return { ...state, choices };
}

function updateToolCall(choice: AccumulatedChoice, index: number, change: (call: ToolCall) => ToolCall): AccumulatedChoice {
  const toolCalls = choice.toolCalls.slice();
  toolCalls[index] = change(toolCalls[index] ?? { id: '', name: '', arguments: '' });
  return { ...choice, toolCalls };
}

export function accumulate(state: StreamAccumulation, event: ChatStreamEvent): StreamAccumulation {
  if (state.error) return state;
  switch (event.type) {
    case 'start': {
      const next: StreamAccumulation = { ...state, started: true, id: event.id, model: event.model, created: event.created };
      if (event.systemFingerprint !== undefined) next.systemFingerprint = event.systemFingerprint;
      if (event.serviceTier !== undefined) next.serviceTier = event.serviceTier;
      return next;
    }
    case 'text-delta':
      return updateChoice(state, event.choice, (choice) => ({
        ...choice,
        text: choice.text + event.text,
        logprobs: event.logprobs === undefined ? choice.logprobs : [...choice.logprobs, event.logprobs],
      }));
    case 'reasoning-delta':
      return updateChoice(state, event.choice, (choice) => ({ ...choice, reasoning: choice.reasoning + event.text }));
    case 'reasoning-block':
      return updateChoice(state, event.choice, (choice) => ({ ...choice, reasoningBlocks: [...choice.reasoningBlocks, event.block] }));
    case 'refusal-delta':
      return updateChoice(state, event.choice, (choice) => ({ ...choice, refusal: choice.refusal + event.text }));
    case 'tool-call-start':
      return updateChoice(state, event.choice, (choice) =>
        updateToolCall(choice, event.index, (call) => ({
          ...call,
          id: event.id,
          name: event.name,
          ...(event.signature ? { signature: event.signature } : {}),
        })),
      );
    case 'tool-call-delta':
      return updateChoice(state, event.choice, (choice) =>
        updateToolCall(choice, event.index, (call) => ({ ...call, arguments: call.arguments + event.arguments })),
      );
    case 'finish':
      return updateChoice(state, event.choice, (choice) => ({ ...choice, finishReason: choice.finishReason ?? event.reason }));
    case 'usage':
      return { ...state, usage: event.usage };
    case 'error':
      return { ...state, error: { kind: event.error.kind, code: event.error.code, message: event.error.message } };
  }
}

/** Fold a whole list of events (tests, replays). */
export function accumulateAll(events: Iterable<ChatStreamEvent>, from: StreamAccumulation = emptyAccumulation): StreamAccumulation {
  let state = from;
  for (const event of events) state = accumulate(state, event);
  return state;
}

/** True when the stream started, did not fail, and every choice has a finish reason. */
export function isComplete(state: StreamAccumulation): boolean {
  return state.started && !state.error && state.choices.length > 0 && state.choices.every((choice) => choice.finishReason !== null);
}

function toResultChoice(choice: AccumulatedChoice, index: number): ResultChoice {
  const message: ResultChoice['message'] = { content: choice.text === '' && choice.toolCalls.length > 0 ? null : choice.text };
  if (choice.reasoning) message.reasoning = choice.reasoning;
  if (choice.reasoningBlocks.length) message.reasoningBlocks = choice.reasoningBlocks;
  if (choice.refusal) message.refusal = choice.refusal;
  if (choice.toolCalls.length) message.toolCalls = choice.toolCalls;
  const result: ResultChoice = { index, message, finishReason: choice.finishReason };
  if (choice.logprobs.length) result.logprobs = { content: choice.logprobs.flatMap(logprobContent) };
  return result;
}

/** Streamed logprobs arrive per chunk as `{content: [...]}`; the result keeps one list. */
function logprobContent(chunk: unknown): unknown[] {
  const content = (chunk as { content?: unknown } | null)?.content;
  return Array.isArray(content) ? content : [];
}

/** The result the events added up to; `undefined` unless the stream completed (see `isComplete`). */
export function toChatResult(state: StreamAccumulation): ChatResult | undefined {
  if (!isComplete(state)) return undefined;
  const result: ChatResult = {
    id: state.id,
    model: state.model,
    created: state.created,
    choices: state.choices.map(toResultChoice),
  };
  if (state.usage) result.usage = state.usage;
  if (state.systemFingerprint !== undefined) result.systemFingerprint = state.systemFingerprint;
  if (state.serviceTier !== undefined) result.serviceTier = state.serviceTier;
  return result;
}
