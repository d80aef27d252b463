/**
 * Keeps a passing test run readable: workerd reports every connection a test cuts on purpose
 * (a client that disconnects, an upstream fault) as an uncaught "Network connection lost" or
 * "disconnected" exception with a native stack. Those expected lines are dropped from the
 * runner's output; everything else passes. `DEBUG=1 npm test` shows them all.
 */
const EXPECTED_NOISE = [
  /^uncaught exception; .*(Network connection lost|disconnected)/,
  /^exception = .*disconnected: /,
  /^stack: \S*workerd/,
];

function isNoise(text: string): boolean {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  return lines.length > 0 && lines.every((line) => EXPECTED_NOISE.some((pattern) => pattern.test(line)));
}

/** Filter the runner process's stderr and stdout; returns a function restoring them. */
export function quietRuntimeNoise(): () => void {
  if (process.env.DEBUG) return () => {};
  const streams = [process.stderr, process.stdout];
  const originals = streams.map((stream) => stream.write);
  for (const stream of streams) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      if ((typeof chunk === 'string' || chunk instanceof Uint8Array) && isNoise(String(chunk))) return true;
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
  return () => {
    streams.forEach((stream, index) => {
      stream.write = originals[index] as typeof stream.write;
    });
  };
}
