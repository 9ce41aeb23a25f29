/**
 * Steps one host's machine with XState's pure `transition()`. A call costs tens of microseconds, so
 * results are memoized: a host's local state space for one recipient is small, and the composed
 * system revisits the same local steps in many global states.
 */
import { transition } from 'xstate';
import { callAheadMachine, machineForHost, type HostEvent, type HostMachine } from '../machines/index.js';
import type { CallAheadEvent, CallAheadMachine } from '../machines/callAhead.js';
import type { HostEnv } from '../machines/env.js';
import type { CallAheadSnap, HostSnap } from './types.js';

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

  constructor(private readonly envs: readonly HostEnv[]) {
    this.entries = new Array<HostEntry | undefined>(envs.length);
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

  host(host: number, rcpt: string, snap: HostSnap, event: HostEvent): HostSnap {
    const key = `${host}|${rcpt}|${snap.value}|${snap.reply}|${snap.reason}|${snap.tried}|${snap.sessions}|${eventKey(event)}`;
    let next = this.hostMemo.get(key);
    if (next === undefined) {
      const { machine } = this.entry(host);
      const current = machine.resolveState({ value: snap.value, context: { rcpt, reply: snap.reply, reason: snap.reason, tried: snap.tried, sessions: snap.sessions } });
      const [after] = transition(machine, current, event);
      next = { value: after.value as string, reply: after.context.reply, reason: after.context.reason, tried: after.context.tried, sessions: after.context.sessions };
      this.hostMemo.set(key, next);
    }
    return next;
  }

  callAhead(host: number, rcpt: string, snap: CallAheadSnap, event: CallAheadEvent): CallAheadSnap {
    const key = `${host}|${rcpt}|${snap.value}|${snap.tried}|${snap.result}|${eventKey(event)}`;
    let next = this.callAheadMemo.get(key);
    if (next === undefined) {
      const { callAhead } = this.entry(host);
      const current = callAhead.resolveState({ value: snap.value, context: { rcpt, tried: snap.tried, result: snap.result } });
      const [after] = transition(callAhead, current, event);
      next = { value: after.value as string, tried: after.context.tried, result: after.context.result };
      this.callAheadMemo.set(key, next);
    }
    return next;
  }
}

function eventKey(event: HostEvent | CallAheadEvent): string {
  switch (event.type) {
    case 'RCPT':
      return `R${event.client}|${event.callAhead ? 1 : 0}`;
    case 'DATA':
      return `D${event.client}|${event.hops}`;
    case 'CALL_AHEAD_RESULT':
    case 'REPLY':
    case 'ANSWER':
      return `${event.type}${event.code}`;
    case 'CONNECTED':
    case 'CONNECT_FAILED':
      return `${event.type}${event.index}`;
    case 'REFUSED':
      return `${event.type}${event.index}|${event.code}`;
    default:
      return event.type;
  }
}
