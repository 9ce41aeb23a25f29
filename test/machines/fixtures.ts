/**
 * Tiny hand-built topologies for unit tests of the machines and of routing: the normalized
 * `Topology` the loader would produce, without going through YAML, so a test states exactly the
 * hosts and DNS it needs and nothing else.
 */
import { initialTransition, transition } from 'xstate';
import type { HostContext, HostEnv, HostEvent, HostMachine } from '../../models/machines/index.js';
import type { DnsEntry, Fault, Host, HostPort, Message, MxRecord, Role, Topology } from '../../models/topology/types.js';
import { plainHost } from '../../models/topology/plainHost.js';
import { roleOf } from '../../models/roles/registry.js';

/** A host with FORMAT.md's defaults for a plain `mta`; `fields` override any of them. */
export const host = plainHost;

/** "10 mx.example.com" → { preference: 10, host: 'mx.example.com' }; "0 ." is a null MX. */
export function mx(...records: string[]): MxRecord[] {
  return records.map((r) => {
    const [pref, target] = r.split(' ');
    return { preference: Number(pref), host: target! };
  });
}

/** "mail.example.com:2525" → { host, port }; the port defaults to 25. */
export function hp(text: string): HostPort {
  const [h, p] = text.split(':');
  return { host: h!, port: p === undefined ? 25 : Number(p) };
}

export interface TopologyParts {
  dns?: Record<string, DnsEntry>;
  hosts: Host[];
  blocked?: HostPort[];
  faults?: Record<string, Fault>;
  messages?: Message[];
  callAheadDepth?: number;
}

export function topology(parts: TopologyParts): Topology {
  return {
    version: 1,
    file: 'hand-built',
    dns: parts.dns ?? {},
    hosts: parts.hosts,
    network: { blocked: parts.blocked ?? [], faults: parts.faults ?? {} },
    messages: parts.messages ?? [],
    defaults: { software: 'generic' },
    limits: { callAheadDepth: parts.callAheadDepth ?? parts.hosts.length + 1 },
    properties: [],
    expect: {},
    positions: {},
  };
}

/** The environment a machine of host `name` closes over. */
export function envOf(t: Topology, name: string): HostEnv {
  const h = t.hosts.find((x) => x.name === name);
  if (h === undefined) throw new Error(`no host ${name} in the fixture`);
  // A fresh env each time: tests change the topology between machines, and hops are memoised per env.
  return { topology: t, host: h, role: roleOf(t, h.role) };
}

/** A host machine's snapshot, as a plain value to assert on. */
export interface Seen {
  value: string;
  context: HostContext;
}

type Snapshot = ReturnType<typeof initialTransition<HostMachine>>[0];

/**
 * Drives a host machine through XState's pure `transition()`: starts idle for `rcpt` (or at the
 * given state value and context), then applies the events one by one.
 */
export class Driver {
  private snap: Snapshot;

  constructor(
    readonly machine: HostMachine,
    rcpt: string,
    at?: { value: string; context?: Partial<HostContext> },
  ) {
    const [initial] = initialTransition(machine, { rcpt });
    this.snap =
      at === undefined
        ? initial
        : machine.resolveState({ value: at.value, context: { ...initial.context, ...at.context } });
  }

  send(...events: HostEvent[]): this {
    for (const event of events) [this.snap] = transition(this.machine, this.snap, event);
    return this;
  }

  get value(): string {
    return this.snap.value as string;
  }

  get context(): HostContext {
    return this.snap.context;
  }

  get seen(): Seen {
    return { value: this.value, context: this.context };
  }
}

export const rcpt = (client = 'sender', callAhead = false): HostEvent => ({ type: 'RCPT', client, callAhead });
export const data = (client = 'sender', hops = 0): HostEvent => ({ type: 'DATA', client, hops });
export const callAheadResult = (code: number): HostEvent => ({ type: 'CALL_AHEAD_RESULT', code });
export const reply = (code: number): HostEvent => ({ type: 'REPLY', code });
export const connected = (index = 0): HostEvent => ({ type: 'CONNECTED', index });
export const connectFailed = (index = 0): HostEvent => ({ type: 'CONNECT_FAILED', index });
export const refused = (index = 0, code = 550): HostEvent => ({ type: 'REFUSED', index, code });
export const ROUTE: HostEvent = { type: 'ROUTE' };
export const RETRY: HostEvent = { type: 'RETRY' };
