/**
 * What the real MTAs (Exim, Postfix) did, read from their logs and mailboxes: per message, where it was accepted,
 * delivered, deferred, bounced (and why), discarded or lost; the call-ahead chains (Exim callouts,
 * nested by caller, target and time); and from those, the verdict each property gets from the
 * staging — the one to compare with mxproof's.
 */
import type { PropertyId, Verdict } from '../../models/topology/types.js';
import { readLogs, type Entry, type LogEvent } from './logs.js';
import { hostByAddress, hostByName, INJECTOR_ADDRESS, type StagePlan } from './plan.js';
import type { StageRun } from './run.js';

export interface Reception {
  host: string;
  /** Who handed it over: a host name, or `harness` for the submission. */
  from: string;
  at: number;
  /** The MTA's own id for it there (Exim message id, Postfix queue id). */
  eximId: string;
  receivedHeaders: number | null;
  /** What this host did with it in the end. */
  fate: 'delivered' | 'handed-off' | 'bounced' | 'queued' | 'discarded' | 'lost';
  line: string;
}

export interface Attempt {
  host: string;
  at: number;
  /** `host-failed`: one next hop failed (Exim logs it per host, then tries the next one, if any). */
  outcome: 'deferred' | 'failed' | 'sent' | 'delivered' | 'host-failed';
  text: string;
  line: string;
}

export interface MessageObservation {
  index: number;
  to: string;
  valid: boolean;
  origin: string;
  submitted: boolean;
  receptions: Reception[];
  /** The host whose mailbox received it, if any. */
  delivered: { host: string; line: string } | null;
  /** Client-side outcomes, host by host: every `=>`, `==` and `**` line for it. */
  attempts: Attempt[];
  bounces: { host: string; reason: string; hopLimit: boolean; line: string }[];
  discards: { host: string; line: string }[];
  /** Hosts that accepted it more than once (it was relayed back to them). */
  revisited: string[];
  queuedAt: string[];
}

/** One SMTP RCPT session seen by its server: a delivery (sender set) or a call-ahead (MAIL FROM:<>). */
export interface Session {
  server: string;
  client: string;
  pid: number;
  rcpt: string;
  callAhead: boolean;
  start: number;
  end: number;
  answer: string;
  lines: string[];
}

export interface CallAheadChain {
  rcpt: string;
  /** The delivery session that started it (its server is the first caller). */
  root: Session;
  /** The deepest nesting: call-aheads inside one another, outermost first. */
  path: Session[];
  /** A call-ahead (caller → target) that the chain had already made: the loop the model reports. */
  repeats: { caller: string; target: string } | null;
  /** How it ended, from the innermost server's answer. */
  end: string;
}

export interface Observation {
  messages: MessageObservation[];
  /** Call-aheads started (the caller's side: some never reached a server). */
  callAheadsStarted: { host: string; rcpt: string; line: string }[];
  sessions: Session[];
  chains: CallAheadChain[];
  connectionRefusals: { host: string; client: string; reason: string; line: string }[];
  verdicts: Partial<Record<PropertyId, ObservedVerdict>>;
}

export interface ObservedVerdict {
  verdict: Verdict | 'not-staged';
  why: string;
  evidence: string[];
}

/** A hop-count bounce: Exim's own words, or a Postfix server's refusal at end of DATA (hopcount_limit). */
const HOP_LIMIT = /Too many "?Received"? headers|too many hops/i;

