/**
 * The composed mail system as a checker model: every message's journey through the host machines,
 * interleaved with each other and with transient faults. Actions are listed in a fixed order
 * (messages by index, then fault flips by host index) so paths replay.
 */
import type { Model } from '../../src/checker/model.js';
import type { Host, Topology } from '../topology/types.js';
import { plainHost } from '../topology/plainHost.js';
import { hostEnv } from '../roles/hostEnv.js';
import { canonicalName, domainOf, hasAddress, isHost, lookupMx } from '../routing/dns.js';
import { SOFTWARE } from '../topology/software.js';
import { attemptChoices, nextHopOf } from '../machines/env.js';
import { untriedChoices } from '../routing/candidates.js';
import { LocalSteps } from './localSteps.js';
import { stepMessage, type StepContext, type StepResult } from './messageStep.js';
import { Network } from './network.js';
import { messageKey } from './messageKey.js';
import { MailPacked } from './packed.js';
import type { MessageState, SystemAction, SystemState } from './types.js';
import { isDelivered } from './delivered.js';
import { AWAITS_ROUTE, CALLS_AHEAD, CONNECTS, DELIVERS, RETRIES } from '../machines/tags.js';

/** The implicit sending MTA of a message without `via` (FORMAT.md): role mta, not in `hosts`. */
function implicitSender(topology: Topology): Host {
  let name = 'sender';
  while (topology.hosts.some((h) => h.name === name)) name += '~';
  const software = topology.defaults.software;
  return plainHost(name, { listen: [], software, hopLimit: SOFTWARE[software].hopLimit });
}

export class MailSystem implements Model<SystemState, SystemAction> {
  readonly names: string[];
  readonly local: LocalSteps;
  readonly network: Network;
  readonly senderIndex: number;
  /** Host indices of the transient faults, ascending. */
  readonly transient: number[];
  private readonly recipientValid: boolean[];
  private packedForm: MailPacked | null | undefined;

  constructor(readonly topology: Topology) {
    const hosts = [...topology.hosts, implicitSender(topology)];
    this.names = hosts.map((h) => h.name);
    this.senderIndex = topology.hosts.length;
    this.local = new LocalSteps(hosts.map((host) => hostEnv(topology, host)));
    this.network = new Network(topology);
    this.transient = topology.hosts.flatMap((h, i) => (topology.network.faults[h.name] === 'transient' ? [i] : []));
    this.recipientValid = topology.messages.map((m) => isValidRecipient(topology, m.to));
  }

  isRecipientValid(message: number): boolean {
    return this.recipientValid[message]!;
  }

  /** Built once: a product run asks for them once per independent part, and states are never mutated. */
  initialStates(): readonly SystemState[] {
    if (this.initial === undefined) this.initial = this.buildInitialStates();
    return this.initial;
  }

  private initial: readonly SystemState[] | undefined;

  private buildInitialStates(): readonly SystemState[] {
    const down = this.names.map((n) => this.topology.network.faults[n] === 'down');
    const messages = this.topology.messages.map((m): MessageState => {
      const origin = m.via === null ? this.senderIndex : this.network.hostIndex(m.via)!;
      return {
        holder: origin,
        snap: this.local.holding(origin, m.to),
        leftTo: null,
        frames: [],
        hops: 0,
        visited: m.via === null ? [] : [origin],
        truncated: false,
      };
    });
    return [{ down, messages, effects: [], step: null }];
  }

  /** A run cut at `limits.callAheadDepth`: it has no successors, and no verdict may rest on it. */
  isTruncated(state: SystemState): boolean {
    return state.messages.some((m) => m.truncated);
  }

  actions(state: SystemState): readonly SystemAction[] {
    if (this.isTruncated(state)) return [];
    const out: SystemAction[] = [];
    state.messages.forEach((msg, message) => {
      for (const choice of this.choicesOf(msg, message)) out.push({ kind: 'message', message, choice });
    });
    for (const host of this.transient) out.push({ kind: 'fault', host });
    return out;
  }

