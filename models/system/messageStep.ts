/**
 * One step of one message: the innermost SMTP session in flight moves, or, with none in flight,
 * the host holding the message routes, connects or retries. Each step is one SMTP exchange a
 * person can read in a trace; the host machines decide, this file only carries their answers
 * between client and server.
 */
import { allCandidatesTried, nextHopOf, type HostEvent } from '../machines/env.js';
import { AWAITS_DATA_REPLY, AWAITS_RCPT_REPLY, AWAITS_ROUTE, BOUNCES, CALLS_AHEAD, CONNECTS, DELIVERS, DISCARDS, HANDS_OFF, REFUSE_FOR_HOP_COUNT, RETRIES } from '../machines/tags.js';
import { count } from '../routing/triedSet.js';
import { SOFTWARE } from '../topology/software.js';
import type { Candidate } from '../routing/nextHop.js';
import { LocalSteps } from './localSteps.js';
import type { Network } from './network.js';
import { reasonText, replyLine } from './reasons.js';
import { keep, recall } from './memory.js';
import { roleMisbehaved } from '../roles/misbehaved.js';
import type { Effect, Frame, HostSnap, MessageState, Remembered, StepInfo } from './types.js';

type Memory = MessageState['memory'];

export interface StepContext {
  local: LocalSteps;
  network: Network;
  names: readonly string[];
  rcpt: string;
  message: number;
  recipientValid: boolean;
  callAheadDepth: number;
  down: readonly boolean[];
}

export interface StepResult {
  message: MessageState;
  effects: Effect[];
  step: StepInfo;
}

export function stepMessage(cx: StepContext, msg: MessageState, choice: number): StepResult {
  const top = msg.frames.at(-1);
  if (top !== undefined) {
    if (tagged(cx, top.host, top.snap, CALLS_AHEAD)) return callAheadConnect(cx, msg, choice);
    if (msg.frames.length > 1) return answerCallAhead(cx, msg);
    if (tagged(cx, msg.holder, msg.snap, AWAITS_RCPT_REPLY)) return answerRcpt(cx, msg);
    if (tagged(cx, msg.holder, msg.snap, AWAITS_DATA_REPLY)) return sendData(cx, msg);
  } else {
    const tags = cx.local.tagsOf(msg.holder, cx.rcpt, msg.snap.value);
    if (tags.has(AWAITS_ROUTE)) return route(cx, msg);
    if (tags.has(CONNECTS)) return deliveryConnect(cx, msg, choice);
    if (tags.has(RETRIES)) return retry(cx, msg);
  }
  // A session is open but its client's state says neither which reply it awaits: the role's machine took a
  // step the composed system cannot follow (built-in machines never do).
  const holder = cx.local.env(msg.holder);
  throw roleMisbehaved(holder, `role ${holder.host.role}: its machine is in state ${msg.snap.value} at ${holder.host.name} with an SMTP session open, but tags it neither \`${AWAITS_RCPT_REPLY}\` nor \`${AWAITS_DATA_REPLY}\`: the composed system cannot tell which reply it awaits`);
}

/** Whether `host`'s machine tags the state of `snap` with `tag`: what the system does next there (machines/tags.ts). */
function tagged(cx: StepContext, host: number, snap: HostSnap, tag: string): boolean {
  return cx.local.hasTag(host, cx.rcpt, snap.value, tag);
}

const step = (cx: StepContext, actor: number, peer: number | string | null, depth: number, text: string, details: string[] = []): StepInfo => ({
  kind: peer === null ? 'local' : 'command',
  message: cx.message,
  actor: cx.names[actor]!,
  peer: typeof peer === 'number' ? cx.names[peer]! : peer,
  depth,
  text,
  details,
});

const reply = (info: StepInfo): StepInfo => ({ ...info, kind: 'reply' });

function candidate(cx: StepContext, host: number, choice: number): Candidate {
  const hop = nextHopOf(cx.local.env(host), cx.rcpt);
  if (hop.kind !== 'candidates') throw new Error(`host ${cx.names[host]} has no candidates`);
  return hop.candidates[choice]!;
}

/**
 * A server receives RCPT, with what it remembers of the message (memory.ts); if it verifies by
 * call-ahead it waits with a fresh call-ahead session.
 */
