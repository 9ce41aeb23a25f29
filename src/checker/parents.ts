/**
 * How each stored state was first reached: its parent's id and the index of the action taken from
 * the parent (for an initial state, -1 and its initial index). Both stores (store.ts for model
 * objects, packedStore.ts for words) keep one, so the breadth-first path to any state is rebuilt
 * by walking back, never stored, and by this one `pathTo`.
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

export class ParentLinks {
  /** Parent id, or -1 for an initial state. */
  private readonly parent: IntVec;
  /** Index of the action taken from the parent or, for an initial state, its initial index. */
  private readonly via: IntVec;

  constructor(capacity?: number) {
    this.parent = new IntVec(capacity);
    this.via = new IntVec(capacity);
  }

  /** Links the next id to `parent` by action `via` (parent -1: initial state number `via`). */
  push(parent: number, via: number): void {
    this.parent.push(parent);
    this.via.push(via);
  }

  parentOf(id: number): number {
    return this.parent.get(id);
  }

  /** The index of the action taken from the parent or, for an initial state, its initial index. */
  viaOf(id: number): number {
    return this.via.get(id);
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
}
