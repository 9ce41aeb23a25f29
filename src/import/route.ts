/**
 * `mxproof route`: where one address goes, host by host, without exploring: the `exim -bt` of a
 * topology. Every decision is the models' own: RCPT answers come from each host's XState machine
 * (models/machines), next hops from models/routing, connections from the system's Network, so the
 * walk says what the checker would find on its happiest run. From the sender, each host tries its
 * candidates in order, as a client does: a failed connection or a 4xx moves it on, a 5xx ends the
 * way with a bounce, a 2xx hands the message over. A call-ahead is followed the same way, down its
 * chain, until an answer or a repeat (which times out, as call-ahead-bounded says).
 */
import { transition, type AnyStateMachine } from 'xstate';
import { CALLS_AHEAD, initialStateOf } from '../../models/machines/tags.js';
import { holdsMailbox, initialHostContext } from '../../models/machines/env.js';
import { machineForHost, type HostMachine } from '../../models/machines/index.js';
import { hopOfHost, hostEnv } from '../../models/roles/hostEnv.js';
import { domainOf } from '../../models/routing/dns.js';
import { routeFor, type NextHop } from '../../models/routing/nextHop.js';
import { isExternalRecipient, isValidRecipient } from '../../models/system/mailSystem.js';
import { Network } from '../../models/system/network.js';
import type { Host, Role, Route, Software, Topology } from '../../models/topology/types.js';

export interface RcptAnswer {
  /** The SMTP code; 0 when the call-ahead under it never answers. */
  code: number;
  /** The machine's reason id (`local-mailbox`, `call-ahead-failed`, …). */
  reason: string;
  callAhead?: CallAhead;
}

export interface CallAhead {
  /** The host calling ahead, its route and what routing decided. */
  caller: string;
  route: Route;
  decision: string;
  tries: CallAheadTry[];
  /** The code the call-ahead ends with: the answer, 451 when nothing could be reached, 0 on a timeout. */
  result: number;
  /** Set when this call-ahead repeats one its chain is already making: it never answers. */
  repeats?: string[];
  tooDeep?: boolean;
}

export interface CallAheadTry {
  host: string;
  port: number;
  /** `open` with the answer it got, or why no session was had. */
  outcome: 'open' | 'failed' | 'refused' | 'external';
  why?: string;
  answer?: RcptAnswer;
}

export interface Candidate {
  host: string;
  port: number;
  /** Preference group: equal groups may be tried in any order. */
  group: number;
  outcome: 'open' | 'failed' | 'refused' | 'external';
  why?: string;
  answer?: RcptAnswer;
}

export type WayEnd =
  | { kind: 'delivered'; host: string }
  | { kind: 'external'; host: string }
  | { kind: 'bounced'; code: number; why: string }
  | { kind: 'deferred'; why: string }
  | { kind: 'loop'; host: string }
  | { kind: 'too-long' };

export interface RouteStep {
  host: string;
  /** `sender` for the implicit sending MTA. */
  role: Role | 'sender';
  software: Software;
  /** The port the previous host reached it on (null for the sender). */
  port: number | null;
  /** Its answer to the previous host's RCPT (null for the sender). */
  answer: RcptAnswer | null;
  /** True when it answered 4xx and the way goes on through it only to show its routing. */
  tentative: boolean;
  /** Holds the mailbox: the address is final here. */
  final: boolean;
  route: Route;
  /** What routing decided for this address, in words (models/routing's own `why`). */
  decision: string;
  candidates: Candidate[];
}

export interface RouteReport {
  address: string;
  from: string | null;
  valid: boolean;
  external: boolean;
  steps: RouteStep[];
  end: WayEnd;
}

const MAX_STEPS = 64;

class Walker {
  private readonly network: Network;
  private readonly down: boolean[];
  private readonly machines = new Map<string, HostMachine>();

  constructor(
    private readonly topology: Topology,
    private readonly address: string,
  ) {
    this.network = new Network(topology);
    this.down = topology.hosts.map((h) => topology.network.faults[h.name] === 'down');
  }

  private machine(host: Host): HostMachine {
    let m = this.machines.get(host.name);
    if (m === undefined) this.machines.set(host.name, (m = machineForHost(hostEnv(this.topology, host))));
    return m;
  }

  hop(host: Host | null): NextHop {
    // The hop the host's machine chooses (the relay's, or a config role's, among its hops).
    return hopOfHost(this.topology, host, this.address);
  }

  decision(hop: NextHop, host: Host | null): string {
    if (hop.kind === 'local') return host !== null && holdsMailbox(host, this.address) ? 'delivers to its own mailbox' : 'routes locally, but holds no such mailbox';
    return hop.why;
  }

  connect(client: string, host: string, port: number) {
    return this.network.connect(client, host, port, this.down);
  }

  hostAt(name: string): Host | undefined {
    const i = this.network.resolve(name);
    return i === undefined ? undefined : this.topology.hosts[i];
  }

  /** The host's answer to RCPT TO:<address> from `client`; `chain` are the hosts calling ahead above it. */
  answer(host: Host, client: string, chain: readonly string[]): RcptAnswer {
    const machine = this.machine(host);
    // A session starts in the machine's initial state; a state tagged calls-ahead waits for the call-ahead (machines/tags.ts).
    const start = machine.resolveState({ value: initialStateOf(machine as AnyStateMachine) ?? '', context: initialHostContext(this.address) });
    const [asked] = transition(machine, start, { type: 'RCPT', client, callAhead: chain.length > 0 });
    if (!asked.hasTag(CALLS_AHEAD)) return { code: asked.context.reply, reason: asked.context.reason };
    const callAhead = this.callAhead(host, chain);
    const [answered] = transition(machine, asked, { type: 'CALL_AHEAD_RESULT', code: callAhead.result });
    return { code: answered.context.reply, reason: answered.context.reason, callAhead };
  }