export function observe(run: StageRun): Observation {
  const plan = run.plan;
  const entries = readLogs(run.hosts);
  const nameOf = (ip: string | null) => (ip === null ? '?' : ip === INJECTOR_ADDRESS ? 'harness' : (hostByAddress(plan, ip)?.name ?? ip));
  const sessions = readSessions(entries, nameOf);
  const chains = readChains(sessions, (server) => (hostByName(plan, server)?.mta === 'postfix' ? POSTFIX_LOG_LAG_MS : 0));
  const connectionRefusals = entries
    .filter((e) => e.event.kind === 'connection-refused' || e.event.kind === 'connect-acl')
    .map((e) => {
      const ev = e.event as Extract<LogEvent, { kind: 'connection-refused' | 'connect-acl' }>;
      return { host: e.line.host, client: nameOf(ev.client), reason: ev.reason, line: e.line.raw };
    });
  const messages = plan.messages.map((m) => observeMessage(plan, run, entries, m.index, nameOf));
  const callAheadsStarted = entries
    .filter((e) => e.event.kind === 'call-ahead-start')
    .map((e) => ({ host: e.line.host, rcpt: (e.event as { rcpt: string }).rcpt, line: e.line.raw }));
  const observation: Observation = { messages, callAheadsStarted, sessions, chains, connectionRefusals, verdicts: {} };
  observation.verdicts = verdictsOf(plan, observation);
  return observation;
}

function readSessions(entries: readonly Entry[], nameOf: (ip: string | null) => string): Session[] {
  const open = new Map<string, Session>();
  const out: Session[] = [];
  for (const { line, event } of entries) {
    const key = `${line.host}|${line.pid}`;
    if (event.kind === 'rcpt') {
      if (event.port === 10587 && event.client === INJECTOR_ADDRESS) continue;
      const s: Session = {
        server: line.host,
        client: nameOf(event.client),
        pid: line.pid,
        rcpt: event.rcpt,
        callAhead: event.sender === '',
        start: line.at,
        end: line.at,
        answer: '',
        lines: [line.raw],
      };
      open.set(key, s);
      out.push(s);
      continue;
    }
    const s = open.get(key);
    if (s === undefined) continue;
    if (event.kind === 'rcpt-answer') {
      s.answer = `${event.code} ${event.reason}`;
      s.end = line.at;
      s.lines.push(line.raw);
    } else if (event.kind === 'rcpt-rejected') {
      s.answer = `${event.temporary ? '4xx' : '5xx'} ${event.reason}`;
      s.end = line.at;
      s.lines.push(line.raw);
    } else if (event.kind === 'session-end') {
      s.end = Math.max(s.end, line.at);
      open.delete(key);
    } else {
      s.end = Math.max(s.end, line.at);
    }
  }
  return out;
}

/**
 * A Postfix line's stamp is when it reached the harness through postlogd (postfix/daemon.ts), a
 * little after the event, and a call-ahead answered by a Postfix server ends moments before its
 * caller's session does: its lines may arrive after the caller's last line. Nesting allows them this
 * much lateness.
 */
const POSTFIX_LOG_LAG_MS = 1000;

/**
 * Nests call-aheads: C is inside P when C's client is P's server, for the same address, while P is
 * open (allowing `lag(C's server)` for log lines that arrive late), the latest such P.
 */
function readChains(sessions: readonly Session[], lag: (server: string) => number): CallAheadChain[] {
  const parent = new Map<Session, Session>();
  for (const c of sessions.filter((s) => s.callAhead)) {
    const late = lag(c.server);
    const candidates = sessions.filter((p) => p !== c && p.server === c.client && p.rcpt === c.rcpt && p.start <= c.start && c.start <= p.end + late);
    const inner = candidates.sort((a, b) => b.start - a.start)[0];
    if (inner !== undefined) parent.set(c, inner);
  }
  const children = new Map<Session, Session[]>();
  for (const [c, p] of parent) children.set(p, [...(children.get(p) ?? []), c]);
  const deepest = (s: Session): Session[] => {
    const kids = children.get(s) ?? [];
    let best: Session[] = [];
    for (const k of kids) {
      const path = deepest(k);
      if (path.length > best.length) best = path;
    }
    return [s, ...best];
  };
  const roots = sessions.filter((s) => !parent.has(s) && (children.get(s)?.length ?? 0) > 0);
  return roots.map((root) => {
    const path = deepest(root).slice(1);
    const seen = new Set<string>();
    let repeats: CallAheadChain['repeats'] = null;
    for (const s of path) {
      const k = `${s.client}>${s.server}`;
      if (seen.has(k) && repeats === null) repeats = { caller: s.client, target: s.server };
      seen.add(k);
    }
    const last = path.at(-1)!;
    return { rcpt: root.rcpt, root, path, repeats, end: last.answer };
  });
}

