/** Types for counting.mjs (the fake upstream's token-counting endpoints). */
export function fakeTokenCount(messages: unknown, extra: unknown): number;