function openSession(cx: StepContext, memory: Memory, server: number, client: number, callAhead: boolean): { frame: Frame; memory: Memory } {
  const recalled = recall(memory, server, cx.local.env(server));
  const event: HostEvent = { type: 'RCPT', client: cx.names[client]!, callAhead, ...(recalled === undefined ? {} : { memory: recalled }) };
  const start = cx.local.sessionStart(server, cx.rcpt);
  const snap = cx.local.host(server, cx.rcpt, start, event);
  return {
    frame: { host: server, snap, callAhead: tagged(cx, server, snap, CALLS_AHEAD) ? LocalSteps.CALLING : null },
    memory: served(cx, memory, server, start, event),
  };
}

/** The message's memory after a step of `host` serving a session: what its `remember` kept, if anything. */
function served(cx: StepContext, memory: Memory, host: number, snap: HostSnap, event: HostEvent): Memory {
  const value = cx.local.remembered(host, cx.rcpt, snap, event);
  return value === undefined ? memory : keep(memory, host, value, cx.local.env(host));
}

/** What the step did to the message's memory, in words for the trace (none when nothing changed). */
function memoryNote(cx: StepContext, before: Memory, after: Memory): string[] {
  if (before === after) return [];
  const changed = (after ?? []).filter((r) => !(before ?? []).some((b: Remembered) => b.host === r.host && b.value === r.value));
  return changed.map((r) => `${cx.names[r.host]} remembers ${r.value} for <${cx.rcpt}> beyond this session`);
}

function verifyingNote(cx: StepContext, frame: Frame): string[] {
  if (!tagged(cx, frame.host, frame.snap, CALLS_AHEAD)) return [`${cx.names[frame.host]} answers at once: ${replyLine(frame.snap.reply, frame.snap.reason)}`];
  const hop = nextHopOf(cx.local.env(frame.host), cx.rcpt);
  const why = hop.kind === 'candidates' ? hop.why : '';
  return [`${cx.names[frame.host]} verifies <${cx.rcpt}> by call-ahead to its next hop: ${why}`];
}

function deliveryConnect(cx: StepContext, msg: MessageState, choice: number): StepResult {
  const holder = msg.holder;
  const target = candidate(cx, holder, choice);
  const conn = cx.network.connect(cx.names[holder]!, target.host, target.port, cx.down);
  if (conn.kind === 'failed' || conn.kind === 'refused') {
    const refused = conn.kind === 'refused';
    const event = refused ? { type: 'REFUSED' as const, index: choice, code: conn.code } : { type: 'CONNECT_FAILED' as const, index: choice };
    const snap = cx.local.host(holder, cx.rcpt, msg.snap, event);
    const text = refused
      ? `connect to ${target.host}:${target.port} refused: ${conn.code} ${conn.why}`
      : `connect to ${target.host}:${target.port} failed: ${conn.why}`;
    const then =
      tagged(cx, holder, snap, RETRIES)
        ? [`no candidate left in this attempt${attemptLimit(cx, holder, snap)}: the message stays queued for a later retry`]
        : bounces(cx, holder, snap)
          ? [`${cx.names[holder]} gives up: the last host it tries refused it with ${snap.reply}; it bounces the message to the sender`]
          : [];
    const effects = bounces(cx, holder, snap) ? bounce(cx, msg, snap.reply, reasonText(snap.reason)) : [];
    return { message: { ...msg, snap }, effects, step: step(cx, holder, target.host, 0, text, then) };
  }
  const connected = cx.local.host(holder, cx.rcpt, msg.snap, { type: 'CONNECTED', index: choice });
  if (conn.kind === 'external') {
    // The server outside the model takes the message: for mxproof, that is its delivery (FORMAT.md 1.1).
    // It answers RCPT and DATA with 250, and the holder's machine hands the message off as to any server.
    const rcptTaken = cx.local.host(holder, cx.rcpt, connected, { type: 'REPLY', code: 250 });
    const snap = cx.local.host(holder, cx.rcpt, rcptTaken, { type: 'REPLY', code: 250 });
    return {
      message: { ...msg, snap, leftTo: target.host },
      effects: [{ kind: 'delivered', message: cx.message, host: target.host }],
      step: step(cx, holder, target.host, 0, `hands the message to ${target.host}, a server outside the model`),
    };
  }
  const { frame, memory } = openSession(cx, msg.memory, conn.host, holder, false);
  return {
    message: withMemory({ ...msg, snap: connected, frames: [frame] }, memory),
    effects: [],
    step: step(cx, holder, conn.host, 0, `RCPT TO:<${cx.rcpt}>`, [...verifyingNote(cx, frame), ...memoryNote(cx, msg.memory, memory)]),
  };
}

