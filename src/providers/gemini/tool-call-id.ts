/**
 * Gemini 2.x function calls carry no id; OpenAI callers need one to answer with a tool result.
 * The gateway names each call after the response it came in, so ids are unique across turns
 * and identical however the stream was chunked. Gemini 3 sends its own ids, which are kept.
 * Results are mapped back by the earlier call's name (contents.ts), so any id works there.
 */
export function geminiToolCallId(responseId: string, choice: number, index: number): string {
  return `call_${responseId}_${choice}_${index}`;
}
