/**
 * What a documentation page shows about one checked topology, shared by the Markdown and the HTML
 * pages: the values (no markup) they both render. Generated pages carry no timestamp and no
 * duration, so the same inputs always give the same bytes.
 */
import type { FailureSweep } from '../api/failures.js';
import { countOf } from './text.js';
import type { Topology } from '../../models/topology/types.js';
import type { CheckResult, PropertyResult } from '../../properties/result.js';
import { isFailure } from '../../properties/result.js';
import { cycleHosts, topologyGraph, type TopologyGraph } from './topologyGraph.js';

export interface TopologyDoc {
  /** File name stem of its pages: `postini-mailhop` → `postini-mailhop.md`, `#postini-mailhop`. */
  slug: string;
  /** The topology file as given on the command line. */
  file: string;
  /** Its text, shown on the page. */
  source: string;
  /** A relative link from the pages to the file, or null when there is none to give. */
  sourceLink: string | null;
  topology: Topology;
  result: CheckResult;
  /** Counterexamples with every step, not only those their violation needs (`docs --all-steps`). */
  allSteps?: boolean;
  /** With `docs --failures K`: the failure sweep of the file. */
  sweep?: FailureSweep;
}

export function graphOf(doc: TopologyDoc): TopologyGraph {
  return topologyGraph(doc.topology, doc.result);
}

/** The comment block a topology file opens with, as prose: its author's description. */
export function description(source: string): string[] {
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const raw of source.split(/\r?\n/)) {
    if (!raw.startsWith('#')) break;
    const line = raw.replace(/^#\s?/, '');
    if (line.startsWith('yaml-language-server:')) continue;
    if (line.trim() === '') {
      if (current.length > 0) paragraphs.push(current.join(' '));
      current = [];
    } else current.push(line.trim());
  }
  if (current.length > 0) paragraphs.push(current.join(' '));
  return paragraphs;
}

/** ✓ when the verdict is fine (holds, or what `expect` says), ✗ when it fails, ? when undecided. */
export function mark(p: PropertyResult): string {
  if (p.verdict === 'inconclusive' && p.expected !== 'inconclusive') return '?';
  return isFailure(p) ? '✗' : '✓';
}

/** One line on how far the check went, without durations. */
export function statsLine(result: CheckResult): string {
  const s = result.stats;
  const how = s.complete ? 'every reachable state explored' : `stopped early (${s.stopReason ?? 'budget'})`;
  return `${countOf(s, 'states')}, ${countOf(s, 'transitions')}: ${how}`;
}

/** The properties that have a counterexample to show, in catalogue order. */
export function withCounterexamples(result: CheckResult): (PropertyResult & { counterexample: NonNullable<PropertyResult['counterexample']> })[] {
  return result.properties.filter((p): p is PropertyResult & { counterexample: NonNullable<PropertyResult['counterexample']> } => p.counterexample !== undefined);
}

/** A counterexample made only of static findings has no exchange to draw. */
export function isSequence(p: PropertyResult): boolean {
  return p.counterexample !== undefined && p.counterexample.steps.some((s) => s.kind !== 'finding');
}

export const LEGEND =
  'Blue: MX records with their preference. Solid: where each host routes the mail, with the port. ' +
  'Dashed purple: call-aheads (recipient verification against the next hop). Dotted grey: configured but not taken. ' +
  'An edge ending in a bar or a cross: its port is blocked, or its host refuses the client at connect because allowFrom does not list it ' +
  '("refused: 421": temporary, the client moves on as from a down host; "refused: 550": it moves on too, but from the last ' +
  'candidate an Exim client bounces the mail). ' +
  'Thick red: the loop a counterexample walks.';

export function cycleCaption(graph: TopologyGraph): string | null {
  const hosts = cycleHosts(graph);
  return hosts.length === 0 ? null : `The counterexamples loop through ${hosts.join(' ↔ ')}.`;
}

/** Page stems for the given files: the file name without extension, made safe and unique. */
export function slugs(files: readonly string[]): string[] {
  const taken = new Set(['index', 'machines', 'diagrams']);
  return files.map((file) => {
    const base = (file.split(/[\\/]/).at(-1) ?? file).replace(/\.(ya?ml|json)$/i, '');
    const stem = base.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '') || 'topology';
    let slug = stem;
    for (let i = 2; taken.has(slug); i++) slug = `${stem}-${i}`;
    taken.add(slug);
    return slug;
  });
}