function routeWhy(cx: StepContext, host: number): string {
  const hop = nextHopOf(cx.local.env(host), cx.rcpt);
  return `${cx.names[host]} routes <${cx.rcpt}>: ${hop.kind === 'candidates' ? hop.why : hop.kind}`;
}

function callAheadConnect(cx: StepContext, msg: MessageState, choice: number): StepResult {
  const frames = msg.frames.slice();
  const caller = frames.at(-1)!;
  const depth = frames.length;
  const target = candidate(cx, caller.host, choice);
  const conn = cx.network.connect(cx.names[caller.host]!, target.host, target.port, cx.down);
  const effects: Effect[] = [];
  let callAhead = caller.callAhead!;
  let memory = msg.memory;
  let text: string;
  let details: string[] = [];
  if (conn.kind === 'refused') {
    callAhead = cx.local.callAhead(caller.host, cx.rcpt, callAhead, { type: 'REFUSED', index: choice, code: conn.code });
    text = `call-ahead connection to ${target.host}:${target.port} refused: ${conn.code} ${conn.why}`;
  } else if (conn.kind !== 'open') {
    const why = conn.kind === 'failed' ? conn.why : `${target.host} is outside the model and cannot be asked`;
    callAhead = cx.local.callAhead(caller.host, cx.rcpt, callAhead, { type: 'CONNECT_FAILED', index: choice });
    text = `call-ahead connection to ${target.host}:${target.port} failed: ${why}`;
  } else {
    const pairs = frames.slice(1).map((f, i) => `${frames[i]!.host}>${f.host}`);
    const repeats = pairs.includes(`${caller.host}>${conn.host}`);
    const tooDeep = depth > cx.callAheadDepth;
    callAhead = cx.local.callAhead(caller.host, cx.rcpt, callAhead, { type: 'CONNECTED', index: choice });
    text = `RCPT TO:<${cx.rcpt}> (call-ahead)`;
    if (repeats) {
      const callerName = cx.names[caller.host]!;
      effects.push({ kind: 'call-ahead-repeat', message: cx.message, caller: callerName, target: target.host });
      details = [
        `${callerName} already called ahead to ${target.host} for <${cx.rcpt}> in this chain: from here it repeats forever`,
        'no answer ever comes back; the call-ahead times out',
      ];
      callAhead = cx.local.callAhead(caller.host, cx.rcpt, callAhead, { type: 'TIMED_OUT' });
    } else if (tooDeep) {
      // Not a loop, just deeper than the user let us look: the run is cut here, not resolved.
      const callerName = cx.names[caller.host]!;
      effects.push({ kind: 'call-ahead-too-deep', message: cx.message, caller: callerName, target: target.host, depth });
      details = [`the call-ahead chain is ${depth} deep, beyond limits.callAheadDepth (${cx.callAheadDepth}): mxproof explores no further along this run`];
      return { message: { ...msg, truncated: true }, effects, step: step(cx, caller.host, target.host, depth, text, details) };
    } else {
      const opened = openSession(cx, memory, conn.host, caller.host, true);
      frames.push(opened.frame);
      memory = opened.memory;
      details = verifyingNote(cx, opened.frame);
    }
  }
  const idx = frames.indexOf(caller);
  const settled = settleCallAhead(cx, memory, { ...caller, callAhead });
  frames[idx] = settled.frame;
  details = [...details, ...memoryNote(cx, msg.memory, settled.memory)];
  return { message: withMemory({ ...msg, frames }, settled.memory), effects, step: step(cx, caller.host, target.host, depth, text, details) };
}

/** `msg` with `memory`, the field left out when nothing is remembered (messageKey.ts). */
function withMemory(msg: MessageState, memory: Memory): MessageState {
  if (memory === msg.memory) return msg;
  const { memory: _old, ...rest } = msg;
  return memory === undefined ? rest : { ...rest, memory };
}

