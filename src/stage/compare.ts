/**
 * The comparison the fidelity suite is about: mxproof's verdict for each property of a file beside
 * the verdict the staged MTAs earned, and a text report of both with the decisive log lines.
 */
import type { AnyPropertyId, PropertyId, Verdict } from '../../models/topology/types.js';
import type { CheckResult } from '../../properties/result.js';
import { chainText, type Observation, type ObservedVerdict } from './observe.js';
import type { StageRun } from './run.js';

export interface PropertyComparison {
  id: AnyPropertyId;
  predicted: Verdict;
  observed: Verdict | 'not-staged';
  /** null when there is nothing to compare (a static property, or an inconclusive prediction). */
  agree: boolean | null;
  why: string;
  evidence: string[];
}

export interface StageComparison {
  file: string;
  properties: PropertyComparison[];
  agree: boolean;
  disagreements: AnyPropertyId[];
}

export function compare(check: CheckResult, observation: Observation): StageComparison {
  const properties = check.properties.map((p): PropertyComparison => {
    const o = (observation.verdicts as Record<string, ObservedVerdict | undefined>)[p.id] ?? { verdict: 'not-staged' as const, why: 'not observed', evidence: [] };
    const comparable = o.verdict !== 'not-staged' && p.verdict !== 'inconclusive';
    return { id: p.id, predicted: p.verdict, observed: o.verdict, agree: comparable ? o.verdict === p.verdict : null, why: o.why, evidence: o.evidence };
  });
  const disagreements = properties.filter((p) => p.agree === false).map((p) => p.id);
  return { file: check.file, properties, agree: disagreements.length === 0, disagreements };
}

export function renderStageText(run: StageRun, observation: Observation, comparison: StageComparison): string {
  const out: string[] = [`${comparison.file}  (staged in ${(run.durationMs / 1000).toFixed(1)} s, ${run.roundsRun} round(s))`, ''];
  out.push('hosts:');
  for (const h of run.plan.hosts) {
    const what = h.kind === 'host' ? `${h.host!.role}, ports ${h.ports.join(', ') || 'none'}` : h.kind === 'sender' ? 'the implicit sending MTA' : 'a sink outside the model';
    out.push(`  ${h.address.padEnd(10)} ${h.name}  (${what}, on ${h.mta === 'postfix' ? 'Postfix' : 'Exim'}${h.fault ? `, fault: ${h.fault}` : ''})`);
  }
  for (const n of run.plan.notes) out.push(`  note: ${n}`);
  out.push('', 'schedule:', ...run.schedule.map((s) => `  ${s}`), '', 'messages:');
  for (const m of observation.messages) {
    const fate = m.delivered
      ? `delivered at ${m.delivered.host}`
      : m.queuedAt.length > 0
        ? `still queued at ${m.queuedAt.join(', ')}`
        : m.bounces.length > 0
          ? `bounced by ${m.bounces[0]!.host}`
          : m.discards.length > 0
            ? `discarded by ${m.discards[0]!.host}`
            : 'not delivered';
    out.push(`  ${m.index}: <${m.to}> from ${m.origin}: ${fate}; accepted by ${path(m.receptions.map((r) => r.host))}`);
    const defers = m.attempts.filter((a) => a.outcome === 'deferred' && a.host === m.origin);
    if (defers.length > 0) out.push(`     ${defers.length} deferred attempt(s) at ${m.origin}; last: ${defers.at(-1)!.text}`);
    for (const a of m.attempts.filter((x) => x.outcome === 'host-failed').slice(0, 2)) out.push(`     ${a.host}: a next hop failed: ${a.text}`);
    for (const b of m.bounces.slice(0, 2)) out.push(`     bounced by ${b.host}: ${b.reason}`);
  }
  if (observation.chains.length > 0) {
    out.push('', 'call-ahead chains:');
    for (const c of observation.chains.slice(0, 8)) {
      out.push(`  ${chainText(c)}  (${c.path.length} call-ahead(s)${c.repeats ? `, repeats ${c.repeats.caller} → ${c.repeats.target}` : ''})`);
      out.push(`     innermost answer: ${c.end}`);
    }
    if (observation.chains.length > 8) out.push(`  … ${observation.chains.length - 8} more`);
  }
  if (observation.connectionRefusals.length > 0) {
    out.push('', 'connections refused:');
    for (const r of observation.connectionRefusals.slice(0, 6)) out.push(`  ${r.host} refused ${r.client}: ${r.reason}`);
  }
  out.push('', 'property             mxproof          staged           ');
  for (const p of comparison.properties) {
    const mark = p.agree === null ? '·' : p.agree ? '✓' : '✗';
    out.push(`${mark} ${p.id.padEnd(19)} ${p.predicted.padEnd(16)} ${p.observed.padEnd(16)} ${p.why}`);
    if (p.agree !== null) for (const e of p.evidence.slice(0, 4)) out.push(`      | ${e}`);
  }
  out.push('', comparison.agree ? 'the staged MTAs agree with mxproof' : `DISAGREEMENT: ${comparison.disagreements.join(', ')}`);
  if (run.cleanup.length > 0) out.push(`cleanup problems: ${run.cleanup.join('; ')}`);
  return out.join('\n') + '\n';
}

function path(hosts: readonly string[]): string {
  if (hosts.length === 0) return 'nobody';
  return hosts.length <= 6 ? hosts.join(' → ') : `${hosts.slice(0, 4).join(' → ')} → … → ${hosts.at(-1)} (${hosts.length} acceptances)`;
}
