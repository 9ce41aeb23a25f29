/**
 * The engine against brute force on small random graphs: reachability by plain search, components
 * by transitive closure, shortest distances by plain breadth-first search. Every counterexample is
 * also replayed and checked for the shape it claims.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explore, replay, stronglyConnectedComponents, type ExploreResult } from '../../src/checker/index.js';
import { dgraph, type Edge, eventually, neverReach } from './dgraph.js';
import { traceOf } from './helpers.js';
import { csr } from './csr.js';

const N = 8;
const graphs = fc.record({
  edges: fc.array(fc.tuple(fc.nat(N - 1), fc.nat(N - 1)), { maxLength: 16 }),
  initials: fc.uniqueArray(fc.nat(N - 1), { minLength: 1, maxLength: 3 }),
  marked: fc.uniqueArray(fc.nat(N - 1), { maxLength: 3 }),
});

function successors(edges: readonly Edge[], v: number): number[] {
  return edges.filter(([from]) => from === v).map(([, to]) => to);
}

/** Breadth-first distances from `sources` through nodes `allowed` admits; -1 for unreached. */
function distances(edges: readonly Edge[], sources: number[], allowed: (v: number) => boolean): number[] {
  const dist = new Array<number>(N).fill(-1);
  const queue = sources.filter(allowed);
  for (const s of queue) dist[s] = 0;
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    for (const w of successors(edges, v)) {
      if (dist[w] === -1 && allowed(w)) {
        dist[w] = dist[v]! + 1;
        queue.push(w);
      }
    }
  }
  return dist;
}

/** reach[u][v]: v is reachable from u in zero or more steps. */
function closure(edges: readonly Edge[]): boolean[][] {
  const reach = Array.from({ length: N }, (_, u) => Array.from({ length: N }, (_, v) => u === v));
  for (const [u, v] of edges) reach[u]![v] = true;
  for (let k = 0; k < N; k++)
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) if (reach[i]![k] && reach[k]![j]) reach[i]![j] = true;
  return reach;
}

function withoutTiming<S, A>(result: ExploreResult<S, A>): Omit<ExploreResult<S, A>, 'durationMs' | 'setupMs'> {
  const { durationMs: _ignored, setupMs: _setup, ...rest } = result;
  return rest;
}

describe('the engine against brute force', () => {
  it('stores exactly the reachable states', () => {
    fc.assert(
      fc.property(graphs, ({ edges, initials }) => {
        const result = explore(dgraph(initials, edges), [], { keepFingerprints: true });
        const dist = distances(edges, initials, () => true);
        const reachable = dist.flatMap((d, v) => (d >= 0 ? [String(v)] : []));
        expect([...result.fingerprints!].sort()).toEqual(reachable.sort());
        expect(result.maxDepth).toBe(Math.max(...dist));
        expect(result.transitions).toBe(edges.filter(([from]) => dist[from]! >= 0).length);
      }),
    );
  });

  it('finds a shortest safety counterexample exactly when a bad state is reachable', () => {
    fc.assert(
      fc.property(graphs, ({ edges, initials, marked }) => {
        const model = dgraph(initials, edges);
        const result = explore(model, [neverReach('bad', marked)]);
        const dist = distances(edges, initials, () => true);
        const nearest = Math.min(...marked.map((v) => (dist[v]! >= 0 ? dist[v]! : Infinity)));
        if (nearest === Infinity) {
          expect(result.outcomes[0]!.status).toBe('holds');
          return;
        }
        const trace = traceOf(result, 'bad');
        expect(trace.actions.length).toBe(nearest);
        expect(marked).toContain(trace.states.at(-1));
        expect(replay(model, trace.path)).toMatchObject({ ok: true, states: trace.states });
      }),
    );
  });

  it('judges eventually like the definition under fairness, with a shortest prefix and a fair cycle', () => {
    fc.assert(
      fc.property(graphs, ({ edges, initials, marked: goals }) => {
        const model = dgraph(initials, edges);
        const result = explore(model, [eventually('live', goals)]);
        const isGoal = (v: number): boolean => goals.includes(v);
        const reach = closure(edges);
        const inBadBottom = (u: number): boolean =>
          reach[u]!.every((r, v) => !r || reach[v]![u]) && // bottom: all it reaches reaches it back
          !reach[u]!.some((r, v) => r && isGoal(v)); // in a bottom component, reachable = component
        const dist = distances(edges, initials, (v) => !isGoal(v));
        const nearest = Math.min(...dist.map((d, v) => (d >= 0 && inBadBottom(v) ? d : Infinity)));
        if (nearest === Infinity) {
          expect(result.outcomes[0]!.status).toBe('holds');
          return;
        }

        const trace = traceOf(result, 'live');
        expect(trace.states.some(isGoal)).toBe(false);
        expect(replay(model, trace.path)).toMatchObject({ ok: true, states: trace.states });
        expect(trace.actions).toEqual(trace.states.slice(1)); // in a DGraph the action is the target
        const entryAt = trace.loopsFrom ?? trace.states.length - 1;
        expect(entryAt).toBe(nearest);
        const entry = trace.states[entryAt]!;
        expect(inBadBottom(entry)).toBe(true);
        if (trace.loopsFrom === null) {
          expect(successors(edges, entry)).toEqual([]);
        } else {
          expect(trace.states.at(-1)).toBe(entry);
          // The cycle is a fair run: it takes every transition of the bottom component.
          const component = (v: number) => reach[entry]![v] && reach[v]![entry];
          const taken = new Set(trace.states.slice(trace.loopsFrom).slice(1).map((v, i) => `${trace.states[trace.loopsFrom! + i]}>${v}`));
          for (const [a, b] of edges) if (component(a)) expect(taken.has(`${a}>${b}`)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives identical results, traces and paths on every run', () => {
    fc.assert(
      fc.property(graphs, ({ edges, initials, marked }) => {
        const run = () =>
          withoutTiming(explore(dgraph(initials, edges), [neverReach('bad', marked), eventually('live', marked)]));
        expect(run()).toEqual(run());
      }),
    );
  });

  it('partitions nodes into components like the transitive closure does', () => {
    fc.assert(
      fc.property(graphs, ({ edges }) => {
        const sorted = [...edges].sort((a, b) => a[0] - b[0]);
        const { offsets, targets } = csr(N, sorted);
        const { componentOf } = stronglyConnectedComponents(offsets, targets);
        const reach = closure(edges);
        for (let u = 0; u < N; u++)
          for (let v = 0; v < N; v++)
            expect(componentOf[u] === componentOf[v]).toBe(reach[u]![v]! && reach[v]![u]!);
      }),
    );
  });
});
