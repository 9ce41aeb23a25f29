/**
 * Steps one host's machine with XState's pure `transition()` (pureStep.ts). A call costs tens of microseconds, so
 * results are memoized: a host's local state space for one recipient is small, and the composed
 * system revisits the same local steps in many global states.
 *
 * The memo is shared between hosts that behave alike for their recipients (behaviour.ts): a
 * provider's ten thousand customer domains, each with its own mailbox server and MX hosts, have a
 * handful of behaviours between them, so XState runs — and machines are built — a handful of
 * times, not once per domain. Behaviours hold across topologies (behaviour.ts), so the memo and
 * the machines are the process's, shared by every mail system in it.
 */
import { transition } from 'xstate';
import { callAheadMachine, machineForHost, type HostEvent, type HostMachine } from '../machines/index.js';
import { awaitingRoute, initialStateOf } from '../machines/tags.js';
import type { CallAheadEvent, CallAheadMachine } from '../machines/callAhead.js';
import type { HostEnv } from '../machines/env.js';
import type { CallAheadSnap, HostSnap } from './types.js';
import { Behaviours, type Behaviour } from './behaviour.js';
import { NONE } from '../routing/triedSet.js';
import { roleMisbehaved } from '../roles/misbehaved.js';
import { pureStep } from './pureStep.js';
import { contextOf, freshSnap, snapKey, snapOf } from './hostSnap.js';

const NO_SIGNALS: readonly string[] = [];

/** A memory is a small integer (it is part of a state's key): anything else is the role's bug, said plainly. */
function rememberedValue(env: HostEnv, params: unknown): number {
  const value = (params as { value?: unknown } | undefined)?.value;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw roleMisbehaved(env, `role ${env.host.role}: its machine's \`remember\` action must carry an integer \`value\` in its params, got ${JSON.stringify(params)}`);
  }
  return value;
}

interface HostEntry {
  env: HostEnv;
  machine: HostMachine;
  callAhead: CallAheadMachine;
}

/**
 * Steps and machines by behaviour id, for the whole process. Bounded: a memo that outgrows its
 * limit starts over, which costs only steps taken again (ids are never reused, so no answer is
 * ever given for another behaviour).
 */
const hostMemo = new Map<string, HostSnap>();
/**
 * The named actions a host step's transition() returned (machines/tags.ts), by the step's memo
 * key; only steps that returned some are here. The composed system reads what a step did from
 * them instead of re-deciding it from reasons.
 */
const signalMemo = new Map<string, readonly string[]>();
/** The value each host step's `remember` action kept (memory.ts), by the step's memo key; only steps that remember are here. */
const rememberMemo = new Map<string, number>();
const callAheadMemo = new Map<string, CallAheadSnap>();
const byBehaviour = new Map<number, HostEntry>();
const MEMO_MAX = 1 << 18;
const MACHINES_MAX = 2048;

function remember<V>(memo: Map<string, V>, key: string, value: V): void {
  if (memo.size >= MEMO_MAX) {
    memo.clear();
    // Signals and remembered values belong to host steps: they go with them, never without them.
    if (memo === (hostMemo as Map<string, unknown>)) {
      signalMemo.clear();
      rememberMemo.clear();
    }
  }
  memo.set(key, value);
}

const NO_TAGS: ReadonlySet<string> = new Set();
const machineTags = new WeakMap<HostMachine, Map<string, ReadonlySet<string>>>();

/** The tags of a machine's top-level state `value`, read off its state node (no snapshot is resolved). */
function tagsOfState(machine: HostMachine, value: string): ReadonlySet<string> {
  let byValue = machineTags.get(machine);
  if (byValue === undefined) machineTags.set(machine, (byValue = new Map()));
  let tags = byValue.get(value);
  if (tags === undefined) {
    const node = (machine.root.states as Record<string, { tags: readonly string[] } | undefined>)[value];
    byValue.set(value, (tags = node === undefined || node.tags.length === 0 ? NO_TAGS : new Set(node.tags)));
  }
  return tags;
}

export class LocalSteps {
  /**
   * Machines are built the first time a host is stepped: a provider-sized file has thousands of
   * hosts that no message ever reaches, and building an XState machine costs ~1 ms and ~80 KB.
   */
  private readonly entries: (HostEntry | undefined)[];
  /**
   * The tags of each host's state values, by host index: a machine's tags belong to its states, not
   * to a recipient, so a lookup costs no key and allocates nothing once met.
   */
  private readonly tagsOfHost: (Map<string, ReadonlySet<string>> | undefined)[] = [];
  /** Where each host's server sessions and held messages start, by host index (its machine's, once asked). */
  private readonly starts: ({ session: HostSnap; holding: HostSnap } | undefined)[] = [];
  private readonly behaviours: Behaviours;

  constructor(private readonly envs: readonly HostEnv[]) {
    this.entries = new Array<HostEntry | undefined>(envs.length);
    this.behaviours = new Behaviours(envs);
  }

  /** Machines of a behaviour, built from its first host's environment. */
  private entryOf(b: Behaviour): HostEntry {
    let e = byBehaviour.get(b.id);
    if (e === undefined) {
      if (byBehaviour.size >= MACHINES_MAX) byBehaviour.clear();
      byBehaviour.set(b.id, (e = { env: b.env, machine: machineForHost(b.env), callAhead: callAheadMachine(b.env) }));
    }
    return e;
  }

