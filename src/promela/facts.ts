/**
 * The static facts of a topology that the Promela program's tables hold: per host its role,
 * verify mode, software and limits; per (message, host) what it accepts, holds and how it routes
 * the recipient; per (message, host, candidate) where a connection goes, whether the network lets
 * it through and whether the server's allowFrom lock refuses this client. These are configuration,
 * read straight off the topology (DNS and MX resolution are mxproof's routing, `nextHopOf`: null
 * MX handling by software, bouncing when no MX target resolves, self-truncation through CNAMEs);
 * everything that happens — sessions, attempts and their limits, call-aheads, retries, hop counts,
 * faults — is left to the Promela code (interpreter.ts), written afresh from FORMAT.md and the role
 * machines, so that SPIN and mxproof check the same rules by separate means.
 */
import { nextHopOf } from '../../models/machines/env.js';
import { domainOf, hasAddress, lookupMx, bestPreference } from '../../models/routing/dns.js';
import { routeFor } from '../../models/routing/nextHop.js';
import type { MailSystem } from '../../models/system/mailSystem.js';
import type { BuiltInRole, Host, MxRecord, Software, Topology, VerifyMode } from '../../models/topology/types.js';
import { SOFTWARE_CODE } from './interpreter.js';

export const VERIFY_CODE: Record<VerifyMode, number> = { none: 0, local: 1, list: 2, 'call-ahead': 3 };
export const ROLE_CODE: Record<BuiltInRole, number> = { mailbox: 0, relay: 1, filter: 2, 'backup-mx': 3, mta: 4 };
export const HOP_LOCAL = 0;
export const HOP_CANDIDATES = 1;
export const HOP_FAIL = 2;
/** Where a candidate leads: a modelled host, a server outside the model, or a name that does not resolve. */
export const TO_HOST = 0;
export const TO_OUTSIDE = 1;
export const TO_NOWHERE = 2;
export const NOT_TRANSIENT = 255;

export interface PromelaFacts {
  /** Host names, the implicit sender last. */
  names: string[];
  messages: number;
  /** Most next-hop candidates of any host for any message. */
  maxCandidates: number;
  /** Frames a message can stack: the delivery session and limits.callAheadDepth call-aheads. */
  frames: number;
  callAheadDepth: number;
  transient: number;
  /** Servers outside the model a message can be handed to, numbered from 1. */
  outside: string[];
  host: {
    role: number;
    verify: number;
    deferOk: boolean;
    hopLimit: number;
    quarantines: boolean;
    down: boolean;
    transientBit: number;
    software: number;
    /** The greeting an allowFrom lock refuses other clients with: 421 or 550. */
    lockReply: number;
  }[];
  /** Index `m * H + h`. */
  perRecipient: { accepts: boolean; holdsMailbox: boolean; onList: boolean; bestMx: boolean; byBestMx: boolean; hop: number; candidates: number }[];
  /**
   * Index `(m * H + h) * K + k`. `open`: the target listens on the port and it is not blocked;
   * `locked`: the target's allowFrom does not list host h, so it refuses h in its greeting.
   */
  candidate: {
    to: number;
    target: number;
    open: boolean;
    locked: boolean;
    /** Bitmasks of candidates: in better preference groups; in this one; in the group just better. */
    lower: number;
    same: number;
    prev: number;
  }[];
  /** Index `server * H + client`: `spam.blocks` names the client and no whitelist entry saves it. */
  spamBlocked: boolean[];
  origin: number[];
  viaHost: boolean[];
}

