/**
 * Which next-hop candidates a client may try now: the untried members of the best preference
 * group that still has untried members. Equal preferences may be tried in any order, so each of
 * them is a separate choice the checker explores.
 */
import type { NextHop } from './nextHop.js';
import { has, type TriedSet } from './triedSet.js';

export function untriedChoices(hop: NextHop, tried: TriedSet): number[] {
  if (hop.kind !== 'candidates') return [];
  let group = Infinity;
  hop.candidates.forEach((c, i) => {
    if (!has(tried, i) && c.group < group) group = c.group;
  });
  const out: number[] = [];
  hop.candidates.forEach((c, i) => {
    if (!has(tried, i) && c.group === group) out.push(i);
  });
  return out;
}
