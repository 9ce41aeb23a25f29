/**
 * The safety properties a breadth-first run still asks about, and the first violation of each.
 * Breadth-first order makes the first violation met a shortest one, so a property that has failed
 * is asked no more. Each engine (unpacked.ts, explorePacked.ts) hands every step to `judge`; a
 * packed engine passes the step's label, and only properties that select it are asked (the object
 * engine passes `EVERY_STEP` and all are asked).
 */
import type { SafetyProperty } from './model.js';

/** A first violation, as found: the bad step is action `actionIndex` from state `from` (-1: initial `actionIndex`). */
export interface Violation<S> {
  reason: string;
  from: number;
  actionIndex: number;
  to: S;
  /** Steps in the counterexample. */
  length: number;
}

/**
 * The label that asks every pending property, whatever it selects: the object engine's steps and
 * every engine's initial states. (A packed step labelled 0 selects no property: the packed engine
 * never hands one over, since it shares no bit with `labels`.)
 */
export const EVERY_STEP = 0;

export class PendingSafety<S, A> {
  /** Per property, in the order given: its first violation, if any. */
  readonly violations: (Violation<S> | undefined)[];
  /** Positions in `properties` of those not violated yet; shrinks as they fail. */
  private readonly pending: number[];
  /** The union of the pending properties' labels (-1 for one that has none): a step outside it asks nobody. */
  labels = 0;
  /**
   * Every property still pending is advisory (a watch): with nothing else to decide and no
   * liveness graph to build, the run may stop.
   */
  decided = false;

  constructor(
    private readonly properties: readonly SafetyProperty<S, A>[],
    /** Whether the run may stop once `decided` (no liveness property needs the whole graph). */
    private readonly mayStopEarly: boolean,
  ) {
    this.violations = properties.map(() => undefined);
    this.pending = properties.map((_, i) => i);
    this.update();
  }

  /**
   * Asks the pending properties selecting `label` (all of them for `EVERY_STEP`) about the step
   * `from` → `to` (`from` null: initial state number `actionIndex`), which ends a run of `length`
   * steps; records each first violation.
   */
  judge(label: number, from: S | null, action: A | null, to: S, fromId: number, actionIndex: number, length: number): void {
    let changed = false;
    const { pending, properties } = this;
    for (let p = pending.length - 1; p >= 0; p--) {
      const property = properties[pending[p]!]!;
      if (label !== EVERY_STEP && (label & (property.labels ?? -1)) === 0) continue;
      const reason = property.violation(from, action, to);
      if (reason === null) continue;
      this.violations[pending[p]!] = { reason, from: fromId, actionIndex, to, length };
      // Backwards, so that splicing pending[p] out leaves the rest of the walk intact.
      pending.splice(p, 1);
      changed = true;
    }
    if (changed) this.update();
  }

  /** Positions (in the order given) of the properties not violated. */
  stillPending(): readonly number[] {
    return this.pending;
  }

  private update(): void {
    this.labels = 0;
    for (const q of this.pending) this.labels |= this.properties[q]!.labels ?? -1;
    this.decided = this.mayStopEarly && this.pending.every((q) => this.properties[q]!.advisory === true);
  }
}
