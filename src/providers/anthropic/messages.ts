/**
 * OpenAI chat messages → Anthropic `system` + alternating `messages`:
 *  - every system/developer message, wherever it stands, is lifted into `system` in order
 *    (Anthropic has no mid-conversation system role);
 *  - tool (and legacy function) results become `tool_result` blocks in a user turn;
 *  - consecutive same-role turns are merged, with `tool_result` blocks first in a user turn
 *    and signed `thinking` blocks first in an assistant turn, as the API requires;
 *  - assistant `tool_calls` become `tool_use` blocks (arguments parsed: bad JSON is a 400).
 */
import type { ChatMessage } from '../../lib/chat-request-schema';
import { invalidRequest } from '../../lib/http/errors';
import { type RequestBlock, type TextBlock, type ToolUseBlock, textBlocks, userBlocks } from './content';
import { isForeignSignature } from './foreign-thinking';

export interface AnthropicTurn {
  role: 'user' | 'assistant';
  content: RequestBlock[];
}

export interface ConvertedMessages {
  system: TextBlock[];
  messages: AnthropicTurn[];
}

type AssistantMessage = Extract<ChatMessage, { role: 'assistant' }>;

function parseArguments(text: string, param: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    throw invalidRequest(`${param} is not valid JSON; Anthropic needs tool arguments as a JSON object.`, param, 'invalid_tool_arguments');
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalidRequest(`${param} must be a JSON object for Anthropic.`, param, 'invalid_tool_arguments');
  }
  return input as Record<string, unknown>;
}

/**
 * Signed thinking goes back as it came. An unsigned block is reasoning another provider
 * produced (the Anthropic surface shows it with `signature: ""`), and OpenAI's encrypted
 * reasoning and the other blocks the gateway made for another provider (foreign-thinking.ts)
 * cannot be verified here: Anthropic would refuse both and
 * cannot use them, so they are left out, like `reasoning_content`.
 */
function thinkingBlocks(message: AssistantMessage, param: string): RequestBlock[] {
  return (message.thinking_blocks ?? []).flatMap((block, index): RequestBlock[] => {
    if (isForeignSignature(block.signature)) return [];
    const blockParam = `${param}.thinking_blocks[${index}]`;
    if (block.type === 'redacted_thinking') {
      if (!block.data) throw invalidRequest(`${blockParam}: a redacted_thinking block needs its 'data'.`, blockParam);
      return [{ type: 'redacted_thinking', data: block.data }];
    }
    if (block.thinking === undefined || !block.signature) return [];
    return [{ type: 'thinking', thinking: block.thinking, signature: block.signature }];
  });
}

function assistantText(message: AssistantMessage): TextBlock[] {
  const content = message.content;
  if (content == null || content === '') return message.refusal ? textBlocks(message.refusal) : [];
  if (typeof content === 'string') return textBlocks(content);
  return content.flatMap((part) => (part.type === 'text' ? textBlocks([part]) : textBlocks(part.refusal)));
}

/** Put blocks of the given types first, keeping order otherwise (the API's placement rules). */
function leading(blocks: RequestBlock[], types: RequestBlock['type'][]): RequestBlock[] {
  const first = blocks.filter((block) => types.includes(block.type));
  return first.length === 0 ? blocks : [...first, ...blocks.filter((block) => !types.includes(block.type))];
}

export function convertMessages(messages: ChatMessage[]): ConvertedMessages {
  const system: TextBlock[] = [];
  const turns: AnthropicTurn[] = [];
  /** Legacy `function_call`s have no id: synthesize one and match the `function` reply by name. */
  const pendingFunctions: { id: string; name: string }[] = [];
  let functionCount = 0;

  const push = (role: AnthropicTurn['role'], blocks: RequestBlock[]) => {
    if (blocks.length === 0) return;
    const last = turns.at(-1);
    if (last?.role === role) last.content.push(...blocks);
    else turns.push({ role, content: blocks });
  };

  for (const [position, message] of messages.entries()) {
    const param = `messages[${position}]`;
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(...textBlocks(message.content));
        break;
      case 'user':
        push('user', userBlocks(message.content, param));
        break;
      case 'tool':
        push('user', [
          {
            type: 'tool_result',
            tool_use_id: message.tool_call_id,
            content: typeof message.content === 'string' ? message.content : textBlocks(message.content),
          },
        ]);
        break;
      case 'function': {
        const index = pendingFunctions.findIndex((call) => call.name === message.name);
        const [call] = pendingFunctions.splice(index === -1 ? 0 : index, 1);
        if (!call) throw invalidRequest(`${param}: a function message must follow an assistant function_call.`, param);
        push('user', [{ type: 'tool_result', tool_use_id: call.id, content: message.content ?? '' }]);
        break;
      }
      case 'assistant': {
        if (message.audio)
          throw invalidRequest(`${param}.audio: Anthropic does not accept audio.`, `${param}.audio`, 'unsupported_content');
        const toolUses: ToolUseBlock[] = (message.tool_calls ?? []).map((call, index) => ({
          type: 'tool_use',
          id: call.id,
          name: call.function.name,
          input: parseArguments(call.function.arguments, `${param}.tool_calls[${index}].function.arguments`),
        }));
        if (message.function_call) {
          const id = `toolu_function_${++functionCount}`;
          pendingFunctions.push({ id, name: message.function_call.name });
          const input = parseArguments(message.function_call.arguments, `${param}.function_call.arguments`);
          toolUses.push({ type: 'tool_use', id, name: message.function_call.name, input });
        }
        push('assistant', [...thinkingBlocks(message, param), ...assistantText(message), ...toolUses]);
        break;
      }
    }
  }

  for (const turn of turns) {
    turn.content = leading(turn.content, turn.role === 'user' ? ['tool_result'] : ['thinking', 'redacted_thinking']);
  }
  if (turns.length === 0) {
    throw invalidRequest('Anthropic needs at least one user or assistant message with content besides system messages.', 'messages');
  }
  return { system, messages: turns };
}