  /** The choices message `message` has in local state `msg`: one action each, in this order. */
  choicesOf(msg: MessageState, message: number): number[] {
    const rcpt = this.topology.messages[message]!.to;
    const top = msg.frames.at(-1);
    if (top !== undefined) {
      // A verifier calling ahead picks among its untried candidates; any other session step has one outcome.
      return this.local.hasTag(top.host, rcpt, top.snap.value, CALLS_AHEAD) ? untriedChoices(nextHopOf(this.local.env(top.host), rcpt), top.callAhead!.tried) : [0];
    }
    const tags = this.local.tagsOf(msg.holder, rcpt, msg.snap.value);
    if (tags.has(CONNECTS)) return attemptChoices(this.local.env(msg.holder), rcpt, msg.snap.tried, msg.snap.sessions);
    return tags.has(AWAITS_ROUTE) || tags.has(RETRIES) ? [0] : [];
  }

  /**
   * Whether the message has arrived (delivered.ts): no session in flight, and its holder's state is
   * tagged `delivers`, or it was handed to a server outside the model.
   */
  isDelivered(msg: MessageState, message: number): boolean {
    return isDelivered(msg, (host, value) => this.local.hasTag(host, this.topology.messages[message]!.to, value, DELIVERS));
  }

  next(state: SystemState, action: SystemAction): SystemState {
    if (action.kind === 'fault') {
      const down = state.down.slice();
      down[action.host] = !down[action.host];
      const name = this.names[action.host]!;
      const text = down[action.host] ? 'goes down (transient fault)' : 'comes back up';
      return { down, messages: state.messages, effects: [], step: { kind: 'fault', message: null, actor: name, peer: null, depth: 0, text, details: [] } };
    }
    const result = this.stepOf(action.message, state.messages[action.message]!, action.choice, state.down);
    const messages = state.messages.slice();
    messages[action.message] = result.message;
    return { down: state.down, messages, effects: result.effects, step: result.step };
  }

  /** One step of message `message` from local state `msg`, the hosts being down as `down` says. */
  stepOf(message: number, msg: MessageState, choice: number, down: readonly boolean[]): StepResult {
    const cx: StepContext = {
      local: this.local,
      network: this.network,
      names: this.names,
      rcpt: this.topology.messages[message]!.to,
      message,
      recipientValid: this.recipientValid[message]!,
      callAheadDepth: this.topology.limits.callAheadDepth,
      down,
    };
    return stepMessage(cx, msg, choice);
  }

  fingerprint(state: SystemState): string {
    let key = '';
    for (const d of state.down) key += d ? '1' : '0';
    for (const m of state.messages) key += messageKey(m);
    return key;
  }

  /** The compact encoding the engine explores instead of these objects (packed.ts). */
  packed(): MailPacked | null {
    if (this.packedForm === undefined) this.packedForm = MailPacked.of(this);
    return this.packedForm;
  }
}

/**
 * A recipient is valid when some host lists it in `mailboxes`, or when it is *external*: mail for
 * its domain leaves the model, so mxproof cannot see the mailboxes that would judge it (FORMAT.md 1.1).
 */
export function isValidRecipient(topology: Topology, address: string): boolean {
  const a = address.toLowerCase();
  return mailboxesOf(topology).has(a) || isExternalRecipient(topology, a);
}

/** Every mailbox some host holds, gathered once per file: a provider's file asks for each of its thousands of messages. */
function mailboxesOf(topology: Topology): ReadonlySet<string> {
  let set = mailboxSets.get(topology.hosts);
  if (set === undefined) mailboxSets.set(topology.hosts, (set = new Set(topology.hosts.flatMap((h) => h.mailboxes))));
  return set;
}
const mailboxSets = new WeakMap<Topology['hosts'], ReadonlySet<string>>();

/** Its domain's MX (or implicit MX) names a server with an address that is not in `hosts`. */
export function isExternalRecipient(topology: Topology, address: string): boolean {
  const answer = lookupMx(topology, domainOf(address));
  const targets = answer.kind === 'records' ? answer.records.map((r) => r.host) : answer.kind === 'implicit' ? [answer.host] : answer.kind === 'null' ? answer.others.map((r) => r.host) : [];
  return targets.some((t) => {
    const name = canonicalName(topology, t);
    return !isHost(topology, name) && hasAddress(topology, name);
  });
}
