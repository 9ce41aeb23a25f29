/**
 * Domain-free fixture models for the engine (after stateright's `test_util::DGraph`): a state is a
 * node number, an action is the node it leads to, and the enabled actions of a node are its
 * out-edges in the order the edge list gives them, so action indices are easy to predict.
 */
import type { LivenessProperty, Model, SafetyProperty } from '../../src/checker/index.js';

export type Edge = readonly [from: number, to: number];

export function dgraph(initials: readonly number[], edges: readonly Edge[]): Model<number, number> {
  const out = new Map<number, number[]>();
  for (const [from, to] of edges) {
    const list = out.get(from) ?? [];
    list.push(to);
    out.set(from, list);
  }
  return {
    initialStates: () => initials,
    actions: (node) => out.get(node) ?? [],
    next: (_node, to) => to,
    fingerprint: (node) => String(node),
  };
}

/** 0 → 1 → … → n-1, or back to 0 when `closed`; built lazily so huge sizes cost no edge list. */
export function ring(n: number, closed: boolean): Model<number, number> {
  const none: number[] = [];
  return {
    initialStates: () => [0],
    actions: (node) => (node + 1 < n ? [node + 1] : closed ? [0] : none),
    next: (_node, to) => to,
    fingerprint: (node) => String(node),
  };
}

/** `always`: no state in `bad` is ever reached. */
export function neverReach(id: string, bad: readonly number[]): SafetyProperty<number, number> {
  return { kind: 'safety', id, violation: (_from, _action, to) => (bad.includes(to) ? `reached ${to}` : null) };
}

/** `eventually`: some state in `goals` is reached. */
export function eventually(id: string, goals: readonly number[]): LivenessProperty<number> {
  return { kind: 'liveness', id, goal: (node) => goals.includes(node) };
}
