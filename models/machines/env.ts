/**
 * What a host's machine knows about the world: the topology and its own configuration. Guards
 * close over it, so a machine's snapshot stays a small value (state + a few numbers) that the
 * composed system can store, compare and memoize.
 */
import { domainOf } from '../routing/dns.js';
import { isBestMxOf, routeFor, type NextHop } from '../routing/nextHop.js';
import { chosenHop, hopNamed } from './hops.js';
import { untriedChoices } from '../routing/candidates.js';
import { count, has, NONE, type TriedSet } from '../routing/triedSet.js';
import { SOFTWARE } from '../topology/software.js';
import type { Host, HostEnv } from '../topology/types.js';

export type { HostEnv };

/** The context every host machine carries: the recipient, the last reply it decided, and why. */
export interface HostContext {
  rcpt: string;
  /** SMTP code of the last answer this host decided (RCPT or DATA), 0 before any. */
  reply: number;
  /** Why it answered so: a reason id that reports turn into words. */
  reason: string;
  /** Next-hop candidates tried in the current delivery attempt. */
  tried: TriedSet;
  /**
   * Candidates that answered the greeting in this attempt, counted only where the software limits
   * them (Postfix's smtp_mx_session_limit); 0 otherwise, so other hosts' states do not multiply.
   */
  sessions: number;
  /**
   * The next hop the routing state chose (its `chooseHop` action), '' before. The composed system
   * does not keep it between steps: the choice is the same every time (hops.ts), and guards read
   * it through `hopFor`.
   */
  hop: string;
}

export type HostEvent =
  /**
   * A client sent RCPT TO for the recipient; `callAhead` when the session is a verification.
   * `memory`: what this host remembers of the message from earlier sessions (RoleDefinition.memory;
   * absent for roles that declare none).
   */
  | { type: 'RCPT'; client: string; callAhead: boolean; memory?: number }
  /** The answer of this host's own call-ahead, mapped by the call-ahead machine (0 = no answer). */
  | { type: 'CALL_AHEAD_RESULT'; code: number }
  /** The client sent the message; `hops` counts the Received headers it carries. */
  | { type: 'DATA'; client: string; hops: number }
  /** The host, holding an accepted message, decides where it goes. */
  | { type: 'ROUTE' }
  /** The candidate at `index` answered the greeting with 220. */
  | { type: 'CONNECTED'; index: number }
  /** No SMTP session with the candidate at `index`: down, blocked, not listening, no address. */
  | { type: 'CONNECT_FAILED'; index: number }
  /** The candidate at `index` refused this client in its greeting (an IP lock): 421 or 550. */
  | { type: 'REFUSED'; index: number; code: number }
  /** The server's answer to this host's RCPT or DATA. */
  | { type: 'REPLY'; code: number }
  | { type: 'RETRY' };

export function initialHostContext(rcpt: string): HostContext {
  return { rcpt, reply: 0, reason: '', tried: NONE, sessions: 0, hop: '' };
}

export function acceptsDomain(host: Host, rcpt: string): boolean {
  const domain = domainOf(rcpt);
  return host.accepts.includes('*') || host.accepts.includes(domain);
}

export function holdsMailbox(host: Host, rcpt: string): boolean {
  return host.mailboxes.includes(rcpt.toLowerCase());
}

/** The next hop the host's machine chooses for the recipient (hops.ts), memoized per recipient (the topology never changes). */
export function nextHopOf(env: HostEnv, rcpt: string): NextHop {
  let cache = hopCache.get(env);
  if (cache === undefined) hopCache.set(env, (cache = new Map()));
  let hop = cache.get(rcpt);
  if (hop === undefined) cache.set(rcpt, (hop = chosenHop(env, rcpt)));
  return hop;
}

/** The hop a guard reads: the one just chosen in this macrostep, else the one the machine chooses. */
export function hopFor(env: HostEnv, context: Pick<HostContext, 'rcpt' | 'hop'>): NextHop {
  return context.hop === undefined || context.hop === '' ? nextHopOf(env, context.rcpt) : hopNamed(env, context.rcpt, context.hop);
}
const hopCache = new WeakMap<HostEnv, Map<string, NextHop>>();

/**
 * The candidates a client may try next in this delivery attempt: the untried members of the best
 * preference that has any (equal preferences in any order), within its software's limits
 * (FORMAT.md 1.1; software.ts): Postfix stops after 5 addresses or 2 servers that answered the
 * greeting; Exim, after 5 hosts, tries only one host of each preference none of whose hosts it
 * tried yet, 50 in all. Empty when the attempt is over.
 */
export function attemptChoices(env: HostEnv, rcpt: string, tried: TriedSet, sessions: number): number[] {
  const hop = nextHopOf(env, rcpt);
  if (hop.kind !== 'candidates') return [];
  const limits = SOFTWARE[env.host.software];
  const n = count(tried);
  if (n >= limits.candidatesPerAttempt || sessions >= limits.sessionsPerAttempt) return [];
  if (n < limits.onePerPreferenceAfter) return untriedChoices(hop, tried);
  const touched = new Set(hop.candidates.filter((_, i) => has(tried, i)).map((c) => c.group));
  let group = Infinity;
  for (const c of hop.candidates) if (!touched.has(c.group) && c.group < group) group = c.group;
  return hop.candidates.flatMap((c, i) => (c.group === group ? [i] : []));
}

/** True when this delivery attempt has nothing left to try: defer, and retry the whole list later. */
export function attemptOver(env: HostEnv, rcpt: string, tried: TriedSet, sessions: number): boolean {
  return attemptChoices(env, rcpt, tried, sessions).length === 0;
}

/** True when every candidate of the next hop is in `tried`. */
export function allCandidatesTried(env: HostEnv, rcpt: string, tried: TriedSet): boolean {
  const hop = nextHopOf(env, rcpt);
  if (hop.kind !== 'candidates') return true;
  return hop.candidates.every((_, i) => has(tried, i));
}

/** MailHop's test: is this host among the best-preference MX records of the recipient's domain? */
export function isBestMx(env: HostEnv, rcpt: string): boolean {
  return isBestMxOf(env.topology, env.host, domainOf(rcpt));
}

/**
 * Whether the host applies MailHop's rule to the recipient's domain: its route for that domain is
 * `bestMxElse`, not a per-domain override of another kind. Only the relay's routing asks it.
 */
export function routesByBestMx(env: HostEnv, rcpt: string): boolean {
  return routeFor(env.host, domainOf(rcpt)).kind === 'bestMxElse';
}
