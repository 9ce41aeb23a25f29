/**
 * The states of a long run kept as its actions and a checkpoint every few steps, each state made
 * again from the nearest checkpoint when asked for.
 *
 * Why: a lasso of a file whose messages are checked apart walks every message to an end of its own
 * (product.ts), about five steps per message, and a state of the whole holds every message — so a
 * run kept state by state costs steps × messages: 1.3 GB at 3 000 customer domains, and the heap
 * of a 10 000-domain file ran out before the counterexample was shown. Kept as a tape it costs the
 * checkpoints: steps ÷ EVERY states.
 *
 * Exact: `next` is a function of the state and the action (Model's contract: states are never
 * mutated and the same action from the same state gives the same state), so a state made again is
 * the state the run reached. What the caller gets is an array to read — indexing, `length`, `at`,
 * iteration and the array methods that read — whose members are made as they are read; readers go
 * forward through a run, so the last state made is kept and the next one is one step from it.
 * A short run is handed back as a plain array: only long ones pay for making states again.
 */

/** A checkpoint every this many steps: reading a state anywhere costs at most this many `next`s. */
export const EVERY = 64;
/** Runs up to this many states are kept whole (a plain array), as they always were. */
export const KEPT_WHOLE = 1024;

export class StateTape<S, A> {
  private readonly checkpoints: S[];
  /** The actions taken, in order (the trace's `actions`). */
  readonly actions: A[] = [];
  /** Every state, while the run is short; null once it is long. */
  private whole: S[] | null;
  private current: S;

  constructor(
    private readonly next: (state: S, action: A) => S,
    initial: S,
  ) {
    this.checkpoints = [initial];
    this.whole = [initial];
    this.current = initial;
  }

  /** The run's last state. */
  get last(): S {
    return this.current;
  }

  get length(): number {
    return this.actions.length + 1;
  }

  /** Takes `action` from the last state; returns the state it leads to. */
  push(action: A): S {
    this.current = this.next(this.current, action);
    this.actions.push(action);
    if (this.actions.length % EVERY === 0) this.checkpoints.push(this.current);
    if (this.whole !== null) {
      this.whole.push(this.current);
      if (this.whole.length > KEPT_WHOLE) this.whole = null;
    }
    return this.current;
  }

  /** The run's states, read-only: a plain array for a short run, made on demand for a long one. */
  states(): S[] {
    if (this.whole !== null) return this.whole;
    return onDemand(this.length, (i) => this.stateAt(i));
  }

  private madeAt = -1;
  private made: S | undefined;

  /** State `i`: from the last one made when it is a few steps behind, else from the checkpoint before `i`. */
  private stateAt(i: number): S {
    if (i === this.madeAt) return this.made!;
    let j: number;
    let s: S;
    if (this.madeAt >= 0 && this.madeAt < i && i - this.madeAt <= EVERY) {
      j = this.madeAt;
      s = this.made!;
    } else {
      j = Math.floor(i / EVERY) * EVERY;
      s = this.checkpoints[j / EVERY]!;
    }
    for (; j < i; j++) s = this.next(s, this.actions[j]!);
    this.madeAt = i;
    this.made = s;
    return s;
  }
}

const INDEX = /^(0|[1-9]\d*)$/;

/** An array of `length` members whose member `i` is `make(i)`, made when read; writes are refused. */
function onDemand<S>(length: number, make: (i: number) => S): S[] {
  const indexOf = (prop: string | symbol): number | null => (typeof prop === 'string' && INDEX.test(prop) ? Number(prop) : null);
  return new Proxy([] as S[], {
    get(target, prop, receiver) {
      if (prop === 'length') return length;
      const i = indexOf(prop);
      if (i !== null) return i < length ? make(i) : undefined;
      return Reflect.get(target, prop, receiver);
    },
    has(target, prop) {
      const i = indexOf(prop);
      return i !== null ? i < length : Reflect.has(target, prop);
    },
    set() {
      return false;
    },
    defineProperty() {
      return false;
    },
    deleteProperty() {
      return false;
    },
  });
}
