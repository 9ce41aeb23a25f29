/**
 * The staging plan: how a topology becomes a mail network on one machine. Every host gets a
 * loopback address inside a network namespace of its own (127.0.1.N, in file order), the implicit
 * sending MTA one more (127.0.2.1), names that have address records but are not hosts (servers the
 * model does not model) a sink each (127.0.3.N). The plan is a value; nothing here touches the
 * system, so it can be tested anywhere.
 */
import { isValidRecipient } from '../../models/system/mailSystem.js';
import { SOFTWARE } from '../../models/topology/software.js';
import type { Fault, Host, Software, Topology } from '../../models/topology/types.js';
import { postfixCannot } from './postfix/capable.js';

/** The harness's own client address: it submits each message to its origin, and nothing else. */
export const INJECTOR_ADDRESS = '127.0.9.9';
/** The port on which the origin of a message takes it from the harness (never a topology port). */
export const SUBMISSION_PORT = 10587;
/** Where the namespace's resolver (dnsmasq) answers. */
export const RESOLVER_ADDRESS = '127.0.0.1';

export type StageHostKind = 'host' | 'sender' | 'external';
/** The real MTA a staged host runs. */
export type StageMta = 'exim' | 'postfix';
export const STAGE_MTAS = ['exim', 'postfix'] as const satisfies readonly StageMta[];

export interface StageHost {
  name: string;
  kind: StageHostKind;
  address: string;
  /** Ports its daemon listens on for the topology: `listen` minus `network.blocked`. */
  ports: number[];
  /** Whether it also listens on SUBMISSION_PORT for the harness (origins of messages). */
  submission: boolean;
  fault: Fault | null;
  /** The topology host (null for the implicit sender and for external sinks). */
  host: Host | null;
  /** The MTA that runs it: from its `software` (postfix → Postfix), or forced by `--mta`. */
  mta: StageMta;
  /** The model's client behaviour for it (the implicit sender's is `defaults.software`). */
  software: Software;
  /** Hop limit its MTA enforces (the host's `hopLimit`; the sender's from its software). */
  hopLimit: number;
}

export interface StageMessage {
  index: number;
  from: string;
  to: string;
  /** The host that sends it: the `via` host, or the implicit sender. */
  origin: string;
  /** The Message-ID the harness gives it, to follow it through every host's log. */
  messageId: string;
  /** Some host lists it in `mailboxes`, or it is external: its mail leaves the model (FORMAT.md 1.1). */
  valid: boolean;
}

export interface StageDns {
  mx: { owner: string; preference: number; host: string }[];
  /** Address records the namespace's resolver serves: one per staged host and sink. */
  a: { name: string; address: string }[];
  cname: { alias: string; target: string }[];
}

export interface StagePlanOptions {
  /** Put every host that can run it on this MTA (default: each host's `software` decides). */
  mta?: StageMta;
  /** MTAs installed here; a host whose MTA is missing makes the plan fail (UnsupportedTopology). */
  available?: readonly StageMta[];
}

export interface StagePlan {
  topology: Topology;
  hosts: StageHost[];
  dns: StageDns;
  messages: StageMessage[];
  /** Notes on how the staging differs from the file (addresses replaced, etc.). */
  notes: string[];
}

