import { describe, expect, it } from 'vitest';
import { bottomComponents, stronglyConnectedComponents } from '../../src/checker/index.js';
import { csr } from './csr.js';

/** The partition as sorted groups of nodes, independent of component numbering. */
function groups(componentOf: Int32Array): number[][] {
  const byComponent = new Map<number, number[]>();
  componentOf.forEach((c, v) => byComponent.set(c, [...(byComponent.get(c) ?? []), v]));
  return [...byComponent.values()].sort((a, b) => a[0]! - b[0]!);
}

describe('strongly connected components', () => {
  it('finds cycles, singletons and self-loops', () => {
    // {0,1,2} cycle → {3} → {4,5} cycle; 6 has a self-loop; 7 is isolated.
    const { offsets, targets } = csr(8, [[0, 1], [1, 2], [2, 0], [2, 3], [3, 4], [4, 5], [5, 4], [6, 6]]);
    const components = stronglyConnectedComponents(offsets, targets);
    expect(components.count).toBe(5);
    expect(groups(components.componentOf)).toEqual([[0, 1, 2], [3], [4, 5], [6], [7]]);
    const bottom = bottomComponents(offsets, targets, components);
    const isBottom = (v: number): number => bottom[components.componentOf[v]!]!;
    expect([0, 3, 4, 6, 7].map(isBottom)).toEqual([0, 0, 1, 1, 1]);
  });

  it('numbers components so that edges between them go from higher to lower', () => {
    const { offsets, targets } = csr(4, [[0, 1], [1, 2], [2, 1], [2, 3]]);
    const { componentOf } = stronglyConnectedComponents(offsets, targets);
    expect(componentOf[0]).toBeGreaterThan(componentOf[1]!);
    expect(componentOf[2]).toBeGreaterThan(componentOf[3]!);
  });

  it('walks a 200 000-node chain without overflowing the stack', () => {
    const n = 200_000;
    const edges = Array.from({ length: n - 1 }, (_, v) => [v, v + 1] as const);
    const { offsets, targets } = csr(n, edges);
    const components = stronglyConnectedComponents(offsets, targets);
    expect(components.count).toBe(n);
    const bottom = bottomComponents(offsets, targets, components);
    expect(bottom.reduce((a, b) => a + b, 0)).toBe(1);
    expect(bottom[components.componentOf[n - 1]!]).toBe(1);
  });

  it('finds a 200 000-node cycle to be one bottom component', () => {
    const n = 200_000;
    const edges = Array.from({ length: n }, (_, v) => [v, (v + 1) % n] as const);
    const { offsets, targets } = csr(n, edges);
    const components = stronglyConnectedComponents(offsets, targets);
    expect(components.count).toBe(1);
    expect(bottomComponents(offsets, targets, components)).toEqual(new Uint8Array([1]));
  });
});