  /** The host's call-ahead, tried like the call-ahead machine tries it (models/machines/callAhead.ts). */
  private callAhead(host: Host, chain: readonly string[]): CallAhead {
    const hop = this.hop(host);
    const base = { caller: host.name, route: routeFor(host, domainOf(this.address)), decision: this.decision(hop, host), tries: [] as CallAheadTry[] };
    if (chain.includes(host.name)) return { ...base, result: 0, repeats: [...chain.slice(chain.indexOf(host.name)), host.name] };
    if (chain.length >= this.topology.limits.callAheadDepth) return { ...base, result: 0, tooDeep: true };
    if (hop.kind !== 'candidates') return { ...base, result: 451 };
    let result = 451;
    let reached = false;
    for (const c of hop.candidates) {
      const conn = this.connect(host.name, c.host, c.port);
      if (conn.kind === 'failed') {
        base.tries.push({ host: c.host, port: c.port, outcome: 'failed', why: conn.why });
        continue;
      }
      if (conn.kind === 'external') {
        // A server outside the model: mxproof cannot see its mailboxes, so it counts as accepting.
        base.tries.push({ host: c.host, port: c.port, outcome: 'external' });
        return { ...base, result: 250 };
      }
      if (conn.kind === 'refused') {
        base.tries.push({ host: c.host, port: c.port, outcome: 'refused', why: conn.why });
        if (conn.code >= 500) return { ...base, result: conn.code };
        continue;
      }
      const target = this.topology.hosts[conn.host]!;
      const answer = this.answer(target, host.name, [...chain, host.name]);
      base.tries.push({ host: c.host, port: c.port, outcome: 'open', answer });
      reached = true;
      result = answer.code;
      if ((answer.code >= 200 && answer.code < 300) || answer.code >= 500) return { ...base, result };
    }
    return { ...base, result: reached ? result : 451 };
  }
}

export class UnknownSender extends Error {}

/** The way of `address` from `from` (a host of the topology) or from the implicit sender. */
export function explainRoute(topology: Topology, address: string, from?: string): RouteReport {
  const rcpt = address.toLowerCase();
  const w = new Walker(topology, rcpt);
  let current: Host | null = null;
  if (from !== undefined) {
    current = topology.hosts.find((h) => h.name === from.toLowerCase()) ?? null;
    if (current === null) throw new UnknownSender(`${from} is not a host of ${topology.file}; hosts: ${topology.hosts.map((h) => h.name).join(', ')}`);
  }
  const report: RouteReport = { address: rcpt, from: current?.name ?? null, valid: isValidRecipient(topology, rcpt), external: isExternalRecipient(topology, rcpt), steps: [], end: { kind: 'too-long' } };
  const visited = new Set<string>();
  let port: number | null = null;
  let answer: RcptAnswer | null = null;
  let tentative = false;
  for (let i = 0; i < MAX_STEPS; i++) {
    const name = current?.name ?? 'sender';
    visited.add(name);
    const hop = w.hop(current);
    const step: RouteStep = {
      host: name,
      role: current?.role ?? 'sender',
      software: current?.software ?? topology.defaults.software,
      port,
      answer,
      tentative,
      final: current !== null && holdsMailbox(current, rcpt),
      route: routeFor(current, domainOf(rcpt)),
      decision: w.decision(hop, current),
      candidates: [],
    };
    report.steps.push(step);
    if (step.final) return { ...report, end: { kind: 'delivered', host: name } };
    if (hop.kind === 'local') return { ...report, end: { kind: 'bounced', code: 550, why: `${name} routes ${rcpt} locally but holds no such mailbox` } };
    if (hop.kind === 'fail') return { ...report, end: { kind: 'bounced', code: hop.code, why: hop.why } };
    type Next = { host: Host; port: number; answer: RcptAnswer; tentative: boolean };
    let next: Next | null = null;
    let firstTemporary: Next | null = null;
    let end: WayEnd | null = null;
    for (const c of hop.candidates) {
      const conn = w.connect(name, c.host, c.port);
      const view: Candidate = { host: c.host, port: c.port, group: c.group, outcome: conn.kind };
      step.candidates.push(view);
      if (next !== null || end !== null) continue;
      if (conn.kind === 'failed' || conn.kind === 'refused') {
        view.why = conn.why;
        continue;
      }
      if (conn.kind === 'external') {
        end = { kind: 'external', host: c.host };
        continue;
      }
      const target = topology.hosts[conn.host]!;
      view.answer = w.answer(target, name, []);
      const code = view.answer.code;
      if (code >= 200 && code < 300) next = { host: target, port: c.port, answer: view.answer, tentative: false };
      else if (code >= 500) end = { kind: 'bounced', code, why: `${target.name} refused RCPT TO:<${rcpt}> with ${code}` };
      else firstTemporary ??= { host: target, port: c.port, answer: view.answer, tentative: true };
    }
    if (end !== null) return { ...report, end };
    next ??= firstTemporary;
    if (next === null) return { ...report, end: { kind: 'deferred', why: `no candidate of ${name} can be reached: it defers and retries` } };
    if (visited.has(next.host.name)) return { ...report, end: { kind: 'loop', host: next.host.name } };
    current = next.host;
    port = next.port;
    answer = next.answer;
    tentative = next.tentative;
  }
  return report;
}
