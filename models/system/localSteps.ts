/**
 * Steps one host's machine with XState's pure `transition()`. A call costs tens of microseconds, so
 * results are memoized: a host's local state space for one recipient is small, and the composed
 * system revisits the same local steps in many global states.
 *
 * The memo is shared between hosts that behave alike for their recipients (behaviour.ts): a
 * provider's ten thousand customer domains, each with its own mailbox server and MX hosts, have a
 * handful of behaviours between them, so XState runs — and machines are built — a handful of
 * times, not once per domain.
 */
import { transition } from 'xstate';
import { callAheadMachine, machineForHost, type HostEvent, type HostMachine } from '../machines/index.js';
import type { CallAheadEvent, CallAheadMachine } from '../machines/callAhead.js';
import type { HostEnv } from '../machines/env.js';
import type { CallAheadSnap, HostSnap } from './types.js';
import { Behaviours, type Behaviour } from './behaviour.js';

const NONE: readonly string[] = [];

/** A memory is a small integer (it is part of a state's key): anything else is the role's bug, said plainly. */
function rememberedValue(params: unknown): number {
  const value = (params as { value?: unknown } | undefined)?.value;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new Error(`a machine's \`remember\` action must carry an integer \`value\` in its params, got ${JSON.stringify(params)}`);
  }
  return value;
}

interface HostEntry {
  env: HostEnv;
  machine: HostMachine;
  callAhead: CallAheadMachine;
}

export class LocalSteps {
  /**
   * Machines are built the first time a host is stepped: a provider-sized file has thousands of
   * hosts that no message ever reaches, and building an XState machine costs ~1 ms and ~80 KB.
   */
  private readonly entries: (HostEntry | undefined)[];
  private readonly hostMemo = new Map<string, HostSnap>();
  private readonly callAheadMemo = new Map<string, CallAheadSnap>();
  /**
   * The named actions a host step's transition() returned (machines/tags.ts), by the step's memo
   * key; only steps that returned some are here. The composed system reads what a step did from
   * them instead of re-deciding it from reasons.
   */
  private readonly signalMemo = new Map<string, readonly string[]>();
  /** The value each host step's `remember` action kept (memory.ts), by the step's memo key; only steps that remember are here. */
  private readonly rememberMemo = new Map<string, number>();
  /**
   * The tags of each host's state values, by host index: a machine's tags belong to its states, not
   * to a recipient, so a lookup costs no key and allocates nothing once met.
   */
  private readonly tagsOfHost: (Map<string, ReadonlySet<string>> | undefined)[] = [];
  private readonly behaviours: Behaviours;
  /** Machines of each behaviour, built from its first host's environment. */
  private readonly byBehaviour = new Map<number, HostEntry>();

  constructor(private readonly envs: readonly HostEnv[]) {
    this.entries = new Array<HostEntry | undefined>(envs.length);
    this.behaviours = new Behaviours(envs);
  }

  private entryOf(b: Behaviour): HostEntry {
    let e = this.byBehaviour.get(b.id);
    if (e === undefined) this.byBehaviour.set(b.id, (e = this.entry(b.host)));
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

  static readonly IDLE: HostSnap = { value: 'idle', reply: 0, reason: '', tried: 0, sessions: 0 };
  static readonly CALLING: CallAheadSnap = { value: 'connecting', tried: 0, result: 0 };

  private hostKey(host: number, rcpt: string, snap: HostSnap, event: HostEvent): string {
    const b = this.behaviours.of(host, rcpt);
    return `${b.id}|${snap.value}|${snap.reply}|${snap.reason}|${snap.tried}|${snap.sessions}|${b.eventKey(event)}`;
  }

  host(host: number, rcpt: string, snap: HostSnap, event: HostEvent): HostSnap {
    const key = this.hostKey(host, rcpt, snap, event);
    let next = this.hostMemo.get(key);
    if (next === undefined) {
      const b = this.behaviours.of(host, rcpt);
      // The behaviour's first host and recipient stand for this pair: every guard and action gives the same there.
      const { machine } = this.entryOf(b);
      const current = machine.resolveState({ value: snap.value, context: { rcpt: b.rcpt, reply: snap.reply, reason: snap.reason, tried: snap.tried, sessions: snap.sessions, hop: '' } });
      const [after, actions] = transition(machine, current, event);
      next = { value: after.value as string, reply: after.context.reply, reason: after.context.reason, tried: after.context.tried, sessions: after.context.sessions };
      this.hostMemo.set(key, next);
      // transition() returns the named actions it did not apply to the context (assign is applied).
      if (actions.length > 0) this.signalMemo.set(key, actions.map((a) => a.type));
      for (const a of actions) if (a.type === 'remember') this.rememberMemo.set(key, rememberedValue(a.params));
    }
    return next;
  }

  /** What the step `host(host, rcpt, snap, event)` remembered (after it was taken), if anything. */
  remembered(host: number, rcpt: string, snap: HostSnap, event: HostEvent): number | undefined {
    return this.rememberMemo.size === 0 ? undefined : this.rememberMemo.get(this.hostKey(host, rcpt, snap, event));
  }

  /** The named actions the step `host(host, rcpt, snap, event)` took (after it was taken). */
  signals(host: number, rcpt: string, snap: HostSnap, event: HostEvent): readonly string[] {
    return this.signalMemo.get(this.hostKey(host, rcpt, snap, event)) ?? NONE;
  }

  /** Whether the host's machine tags its state `value` with `tag` (machines/tags.ts). */
  hasTag(host: number, rcpt: string, value: string, tag: string): boolean {
    let byValue = this.tagsOfHost[host];
    if (byValue === undefined) this.tagsOfHost[host] = byValue = new Map();
    let tags = byValue.get(value);
    if (tags === undefined) {
      // The behaviour's machine has the host's role's states (behaviour.ts keys by role).
      const b = this.behaviours.of(host, rcpt);
      const state = this.entryOf(b).machine.resolveState({ value, context: { rcpt: b.rcpt, reply: 0, reason: '', tried: 0, sessions: 0, hop: '' } });
      byValue.set(value, (tags = state.tags));
    }
    return tags.has(tag);
  }

  callAhead(host: number, rcpt: string, snap: CallAheadSnap, event: CallAheadEvent): CallAheadSnap {
    const b = this.behaviours.of(host, rcpt);
    const key = `${b.id}|${snap.value}|${snap.tried}|${snap.result}|${b.eventKey(event)}`;
    let next = this.callAheadMemo.get(key);
    if (next === undefined) {
      const { callAhead } = this.entryOf(b);
      const current = callAhead.resolveState({ value: snap.value, context: { rcpt: b.rcpt, tried: snap.tried, result: snap.result } });
      const [after] = transition(callAhead, current, event);
      next = { value: after.value as string, tried: after.context.tried, result: after.context.result };
      this.callAheadMemo.set(key, next);
    }
    return next;
  }
}