/**
 * Puts a message's receptions in the order the message travelled: each host received it from the
 * one before. Log time alone does not give that order: Postfix's postlogd stamps a line when it
 * writes it, and on a loaded machine one host's line can be stamped after the next host's (the
 * relay-alone scenario once read sender after mx1). Among the receptions from the current holder
 * the earliest comes next; when none is from it, the earliest left.
 */
function causalOrder(receptions: Reception[]): void {
  const left = [...receptions].sort((a, b) => a.at - b.at);
  receptions.length = 0;
  let holder = 'harness';
  while (left.length > 0) {
    const i = Math.max(0, left.findIndex((r) => r.from === holder));
    const [next] = left.splice(i, 1);
    receptions.push(next!);
    holder = next!.host;
  }
}

function observeMessage(
  plan: StagePlan,
  run: StageRun,
  entries: readonly Entry[],
  index: number,
  nameOf: (ip: string | null) => string,
): MessageObservation {
  const m = plan.messages[index]!;
  // Exim ids of this message, host by host (every host gives it its own id).
  const ids = new Map<string, string>();
  const receptions: Reception[] = [];
  const pendingHeaders = new Map<string, number>();
  for (const { line, event } of entries) {
    if (event.kind === 'data' && line.id !== null) pendingHeaders.set(`${line.host}|${line.id}`, event.receivedHeaders);
    if (event.kind === 'received' && event.messageId === m.messageId && line.id !== null) {
      ids.set(`${line.host}|${line.id}`, line.host);
      receptions.push({
        host: line.host,
        from: nameOf(event.client),
        at: line.at,
        eximId: line.id,
        receivedHeaders: pendingHeaders.get(`${line.host}|${line.id}`) ?? null,
        fate: 'lost',
        line: line.raw,
      });
    }
  }
  causalOrder(receptions);
  const mine = (e: Entry) => e.line.id !== null && ids.has(`${e.line.host}|${e.line.id}`);
  const attempts: Attempt[] = [];
  const bounces: MessageObservation['bounces'] = [];
  const discards: MessageObservation['discards'] = [];
  let delivered: MessageObservation['delivered'] = null;
  for (const e of entries.filter(mine)) {
    const ev = e.event;
    const base = { host: e.line.host, at: e.line.at, line: e.line.raw };
    if (ev.kind === 'delivered') {
      const local = ev.mailbox;
      if (local && delivered === null) delivered = { host: e.line.host, line: e.line.raw };
      attempts.push({ ...base, outcome: local ? 'delivered' : 'sent', text: local ? `delivered to the mailbox of <${ev.rcpt}>` : `handed to ${ev.remote ?? ev.router}` });
    } else if (ev.kind === 'host-error') {
      attempts.push({ ...base, outcome: 'host-failed', text: `${ev.host}: ${ev.reason}` });
    } else if (ev.kind === 'deferred') {
      attempts.push({ ...base, outcome: 'deferred', text: ev.reason });
    } else if (ev.kind === 'failed') {
      attempts.push({ ...base, outcome: 'failed', text: ev.reason });
      bounces.push({ host: e.line.host, reason: ev.reason, hopLimit: HOP_LIMIT.test(ev.reason), line: e.line.raw });
    } else if (ev.kind === 'discarded') {
      discards.push({ host: e.line.host, line: e.line.raw });
    }
  }
  const queuedAt = run.hosts.filter((h) => h.queued.includes(m.messageId)).map((h) => h.name);
  for (const r of receptions) {
    const own = entries.filter((e) => e.line.host === r.host && e.line.id === r.eximId);
    if (own.some((e) => e.event.kind === 'delivered' && e.event.mailbox)) r.fate = 'delivered';
    else if (own.some((e) => e.event.kind === 'discarded')) r.fate = 'discarded';
    else if (own.some((e) => e.event.kind === 'delivered')) r.fate = 'handed-off';
    else if (own.some((e) => e.event.kind === 'failed')) r.fate = 'bounced';
    else if (queuedAt.includes(r.host)) r.fate = 'queued';
  }
  const counts = new Map<string, number>();
  for (const r of receptions) counts.set(r.host, (counts.get(r.host) ?? 0) + 1);
  const submitted = run.submissions.find((s) => s.message === index)?.ok ?? false;
  return {
    index,
    to: m.to,
    valid: m.valid,
    origin: m.origin,
    submitted,
    receptions,
    delivered,
    attempts,
    bounces,
    discards,
    revisited: [...counts].filter(([, n]) => n > 1).map(([h]) => h),
    queuedAt,
  };
}

