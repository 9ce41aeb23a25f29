/**
 * The states met so far, each stored once under its fingerprint with a dense id in discovery order.
 * Per state the store keeps only the parent id and the index of the action taken from the parent,
 * so the shortest (breadth-first) path to any state is rebuilt by walking back, never stored.
 */
import { IntVec } from './intvec.js';

export interface StatePath {
  /** Index into `model.initialStates()` of the run's first state. */
  initial: number;
  /** Ids of the states along the run, the initial state first. */
  ids: number[];
  /** `actionIndices[i]` leads `ids[i]` to `ids[i + 1]`. */
  actionIndices: number[];
}

export class StateStore<S> {
  /** States by id. */
  readonly states: S[] = [];
  private readonly idByFingerprint = new Map<string, number>();
  /** Parent id, or -1 for an initial state. */
  private readonly parent = new IntVec();
  /** Index of the action taken from the parent or, for an initial state, its initial index. */
  private readonly via = new IntVec();

  get size(): number {
    return this.states.length;
  }

  idOf(fingerprint: string): number | undefined {
    return this.idByFingerprint.get(fingerprint);
  }

  add(fingerprint: string, state: S, parent: number, via: number): number {
    const id = this.states.length;
    this.idByFingerprint.set(fingerprint, id);
    this.states.push(state);
    this.parent.push(parent);
    this.via.push(via);
    return id;
  }

  /** The breadth-first path from an initial state to `id`. */
  pathTo(id: number): StatePath {
    const ids: number[] = [];
    const actionIndices: number[] = [];
    let at = id;
    while (this.parent.get(at) !== -1) {
      ids.push(at);
      actionIndices.push(this.via.get(at));
      at = this.parent.get(at);
    }
    ids.push(at);
    ids.reverse();
    actionIndices.reverse();
    return { initial: this.via.get(at), ids, actionIndices };
  }

  fingerprints(): string[] {
    return [...this.idByFingerprint.keys()];
  }
}