/**
 * When a call-ahead session has finished, the verifier maps its result into its own answer (and
 * may remember it: a call-ahead cache).
 */
function settleCallAhead(cx: StepContext, memory: Memory, frame: Frame): { frame: Frame; memory: Memory } {
  const ca = frame.callAhead!;
  if (!cx.local.callAheadEnded(frame.host, cx.rcpt, ca)) return { frame, memory };
  const event: HostEvent = { type: 'CALL_AHEAD_RESULT', code: ca.result };
  const snap = cx.local.host(frame.host, cx.rcpt, frame.snap, event);
  return { frame: { host: frame.host, snap, callAhead: null }, memory: served(cx, memory, frame.host, frame.snap, event) };
}

function answerCallAhead(cx: StepContext, msg: MessageState): StepResult {
  const frames = msg.frames.slice();
  const callee = frames.pop()!;
  const caller = frames.pop()!;
  const callAhead = cx.local.callAhead(caller.host, cx.rcpt, caller.callAhead!, { type: 'ANSWER', code: callee.snap.reply });
  const { frame: settled, memory } = settleCallAhead(cx, msg.memory, { ...caller, callAhead });
  frames.push(settled);
  return {
    message: withMemory({ ...msg, frames }, memory),
    effects: [],
    step: reply(step(cx, callee.host, caller.host, frames.length, replyLine(callee.snap.reply, callee.snap.reason), [
      settled.callAhead !== null
        ? `${cx.names[caller.host]} moves its call-ahead on to its next candidate`
        : `${cx.names[caller.host]} now answers its own client: ${replyLine(settled.snap.reply, settled.snap.reason)}`,
      ...memoryNote(cx, msg.memory, memory),
    ])),
  };
}

function answerRcpt(cx: StepContext, msg: MessageState): StepResult {
  const server = msg.frames[0]!;
  const snap = cx.local.host(msg.holder, cx.rcpt, msg.snap, { type: 'REPLY', code: server.snap.reply });
  const ended = !tagged(cx, msg.holder, snap, AWAITS_DATA_REPLY);
  const effects = bounces(cx, msg.holder, snap) ? bounce(cx, msg, server.snap.reply, reasonText(server.snap.reason)) : [];
  const details = ended ? [consequence(cx, msg.holder, snap)] : [];
  return {
    message: { ...msg, snap, frames: ended ? [] : msg.frames },
    effects,
    step: reply(step(cx, server.host, msg.holder, 0, replyLine(server.snap.reply, server.snap.reason), details)),
  };
}

function sendData(cx: StepContext, msg: MessageState): StepResult {
  const server = msg.frames[0]!;
  const holderName = cx.names[msg.holder]!;
  const data: HostEvent = { type: 'DATA', client: holderName, hops: msg.hops };
  const serverSnap = cx.local.host(server.host, cx.rcpt, server.snap, data);
  const memory = served(cx, msg.memory, server.host, server.snap, data);
  const snap = cx.local.host(msg.holder, cx.rcpt, msg.snap, { type: 'REPLY', code: serverSnap.reply });
  const text = `DATA → ${replyLine(serverSnap.reply, serverSnap.reason)}`;
  const serverName = cx.names[server.host]!;
  if (!tagged(cx, msg.holder, snap, HANDS_OFF)) {
    const effects = bounces(cx, msg.holder, snap) ? bounce(cx, msg, serverSnap.reply, reasonText(serverSnap.reason)) : [];
    // The server's machine says the refusal is for the hop count (a named action of its DATA step).
    if (cx.local.signals(server.host, cx.rcpt, server.snap, data).includes(REFUSE_FOR_HOP_COUNT)) {
      effects.push({ kind: 'hop-limit-bounce', message: cx.message, host: serverName });
    }
    return { message: withMemory({ ...msg, snap, frames: [] }, memory), effects, step: step(cx, msg.holder, server.host, 0, text, [consequence(cx, msg.holder, snap)]) };
  }
  const effects: Effect[] = [{ kind: 'accepted', message: cx.message, host: serverName }];
  const details: string[] = [`${serverName} now holds the message (hop ${msg.hops + 1})`];
  if (msg.visited.includes(server.host)) {
    effects.push({ kind: 'relayed-to-visited', message: cx.message, host: serverName });
    details.push(`${serverName} already passed this message on before: a forwarding loop`);
  }
  if (!cx.recipientValid) effects.push({ kind: 'accepted-invalid', message: cx.message, host: serverName });
  if (tagged(cx, server.host, serverSnap, DISCARDS)) {
    effects.push({ kind: 'discarded', message: cx.message, host: serverName });
    details.push(`${serverName} quarantines mail from ${holderName} and discards it: nobody is told`);
  }
  const visited = msg.visited.includes(server.host) ? msg.visited : [...msg.visited, server.host].sort((a, b) => a - b);
  return {
    message: withMemory({ holder: server.host, snap: serverSnap, leftTo: null, frames: [], hops: msg.hops + 1, visited, truncated: false }, memory),
    effects,
    step: step(cx, msg.holder, server.host, 0, text, details),
  };
}