function verdictsOf(plan: StagePlan, o: Observation): Partial<Record<PropertyId, ObservedVerdict>> {
  const v: Partial<Record<PropertyId, ObservedVerdict>> = {};
  const valid = o.messages.filter((m) => m.valid);
  if (valid.length === 0) v['eventual-delivery'] = { verdict: 'not-applicable', why: 'no message to a valid recipient', evidence: [] };
  else {
    const missing = valid.filter((m) => m.delivered === null);
    v['eventual-delivery'] =
      missing.length === 0
        ? { verdict: 'holds', why: 'every message to a valid recipient reached its mailbox', evidence: valid.map((m) => m.delivered!.line) }
        : {
            verdict: 'violated',
            why: missing.map((m) => `message ${m.index} <${m.to}> ${undeliveredWhy(m)}`).join('; '),
            evidence: missing.flatMap((m) => [...m.attempts.slice(-3).map((a) => a.line), ...m.bounces.map((b) => b.line)]),
          };
  }

  const limit = plan.topology.limits.callAheadDepth;
  const looping = o.chains.filter((c) => c.repeats !== null);
  const deep = o.chains.filter((c) => c.path.length > limit);
  const maxDepth = Math.max(0, ...o.chains.map((c) => c.path.length));
  if (looping.length > 0 || deep.length > 0) {
    const c = looping[0] ?? deep[0]!;
    v['call-ahead-bounded'] = {
      verdict: 'violated',
      why: c.repeats
        ? `${looping.length} call-ahead chain(s) repeat: ${c.repeats.caller} called ahead to ${c.repeats.target} again inside its own call-ahead (chain ${chainText(c)}, ${c.path.length} deep); it ended with: ${c.end}`
        : `a call-ahead chain ${c.path.length} deep, beyond limits.callAheadDepth (${limit}): ${chainText(c)}`,
      evidence: [...c.path.slice(0, 4).map((s) => s.lines[0]!), ...c.path.slice(-1).flatMap((s) => s.lines.slice(1)), ...o.connectionRefusals.slice(0, 1).map((r) => r.line)],
    };
  } else {
    v['call-ahead-bounded'] = {
      verdict: 'holds',
      why:
        o.callAheadsStarted.length === 0
          ? 'no host called ahead'
          : `${o.callAheadsStarted.length} call-ahead(s) made${o.chains.length > 0 ? `, in ${o.chains.length} chain(s), none repeating, at most ${maxDepth} deep (limit ${limit})` : ', none reached a server that called ahead in turn'}`,
      evidence: o.chains.length > 0 ? o.chains.slice(0, 2).flatMap((c) => c.path.map((s) => s.lines[0]!)) : o.callAheadsStarted.slice(0, 2).map((c) => c.line),
    };
  }

  const hopBounces = o.messages.flatMap((m) => m.bounces.filter((b) => b.hopLimit));
  const revisits = o.messages.filter((m) => m.revisited.length > 0);
  if (hopBounces.length > 0 || revisits.length > 0) {
    const m = revisits[0];
    v['no-forwarding-loop'] = {
      verdict: 'violated',
      why: [
        ...(m ? [`message ${m.index} was accepted again by ${m.revisited.join(', ')} (${m.receptions.length} acceptances in all: ${hopPath(m)})`] : []),
        ...(hopBounces.length > 0 ? [`bounced for its hop count by ${hopBounces[0]!.host}`] : []),
      ].join('; '),
      evidence: [...(m ? m.receptions.slice(0, 3).map((r) => r.line) : []), ...hopBounces.slice(0, 1).map((b) => b.line)],
    };
  } else v['no-forwarding-loop'] = { verdict: 'holds', why: 'no host accepted a message twice and none bounced one for its hop count', evidence: [] };

  const lost = o.messages.flatMap((m) => m.receptions.filter((r) => r.fate === 'discarded' || r.fate === 'lost').map((r) => ({ m, r })));
  v['no-silent-loss'] =
    lost.length > 0
      ? {
          verdict: 'violated',
          why: lost.map(({ m, r }) => `message ${m.index} was accepted by ${r.host} from ${r.from} and then ${r.fate === 'discarded' ? 'discarded' : 'neither delivered, passed on, bounced nor kept'}`).join('; '),
          evidence: lost.flatMap(({ m, r }) => [r.line, ...m.discards.filter((d) => d.host === r.host).map((d) => d.line)]),
        }
      : { verdict: 'holds', why: 'every accepted message was delivered, passed on, bounced or is still queued', evidence: [] };

  const invalid = o.messages.filter((m) => !m.valid);
  if (invalid.length === 0) v['no-backscatter'] = { verdict: 'not-applicable', why: 'no message to an invalid recipient', evidence: [] };
  else {
    const accepted = invalid.flatMap((m) => m.receptions.filter((r) => r.from !== 'harness').map((r) => ({ m, r })));
    v['no-backscatter'] =
      accepted.length > 0
        ? {
            verdict: 'violated',
            why: accepted
              .map(({ m, r }) => `message ${m.index} to the invalid <${m.to}> was accepted by ${r.host}${m.bounces.length > 0 ? `, then bounced by ${m.bounces[0]!.host}` : ''}`)
              .join('; '),
            evidence: accepted.flatMap(({ m, r }) => [r.line, ...m.bounces.slice(0, 1).map((b) => b.line)]),
          }
        : {
            verdict: 'holds',
            why: 'every message to an invalid recipient was refused during the SMTP dialogue',
            evidence: invalid.flatMap((m) => m.attempts.filter((a) => a.outcome === 'failed').slice(0, 1).map((a) => a.line)),
          };
  }
  for (const ov of Object.values(v)) ov.evidence = [...new Set(ov.evidence)];
  v['no-open-relay'] = { verdict: 'not-staged', why: 'a static property of the file: nothing to observe', evidence: [] };
  v['dns-well-formed'] = { verdict: 'not-staged', why: 'a static property of the file: nothing to observe', evidence: [] };
  return v;
}