export function promelaFacts(topology: Topology, system: MailSystem): PromelaFacts {
  const names = system.names;
  const H = names.length;
  const hosts = [...topology.hosts, null];
  const rcpts = topology.messages.map((m) => m.to);
  const hops = rcpts.map((rcpt) => names.map((_, h) => nextHopOf(system.local.env(h), rcpt)));
  const maxCandidates = Math.max(1, ...hops.flat().map((hop) => (hop.kind === 'candidates' ? hop.candidates.length : 0)));
  const outside: string[] = [];
  const transient = system.transient;

  const perRecipient: PromelaFacts['perRecipient'] = [];
  const candidate: PromelaFacts['candidate'] = [];
  rcpts.forEach((rcpt, m) => {
    const domain = domainOf(rcpt);
    const address = rcpt.toLowerCase();
    names.forEach((name, h) => {
      const host = hosts[h] ?? null;
      const hop = hops[m]![h]!;
      perRecipient.push({
        accepts: host !== null && (host.accepts.includes('*') || host.accepts.includes(domain)),
        holdsMailbox: host !== null && host.mailboxes.includes(address),
        onList: host !== null && host.recipients.includes(address),
        bestMx: host !== null && isBestMx(topology, host, domain),
        // The relay applies MailHop's rule only where no per-domain route of another kind overrides it.
        byBestMx: host !== null && routeFor(host, domain).kind === 'bestMxElse',
        hop: hop.kind === 'local' ? HOP_LOCAL : hop.kind === 'candidates' ? HOP_CANDIDATES : HOP_FAIL,
        candidates: hop.kind === 'candidates' ? hop.candidates.length : 0,
      });
      for (let k = 0; k < maxCandidates; k++) {
        const c = hop.kind === 'candidates' ? hop.candidates[k] : undefined;
        if (c === undefined) {
          candidate.push({ to: TO_NOWHERE, target: 0, open: false, locked: false, lower: 0, same: 0, prev: 0 });
          continue;
        }
        const all = hop.kind === 'candidates' ? hop.candidates : [];
        const better = all.filter((o) => o.group < c.group).map((o) => o.group);
        const just = better.length === 0 ? null : Math.max(...better);
        const mask = (test: (group: number) => boolean) => all.reduce((acc, o, i) => (test(o.group) ? acc | (1 << i) : acc), 0);
        const groups = { lower: mask((g) => g < c.group), same: mask((g) => g === c.group), prev: mask((g) => g === just) };
        const target = system.network.resolve(c.host);
        if (target !== undefined) {
          const t = topology.hosts[target]!;
          const blocked = topology.network.blocked.some((b) => b.host === t.name && b.port === c.port);
          const open = t.listen.includes(c.port) && !blocked;
          const locked = t.allowFrom !== null && !t.allowFrom.includes(name);
          candidate.push({ to: TO_HOST, target, open, locked, ...groups });
        } else if (hasAddress(topology, canonical(topology, c.host))) {
          if (!outside.includes(c.host)) outside.push(c.host);
          candidate.push({ to: TO_OUTSIDE, target: outside.indexOf(c.host) + 1, open: false, locked: false, ...groups });
        } else {
          candidate.push({ to: TO_NOWHERE, target: 0, open: false, locked: false, ...groups });
        }
      }
    });
  });

  const spamBlocked: boolean[] = [];
  for (let server = 0; server < H; server++) {
    const spam = hosts[server]?.spam ?? null;
    for (let client = 0; client < H; client++) {
      spamBlocked.push(spam !== null && spam.blocks.includes(names[client]!) && !spam.whitelist.includes(names[client]!));
    }
  }
  const [initial] = system.initialStates();
  return {
    names,
    messages: rcpts.length,
    maxCandidates,
    frames: topology.limits.callAheadDepth + 1,
    callAheadDepth: topology.limits.callAheadDepth,
    transient: transient.length,
    outside,
    host: names.map((name, h) => {
      const host = hosts[h] ?? null;
      // The implicit sender: role mta, software from `defaults` (FORMAT.md, "Senders and messages").
      const software = softwareOf(topology, host);
      return {
        role: ROLE_CODE[(host?.role ?? 'mta') as BuiltInRole],
        verify: VERIFY_CODE[host?.verify ?? 'none'],
        deferOk: host?.deferOk ?? false,
        hopLimit: host?.hopLimit ?? (software === 'exim' ? 30 : 50),
        quarantines: host?.spam?.action === 'quarantine',
        down: topology.network.faults[name] === 'down',
        transientBit: transient.includes(h) ? transient.indexOf(h) : NOT_TRANSIENT,
        software: SOFTWARE_CODE[software],
        lockReply: host?.allowFromReply ?? 421,
      };
    }),
    perRecipient,
    candidate,
    spamBlocked,
    origin: initial!.messages.map((m) => m.holder),
    viaHost: topology.messages.map((m) => m.via !== null),
  };
}

function softwareOf(topology: Topology, host: Host | null): Software {
  return host?.software ?? topology.defaults.software;
}

/**
 * MailHop's test, as FORMAT.md states it: the host is among the best-preference MX records (or is
 * the implicit MX). A record is the host's own when it names the host or a CNAME chain leading to
 * it (as `selfCheck` says: MTAs recognise themselves by address). The records are the ones the host
 * delivers by: a null MX mixed with others leaves none, unless the host's software ignores it (Exim).
 */
function isBestMx(topology: Topology, host: Host, domain: string): boolean {
  const own = (target: string) => target === host.name || canonical(topology, target) === host.name;
  const answer = lookupMx(topology, domain);
  if (answer.kind === 'implicit') return own(answer.host);
  let records: MxRecord[];
  if (answer.kind === 'records') records = answer.records;
  else if (answer.kind === 'null' && softwareOf(topology, host) === 'exim') records = answer.others;
  else return false;
  const best = bestPreference(records);
  return records.some((r) => r.preference === best && own(r.host));
}

/** A name after following CNAMEs, as a resolver does before connecting. */
function canonical(topology: Topology, name: string): string {
  let at = name;
  for (let i = 0; i < 8 && !topology.hosts.some((h) => h.name === at); i++) {
    const next = topology.dns[at]?.cname;
    if (next === undefined) break;
    at = next;
  }
  return at;
}
