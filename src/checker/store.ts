/**
 * The states met so far, each stored once under its fingerprint with a dense id in discovery order.
 * Per state the store keeps only the parent id and the index of the action taken from the parent,
 * so the shortest (breadth-first) path to any state is rebuilt by walking back, never stored.
 */
import { ParentLinks, type StatePath } from './parents.js';

export class StateStore<S> {
  /** States by id. */
  readonly states: S[] = [];
  private readonly idByFingerprint = new Map<string, number>();
  private readonly links = new ParentLinks();

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
    this.links.push(parent, via);
    return id;
  }

  /** The breadth-first path from an initial state to `id`. */
  pathTo(id: number): StatePath {
    return this.links.pathTo(id);
  }

  /** The index of the action taken from the parent or, for an initial state, its initial index. */
  viaOf(id: number): number {
    return this.links.viaOf(id);
  }

  fingerprints(): string[] {
    return [...this.idByFingerprint.keys()];
  }
}