export class UnsupportedTopology extends Error {
  constructor(readonly reasons: string[]) {
    super(`cannot stage this topology: ${reasons.join('; ')}`);
    this.name = 'UnsupportedTopology';
  }
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** The implicit sender's name, as the model names it (models/system/mailSystem.ts). */
export function senderName(topology: Topology): string {
  let name = 'sender';
  while (topology.hosts.some((h) => h.name === name)) name += '~';
  return name;
}

/**
 * Which MTA runs a host: `--mta` when given, else Postfix for `software: postfix` and Exim for
 * `generic` and `exim`. A host whose role Postfix cannot express stays on Exim, and the plan says so.
 */
function chooseMta(name: string, software: Software, host: Host | null, options: StagePlanOptions, notes: string[]): StageMta {
  const wanted: StageMta = options.mta ?? (software === 'postfix' ? 'postfix' : 'exim');
  if (wanted === 'exim') return 'exim';
  const cannot = host === null ? [] : postfixCannot(host);
  if (cannot.length === 0) return 'postfix';
  notes.push(`${name} stays on Exim: Postfix cannot express ${cannot.join('; ')}${software === 'postfix' ? ' (its client behaviour is then Exim\'s, not the postfix preset\'s)' : ''}`);
  return 'exim';
}

/** Builds the plan, or throws UnsupportedTopology listing every feature the harness cannot stage. */
export function planStage(topology: Topology, runId = 'run', options: StagePlanOptions = {}): StagePlan {
  const problems: string[] = [];
  const notes: string[] = [];
  if (topology.hosts.length > 250) problems.push(`${topology.hosts.length} hosts; the harness stages at most 250`);
  const faults = topology.network.faults;
  const blocked = new Set(topology.network.blocked.map((b) => `${b.host}:${b.port}`));
  const origins = new Set(topology.messages.map((m) => m.via).filter((v): v is string => v !== null));
  const hosts: StageHost[] = topology.hosts.map((host, i) => {
    if (!host.selfCheck) problems.push(`${host.name} has selfCheck: false (Exim and Postfix always drop MX records no better than themselves)`);
    if (host.listen.includes(SUBMISSION_PORT)) problems.push(`${host.name} listens on ${SUBMISSION_PORT}, the harness's submission port`);
    return {
      name: host.name,
      kind: 'host',
      address: `127.0.1.${i + 1}`,
      ports: host.listen.filter((p) => !blocked.has(`${host.name}:${p}`)),
      submission: origins.has(host.name),
      fault: faults[host.name] ?? null,
      host,
      mta: chooseMta(host.name, host.software, host, options, notes),
      software: host.software,
      hopLimit: host.hopLimit,
    };
  });
  const sender = senderName(topology);
  if (topology.messages.some((m) => m.via === null)) {
    const software = topology.defaults.software;
    hosts.push({
      name: sender,
      kind: 'sender',
      address: '127.0.2.1',
      ports: [],
      submission: true,
      fault: null,
      host: null,
      mta: chooseMta(sender, software, null, options, notes),
      software,
      hopLimit: SOFTWARE[software].hopLimit,
    });
  }
  const isHost = (name: string) => topology.hosts.some((h) => h.name === name);
  const dns: StageDns = { mx: [], a: [], cname: [] };
  let externals = 0;
  for (const [owner, entry] of Object.entries(topology.dns)) {
    for (const r of entry.mx ?? []) {
      if (IPV4.test(r.host) || r.host.includes(':')) problems.push(`${owner} has an MX pointing at the IP literal ${r.host}`);
      else dns.mx.push({ owner, preference: r.preference, host: r.host });
    }
    if (entry.cname !== undefined) dns.cname.push({ alias: owner, target: entry.cname });
    const hasAddress = (entry.a?.length ?? 0) > 0 || (entry.aaaa?.length ?? 0) > 0;
    if (hasAddress && isHost(owner)) {
      notes.push(`${owner}: its address records (${[...(entry.a ?? []), ...(entry.aaaa ?? [])].join(', ')}) are replaced by its staging address`);
    } else if (hasAddress) {
      externals += 1;
      const address = `127.0.3.${externals}`;
      // A sink is always an Exim that accepts everything: it only has to take the message.
      hosts.push({ name: owner, kind: 'external', address, ports: [25], submission: false, fault: null, host: null, mta: 'exim', software: 'generic', hopLimit: 50 });
      notes.push(`${owner} is not a host: it is staged as a sink at ${address} that accepts everything (mail handed to it leaves the model)`);
    }
  }
  for (const h of hosts) if (h.kind !== 'sender') dns.a.push({ name: h.name, address: h.address });
  for (const c of dns.cname) {
    if (!hosts.some((h) => h.name === c.target) && !dns.cname.some((d) => d.alias === c.target)) {
      problems.push(`the CNAME ${c.alias} → ${c.target} points at a name without a staged address`);
    }
  }
  const available = options.available ?? STAGE_MTAS;
  for (const mta of STAGE_MTAS) {
    const on = hosts.filter((h) => h.mta === mta).map((h) => h.name);
    if (on.length > 0 && !available.includes(mta)) problems.push(`${on.join(', ')} would run on ${mta === 'postfix' ? 'Postfix' : 'Exim'}, which is not installed here`);
  }
  if (problems.length > 0) throw new UnsupportedTopology(problems);
  const messages = topology.messages.map((m, index) => ({
    index,
    from: m.from,
    to: m.to,
    origin: m.via ?? sender,
    messageId: `mxproof.${runId}.m${index}@stage.invalid`,
    valid: isValidRecipient(topology, m.to),
  }));
  return { topology, hosts, dns, messages, notes };
}

export function hostByName(plan: StagePlan, name: string): StageHost | undefined {
  return plan.hosts.find((h) => h.name === name);
}

export function hostByAddress(plan: StagePlan, address: string): StageHost | undefined {
  return plan.hosts.find((h) => h.address === address);
}

/** The daemon of a host is started at all (it has something to listen on and is not `down`). */
export function listens(h: StageHost): boolean {
  return h.fault !== 'down' && (h.ports.length > 0 || h.submission);
}
