/**
 * The values the engine hands back. Plain data (plus the model's own states and actions) so the
 * report layer can render them and the CLI can serialise them without reaching into the engine.
 */

/**
 * A run of the model from one of its initial states. For a lasso (a liveness counterexample that
 * loops) the last state is the state at `loopsFrom` again: "… and from step `loopsFrom` it repeats".
 */
export interface Trace<S, A> {
  /** Index into `model.initialStates()`. */
  initial: number;
  /** `states[0]` is the initial state. */
  states: S[];
  /** `actions[i]` leads `states[i]` to `states[i + 1]`. */
  actions: A[];
  /** `actionIndices[i]` is the position of `actions[i]` in `model.actions(states[i])`. */
  actionIndices: number[];
  /** Index into `states` where the repeated cycle begins; null when the run simply ends. */
  loopsFrom: number | null;
  /** `encodePath(initial, actionIndices)`, for `--replay`. */
  path: string;
}

export type PropertyOutcome<S, A> =
  | { id: string; status: 'holds' }
  | { id: string; status: 'violated'; reason: string; trace: Trace<S, A> }
  | { id: string; status: 'inconclusive' };

/** Why a budget cut a run: the state, time or memory budget, or the caller asked it to stop (Ctrl-C). */
export type StopReason = 'max-states' | 'timeout' | 'max-memory' | 'interrupted';

/** A count of states or transitions: a number while a double holds it exactly, a bigint beyond 2^53. */
export type Count = number | bigint;

export function exactCount(n: bigint): Count {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

/**
 * The engine that explored (engine.ts): parts of a packed model apart and combined, the packed
 * model whole, or the model's own objects; `none` when a budget was spent before any could start
 * (budget.ts). Verdicts are the same whichever ran; cost is not.
 */
export type Engine = 'packed-apart' | 'packed' | 'unpacked' | 'none';

export interface ExploreResult<S, A> {
  /** Which engine explored: never chosen silently (engine.ts says when each runs). */
  engine: Engine;
  /**
   * True when every verdict is final: either the whole reachable state space was explored, or the
   * run stopped early because every property was already violated (`stoppedEarly`). False exactly
   * when a budget cut the run (`stopReason` says which).
   */
  complete: boolean;
  /** Every property was a safety property and all were violated, so exploring on was pointless. */
  stoppedEarly: boolean;
  stopReason?: StopReason;
  /**
   * Distinct states stored — or, when parts were explored apart, the states of the whole product,
   * which can pass what a double holds exactly (1 000 parts of 6 states): then a bigint, and
   * `statesLog10` says its order of magnitude (floor of log10).
   */
  states: Count;
  statesLog10?: number;
  /** Transitions explored (edges, including those to states already seen); a bigint like `states`. */
  transitions: Count;
  /**
   * Breadth-first depth of the deepest state stored. Null when parts sharing environment bits were
   * explored apart: the whole product's depth is then not computed (its states and transitions are).
   */
  maxDepth: number | null;
  durationMs: number;
  /**
   * Of `durationMs`, the time before the search: reading and loading the file, building the model
   * and its packed tables (when the run was given `startedAt`, as every check is).
   */
  setupMs?: number;
  /** One per property, in the order the properties were given. */
  outcomes: PropertyOutcome<S, A>[];
  /** Fingerprints of the stored states in discovery order; only with `keepFingerprints`. */
  fingerprints?: string[];
  /**
   * Bytes the engine held for the states and graph it stored (packed models only): divided by
   * `states`, the memory a stored state costs.
   */
  storeBytes?: number;
  /** Set when independent parts were explored apart (`independentParts`): how many, and the states actually stored. */
  parts?: { count: number; statesStored: number; transitionsExplored: number };
  /** Set when symmetric states were folded (`symmetry`): the group's order and the states actually stored. */
  symmetry?: { order: number; statesStored: number };
}

export interface Progress {
  states: number;
  transitions: number;
  depth: number;
  elapsedMs: number;
}

export interface ExploreOptions {
  /** Stop (inconclusive) when a new state is found while this many are already stored. */
  maxStates?: number;
  /** Stop (inconclusive) once this much time has passed; the clock is read every 1024 expansions. */
  timeoutMs?: number;
  /**
   * Stop (inconclusive) once `memoryUsed()` passes this many bytes; read with the clock. The engine
   * never asks the process itself: the caller says how memory is measured (the CLI: resident set).
   */
  maxMemoryBytes?: number;
  memoryUsed?: () => number;
  /**
   * Stop (inconclusive, `interrupted`) once this returns true; asked with the clock. The engine is
   * synchronous, so this is how another thread stops it: the CLI explores in a worker and its main
   * thread, on Ctrl-C, sets a shared flag this reads (src/cli/checkWorker.ts).
   */
  interrupted?: () => boolean;
  /** Called at most every `progressIntervalMs` while exploring; the engine itself never prints. */
  onProgress?: (progress: Progress) => void;
  /** Default 250. */
  progressIntervalMs?: number;
  /** The clock in milliseconds; defaults to `performance.now`. Tests inject a fake one. */
  now?: () => number;
  /**
   * When the time budget started, on that clock (default: when exploring starts). A caller that
   * loaded and built the model first passes its own start, so `timeoutMs` covers that work too.
   */
  startedAt?: number;
  /** Keep the stored fingerprints in the result (for oracles and tests). */
  keepFingerprints?: boolean;
  /**
   * Stop as soon as every property is a violated safety property (default true). Turn it off to
   * have the full state space counted anyway.
   */
  stopEarly?: boolean;
  /** Explore the model's packed form when it offers one and every property can use it (default true). */
  packed?: boolean;
  /**
   * Explore the parts of a packed model one by one and combine the verdicts instead of exploring
   * their product (product.ts), when every property is judged part by part (`partwise`).
   * `states` and `transitions` still describe the whole product, and so does `maxDepth` unless
   * parts share environment bits (then null); counterexamples are runs of the whole model.
   * Default false.
   */
  independentParts?: boolean;
  /**
   * Explore only these parts of a packed model (product.ts, `exploreParts`), every other resting at
   * its initial state: the verdicts and figures of the system made of them and the environment
   * bits they read. Needs properties judged part by part (`partwise`).
   */
  onlyParts?: readonly number[];
  /**
   * Fold states that symmetric hosts make interchangeable (PackedModel.symmetry): store one state
   * per orbit. Used only when every property is a safety property and no fingerprints are kept;
   * verdicts and the length of each counterexample are unchanged, counterexamples are runs of the
   * model as written, and `states`/`transitions` still count the unfolded graph (on a run that
   * stops early, the orbits of the states met, which an unfolded run need not meet in the same
   * numbers). The budget counts the states stored, so a folded run may decide where an unfolded
   * one runs out. Default false.
   */
  symmetry?: boolean;
}
