/**
 * The order in which a route's targets are tried, by strategy. Weighted choice takes an
 * injectable `random` so tests can seed it and check that picks converge to the weights.
 */
import { RouteStrategy } from './route-config';

/** A number in [0, 1), like `Math.random`. */
export type Random = () => number;

/** Index of one item chosen with probability proportional to its weight. */
export function weightedIndex(weights: readonly number[], random: Random): number {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (!(total > 0)) return 0;
  let point = random() * total;
  for (let index = 0; index < weights.length; index++) {
    point -= weights[index] ?? 0;
    if (point < 0) return index;
  }
  return weights.length - 1; // random() returned (almost) 1: the last item with weight
}

/**
 * The targets to try, first to last. `available` tells which targets may take a call now
 * (breaker not open): a weighted choice is made among those, so an open target does not
 * win the draw and leave the request to fall through to its second choice.
 */
export function orderTargets<T extends { weight: number }>(
  strategy: RouteStrategy,
  targets: readonly T[],
  random: Random,
  available: (target: T) => boolean = () => true,
): T[] {
  if (strategy === RouteStrategy.fallback || targets.length <= 1) return [...targets];
  const candidates = targets.filter(available);
  const pool = candidates.length > 0 ? candidates : targets;
  const chosen = pool[
    weightedIndex(
      pool.map((target) => target.weight),
      random,
    )
  ] as T;
  if (strategy === RouteStrategy.weighted) return [chosen];
  return [chosen, ...targets.filter((target) => target !== chosen)];
}

/** A small seeded generator (mulberry32) for reproducible draws in tests and benchmarks. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}
