/**
 * `mxproof route` as text: each host on an address's way, its RCPT answer and why (call-aheads
 * unfolded down their chain), its route and what routing decided, its candidates in order with
 * ports, and where the way ends. Renders the value src/import/route.ts computes; explores nothing.
 */
import type { CallAhead, Candidate, RcptAnswer, RouteReport, RouteStep, WayEnd } from '../import/route.js';
import type { Route } from '../../models/topology/types.js';
import { REASON_PHRASES, words } from './phrases.js';

export function answerText(a: RcptAnswer): string {
  if (a.code === 0) return 'no answer (the session times out)';
  return `${a.code} (${REASON_PHRASES[a.reason] ?? words(a.reason)})`;
}

export function routeText(route: Route): string {
  switch (route.kind) {
    case 'local':
    case 'mx':
      return route.kind;
    case 'to':
      return `to ${route.to.map((h) => `${h.host}:${h.port}`).join(', ')}`;
    case 'bestMxElse':
      return `bestMxElse ${route.dest.host}:${route.dest.port}`;
  }
}

function callAheadLines(c: CallAhead, indent: string): string[] {
  const out = [`${indent}${c.caller} calls ahead (route ${routeText(c.route)}: ${c.decision})`];
  if (c.repeats !== undefined) {
    out.push(`${indent}  it is already calling ahead for this address (${c.repeats.join(' → ')}): the chain repeats, never answers, and times out`);
    return out;
  }
  if (c.tooDeep === true) out.push(`${indent}  the chain is deeper than limits.callAheadDepth: it times out`);
  for (const t of c.tries) {
    const head = `${indent}  ${t.host}:${t.port}`;
    if (t.outcome === 'open' && t.answer !== undefined) {
      out.push(`${head} answers ${answerText(t.answer)}`);
      if (t.answer.callAhead !== undefined) out.push(...callAheadLines(t.answer.callAhead, `${indent}    `));
    } else if (t.outcome === 'external') out.push(`${head}: outside the model, taken to accept`);
    else out.push(`${head}: ${t.why}`);
  }
  if (c.tries.length > 0 || c.result !== 0) out.push(`${indent}  call-ahead result: ${c.result === 0 ? 'none (timeout)' : c.result}`);
  return out;
}

function candidateText(c: Candidate, rank: number): string {
  const head = `${rank}. ${c.host}:${c.port}`;
  if (c.outcome === 'open') return c.answer === undefined ? `${head} (not tried: an earlier candidate settled it)` : `${head} answers ${answerText(c.answer)}`;
  if (c.outcome === 'external') return `${head}: outside the model`;
  return `${head}: ${c.why ?? c.outcome}`;
}

function stepLines(s: RouteStep, index: number): string[] {
  const who = s.role === 'sender' ? `${s.host} (the implicit sending MTA, software ${s.software})` : `${s.host} (${s.role}, software ${s.software})`;
  const out = [`${index + 1}. ${who}${s.port === null ? '' : `, reached on port ${s.port}`}`];
  if (s.answer !== null) {
    out.push(`   RCPT    ${answerText(s.answer)}${s.tentative ? ' — followed on only to show where it would send the mail once it accepts' : ''}`);
    if (s.answer.callAhead !== undefined) out.push(...callAheadLines(s.answer.callAhead, '           '));
  }
  if (s.final) {
    out.push('   final   it holds the mailbox: delivered here');
    return out;
  }
  out.push(`   route   ${routeText(s.route)}: ${s.decision}`);
  const groups = [...new Set(s.candidates.map((c) => c.group))];
  s.candidates.forEach((c, i) => out.push(`   ${i === 0 ? 'next' : '    '}    ${candidateText(c, groups.indexOf(c.group) + 1)}`));
  return out;
}

export function endText(end: WayEnd): string {
  switch (end.kind) {
    case 'delivered':
      return `final at ${end.host}: delivered`;
    case 'external':
      return `leaves the model at ${end.host}, a server mxproof does not model: counted as delivered`;
    case 'bounced':
      return `bounced to the sender: ${end.code} — ${end.why}`;
    case 'deferred':
      return `deferred: ${end.why}`;
    case 'loop':
      return `${end.host} already handled this message: a forwarding loop, ended only by the hop limit`;
    case 'too-long':
      return 'the way is longer than 64 hosts: stopped';
  }
}

export function renderRouteText(r: RouteReport): string {
  const from = r.from === null ? 'the implicit sender (delivers by MX)' : r.from;
  const kind = r.external ? 'an external recipient (its mail leaves the model)' : r.valid ? 'a valid recipient' : 'not a valid recipient: no host holds its mailbox';
  const lines = [`${r.address} from ${from}: ${kind}`, ''];
  r.steps.forEach((s, i) => lines.push(...stepLines(s, i)));
  const held = r.steps.find((s) => s.tentative);
  if (held === undefined) lines.push('', `=> ${endText(r.end)}`);
  else {
    lines.push('', `=> not accepted now: ${held.host} answers ${answerText(held.answer!)}, so the client before it defers and retries.`);
    lines.push(`   Were it accepted: ${endText(r.end)}`);
  }
  return `${lines.join('\n')}\n`;
}