function undeliveredWhy(m: MessageObservation): string {
  if (!m.submitted) return 'could not even be submitted';
  const hop = m.bounces.find((b) => b.hopLimit);
  if (hop) return `was bounced by ${hop.host} for its hop count`;
  if (m.bounces.length > 0) return `was bounced by ${m.bounces[0]!.host}: ${m.bounces[0]!.reason}`;
  if (m.discards.length > 0) return `was discarded by ${m.discards[0]!.host}`;
  const defers = m.attempts.filter((a) => a.outcome === 'deferred');
  if (m.queuedAt.length > 0) {
    const last = defers.at(-1);
    const at = m.queuedAt.join(', ');
    return `is still queued at ${at} after ${defers.filter((a) => m.queuedAt.includes(a.host)).length} deferred attempt(s)${last ? `; last: ${last.text.replace(/^.*?: /, '')}` : ''}`;
  }
  return 'disappeared';
}

export function chainText(c: CallAheadChain): string {
  return [c.root.client, c.root.server, ...c.path.map((s) => s.server)].join(' → ');
}

function hopPath(m: MessageObservation): string {
  const hosts = m.receptions.map((r) => r.host);
  return hosts.length <= 6 ? hosts.join(' → ') : `${hosts.slice(0, 4).join(' → ')} → … → ${hosts.at(-1)}`;
}
