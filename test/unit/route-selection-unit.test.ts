import { describe, expect, it } from 'vitest';
import { orderTargets, seededRandom, weightedIndex } from '../../src/lib/routing/route-selection';

const targets = [
  { name: 'a', weight: 3 },
  { name: 'b', weight: 1 },
  { name: 'c', weight: 1 },
];

describe('weighted load balancing', () => {
  it('converges to the weights over many draws', () => {
    const random = seededRandom(20_240_601);
    const draws = 100_000;
    const counts = [0, 0, 0];
    for (let draw = 0; draw < draws; draw++) {
      const index = weightedIndex(
        targets.map((target) => target.weight),
        random,
      );
      counts[index] = (counts[index] ?? 0) + 1;
    }
    // Expected shares 0.6 / 0.2 / 0.2. The standard error of a share at n = 100 000 is at most
    // 0.0016, so ±0.01 is more than six standard errors: a correct picker essentially never fails.
    const shares = counts.map((count) => count / draws);
    expect(Math.abs((shares[0] ?? 0) - 0.6)).toBeLessThan(0.01);
    expect(Math.abs((shares[1] ?? 0) - 0.2)).toBeLessThan(0.01);
    expect(Math.abs((shares[2] ?? 0) - 0.2)).toBeLessThan(0.01);
  });

  it('maps the unit interval onto cumulative weights', () => {
    const weights = [3, 1, 1];
    expect(weightedIndex(weights, () => 0)).toBe(0);
    expect(weightedIndex(weights, () => 0.59)).toBe(0);
    expect(weightedIndex(weights, () => 0.61)).toBe(1);
    expect(weightedIndex(weights, () => 0.81)).toBe(2);
    expect(weightedIndex(weights, () => 0.999_999_9)).toBe(2);
  });
});

describe('orderTargets', () => {
  const pickB = () => 0.7; // lands on b's share

  it('fallback keeps the configured order', () => {
    expect(orderTargets('fallback', targets, pickB).map((target) => target.name)).toEqual(['a', 'b', 'c']);
  });

  it('weighted tries only the chosen target', () => {
    expect(orderTargets('weighted', targets, pickB).map((target) => target.name)).toEqual(['b']);
  });

  it('weighted-fallback tries the chosen target first, then the rest in order', () => {
    expect(orderTargets('weighted-fallback', targets, pickB).map((target) => target.name)).toEqual(['b', 'a', 'c']);
  });

  it('draws only among available targets, so an open breaker does not win the draw', () => {
    const order = orderTargets(
      'weighted-fallback',
      targets,
      () => 0,
      (target) => target.name !== 'a',
    );
    expect(order.map((target) => target.name)).toEqual(['b', 'a', 'c']);
  });
});