function route(cx: StepContext, msg: MessageState): StepResult {
  const snap = cx.local.host(msg.holder, cx.rcpt, msg.snap, { type: 'ROUTE' });
  const name = cx.names[msg.holder]!;
  let effects: Effect[] = [];
  let text: string;
  if (tagged(cx, msg.holder, snap, DELIVERS)) {
    effects = [{ kind: 'delivered', message: cx.message, host: name }];
    text = `delivers <${cx.rcpt}> to its mailbox`;
  } else if (bounces(cx, msg.holder, snap)) {
    const hop = nextHopOf(cx.local.env(msg.holder), cx.rcpt);
    const code = hop.kind === 'fail' ? hop.code : 550;
    const why = hop.kind === 'fail' ? `${hop.status} ${hop.why}` : reasonText(snap.reason);
    effects = bounce(cx, msg, code, why);
    text = `cannot deliver <${cx.rcpt}>: ${code} ${why}; bounces it to the sender`;
  } else {
    text = routeWhy(cx, msg.holder).slice(name.length + 1);
  }
  return { message: { ...msg, snap }, effects, step: step(cx, msg.holder, null, 0, text) };
}

function retry(cx: StepContext, msg: MessageState): StepResult {
  const snap = cx.local.host(msg.holder, cx.rcpt, msg.snap, { type: 'RETRY' });
  return { message: { ...msg, snap }, effects: [], step: step(cx, msg.holder, null, 0, 'retries the queued message') };
}

/** The host's machine gave the message up (its state is tagged `bounces`): the sender gets a bounce. */
function bounces(cx: StepContext, host: number, snap: HostSnap): boolean {
  return tagged(cx, host, snap, BOUNCES);
}

function bounce(cx: StepContext, msg: MessageState, code: number, reason: string): Effect[] {
  return [{ kind: 'bounced', message: cx.message, by: cx.names[msg.holder]!, code, reason }];
}

function consequence(cx: StepContext, holder: number, snap: HostSnap): string {
  const name = cx.names[holder]!;
  if (tagged(cx, holder, snap, CONNECTS)) return `${name} moves on to its next candidate in this attempt`;
  if (tagged(cx, holder, snap, RETRIES)) {
    return `${name} keeps the message queued and retries later${attemptLimit(cx, holder, snap)}`;
  }
  if (bounces(cx, holder, snap)) return `${name} bounces the message to its sender`;
  return `${name} goes on`;
}

/** Why an attempt ended before every candidate was tried: the software's limit, in its own words. */
function attemptLimit(cx: StepContext, holder: number, snap: HostSnap): string {
  const env = cx.local.env(holder);
  if (allCandidatesTried(env, cx.rcpt, snap.tried)) return '';
  const sw = SOFTWARE[env.host.software];
  const as = `as ${env.host.software} does, it`;
  if (snap.sessions >= sw.sessionsPerAttempt) {
    return ` (${as} talks to at most ${sw.sessionsPerAttempt} servers in one attempt: ${sw.settings.sessions}); every retry starts again at the best candidate`;
  }
  if (count(snap.tried) >= sw.candidatesPerAttempt) return ` (${as} tries at most ${sw.candidatesPerAttempt} candidates in one attempt: ${sw.settings.candidates})`;
  return ` (${as} tries only one host of each worse preference after ${sw.onePerPreferenceAfter}: ${sw.settings.candidates})`;
}