  private entry(host: number): HostEntry {
    let e = this.entries[host];
    if (e === undefined) {
      const env = this.envs[host]!;
      this.entries[host] = e = { env, machine: machineForHost(env), callAhead: callAheadMachine(env) };
    }
    return e;
  }

  env(host: number): HostEnv {
    return this.envs[host]!;
  }

  machine(host: number): HostMachine {
    return this.entry(host).machine;
  }

  static readonly CALLING: CallAheadSnap = { value: 'connecting', tried: NONE, result: 0 };

  private hostKey(host: number, rcpt: string, snap: HostSnap, event: HostEvent): string {
    const b = this.behaviours.of(host, rcpt);
    return `${b.id}|${snapKey(snap)}|${b.eventKey(event)}`;
  }

  host(host: number, rcpt: string, snap: HostSnap, event: HostEvent): HostSnap {
    const key = this.hostKey(host, rcpt, snap, event);
    let next = hostMemo.get(key);
    if (next === undefined) {
      const b = this.behaviours.of(host, rcpt);
      // The behaviour's first host and recipient stand for this pair: every guard and action gives the same there.
      const { machine } = this.entryOf(b);
      const current = machine.resolveState({ value: snap.value, context: contextOf(snap, b.rcpt) });
      // A config role's code may do anything XState allows: it is stepped by transition() itself.
      const [after, actions] = b.env.topology.roles?.has(b.env.host.role) === true ? transition(machine, current, event) : pureStep(machine, current, event);
      next = snapOf(after.value as string, after.context);
      // The signals are cleared with the steps (remember), so a step met again never loses its own.
      remember(hostMemo, key, next);
      // transition() returns the named actions it did not apply to the context (assign is applied).
      if (actions.length > 0) signalMemo.set(key, actions.map((a) => a.type));
      for (const a of actions) if (a.type === 'remember') rememberMemo.set(key, rememberedValue(b.env, a.params));
    }
    return next;
  }

  /** What the step `host(host, rcpt, snap, event)` remembered (after it was taken), if anything. */
  remembered(host: number, rcpt: string, snap: HostSnap, event: HostEvent): number | undefined {
    return rememberMemo.size === 0 ? undefined : rememberMemo.get(this.hostKey(host, rcpt, snap, event));
  }

  /** The named actions the step `host(host, rcpt, snap, event)` took (after it was taken). */
  signals(host: number, rcpt: string, snap: HostSnap, event: HostEvent): readonly string[] {
    return signalMemo.get(this.hostKey(host, rcpt, snap, event)) ?? NO_SIGNALS;
  }

  /** Whether the host's machine tags its state `value` with `tag` (machines/tags.ts). */
  hasTag(host: number, rcpt: string, value: string, tag: string): boolean {
    return this.tagsOf(host, rcpt, value).has(tag);
  }

  /** The tags of the host's machine's state `value`: what the composed system does next there (machines/tags.ts). */
  tagsOf(host: number, rcpt: string, value: string): ReadonlySet<string> {
    let byValue = this.tagsOfHost[host];
    if (byValue === undefined) this.tagsOfHost[host] = byValue = new Map();
    let tags = byValue.get(value);
    if (tags === undefined) {
      // The behaviour's machine has the host's role's states (behaviour.ts keys by role); tags are
      // the machine's, so hosts sharing a machine share the sets.
      byValue.set(value, (tags = tagsOfState(this.entryOf(this.behaviours.of(host, rcpt)).machine, value)));
    }
    return tags;
  }

  /** The snapshot a server session starts in at `host`: its machine's initial state, nothing decided yet. */
  sessionStart(host: number, rcpt: string): HostSnap {
    return this.startOf(host, rcpt).session;
  }

  /** The snapshot a message starts its journey in at its first host: accepted, not routed yet (tagged `awaits-route`). */
  holding(host: number, rcpt: string): HostSnap {
    return this.startOf(host, rcpt).holding;
  }

  private startOf(host: number, rcpt: string): { session: HostSnap; holding: HostSnap } {
    let start = this.starts[host];
    if (start === undefined) {
      const { machine } = this.entryOf(this.behaviours.of(host, rcpt));
      this.starts[host] = start = { session: freshSnap(initialStateOf(machine) ?? ''), holding: freshSnap(awaitingRoute(machine)) };
    }
    return start;
  }

  /** Whether a call-ahead in `snap` has ended (its machine is in a final state): the verifier then answers with its result. */
  callAheadEnded(host: number, rcpt: string, snap: CallAheadSnap): boolean {
    return this.entryOf(this.behaviours.of(host, rcpt)).callAhead.root.states[snap.value]?.type === 'final';
  }

  callAhead(host: number, rcpt: string, snap: CallAheadSnap, event: CallAheadEvent): CallAheadSnap {
    const b = this.behaviours.of(host, rcpt);
    const key = `${b.id}|${snap.value}|${snap.tried}|${snap.result}|${b.eventKey(event)}`;
    let next = callAheadMemo.get(key);
    if (next === undefined) {
      const { callAhead } = this.entryOf(b);
      const current = callAhead.resolveState({ value: snap.value, context: { rcpt: b.rcpt, tried: snap.tried, result: snap.result } });
      const [after] = pureStep(callAhead, current, event);
      next = { value: after.value as string, tried: after.context.tried, result: after.context.result };
      remember(callAheadMemo, key, next);
    }
    return next;
  }
}
