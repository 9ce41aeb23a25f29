/**
 * Explore: surround a provider's fixed hosts with random third-party hosts, domains, MX records and
 * messages (fast-check), check each topology exhaustively, and for every property some topology
 * breaks, let fast-check shrink it, then take out whatever the violation still does not need
 * (minimize.ts), so the finding is 1-minimal. Pure: returns findings, prints nothing. Same rules,
 * seed and options give the same findings.
 */
import type { AnyPropertyId, Topology } from '../../models/topology/types.js';
import type { CheckResult, PropertyResult } from '../../properties/result.js';
import { brokenBy, draws, replay, Search, setup, shrink, type Setup, type Shrunk } from './search.js';
import type { ExploreOptions, ExploreResult, Finding } from './types.js';

export type { ExploreOptions, ExploreResult, Finding } from './types.js';

export function explore(rules: Topology, options: ExploreOptions = {}): ExploreResult {
  const started = performance.now();
  const s = setup(rules, options);
  if (options.replayPath !== undefined) return replayAll(s, options.replayPath, started);
  const search = new Search(s, draws(s));
  // In draw order, stopping once every property is broken: what a property's own search would check.
  let checked = 0;
  for (const i of search.distinct) {
    if (search.needed() !== null) break;
    search.record(i, brokenBy(s, search.drawn[i]!));
    options.onProgress?.({ property: s.ids[0]!, checked: ++checked, shrinking: false });
  }
  const shrunk = new Map<AnyPropertyId, Shrunk>();
  for (const [id, first] of search.firstFailing()) {
    if (first === null) continue;
    options.onProgress?.({ property: id, checked: search.distinct.length, shrinking: true });
    shrunk.set(id, shrink(s, id, first, search.drawn[first - 1]));
  }
  return merge(s, search, shrunk, started);
}

/** The result of a search and its shrinks, in property order, whichever threads ran them. */
export function merge(s: Setup, search: Search, shrunk: ReadonlyMap<AnyPropertyId, Shrunk>, started: number): ExploreResult {
  const first = search.firstFailing();
  const needed = search.needed() ?? search.drawn.length;
  const searchedKeys = search.keysUpTo(needed);
  const whileShrinking = new Set<string>();
  for (const { checked } of shrunk.values()) for (const key of checked) if (!searchedKeys.has(key)) whileShrinking.add(key);
  const findings = s.ids.flatMap((id) => {
    const f = shrunk.get(id);
    return f === undefined ? [] : [f.finding];
  });
  return {
    seed: s.seed,
    findings,
    clean: s.ids.filter((id) => first.get(id) === null),
    checked: searchedKeys.size + whileShrinking.size,
    drawn: s.ids.reduce((sum, id) => sum + (first.get(id) ?? s.runs), 0),
    searched: searchedKeys.size,
    whileShrinking: whileShrinking.size,
    durationMs: performance.now() - started,
  };
}

function replayAll(s: Setup, path: string, started: number): ExploreResult {
  const findings: Finding[] = [];
  const clean: AnyPropertyId[] = [];
  const keys = new Set<string>();
  let drawn = 0;
  for (const id of s.ids) {
    const r = replay(s, id, path);
    if (r === null) {
      clean.push(id);
      continue;
    }
    findings.push(r.finding);
    drawn += r.finding.runs;
    for (const key of r.checked) keys.add(key);
  }
  // A replay jumps to the path's draw: the one draw searched, the rest shrinking.
  const searched = findings.length > 0 ? 1 : 0;
  return { seed: s.seed, findings, clean, checked: keys.size, drawn, searched, whileShrinking: keys.size - searched, durationMs: performance.now() - started };
}
