/**
 * Which next-hop candidates a client may try now: the untried members of the best preference
 * group that still has untried members. Equal preferences may be tried in any order, so each of
 * them is a separate choice the checker explores.
 */
import type { NextHop } from './nextHop.js';

/** How many candidates a tried set holds. */
export function popcount(tried: number): number {
  let c = 0;
  for (let m = tried; m !== 0; m &= m - 1) c++;
  return c;
}

export function untriedChoices(hop: NextHop, tried: number): number[] {
  if (hop.kind !== 'candidates') return [];
  let group = Infinity;
  hop.candidates.forEach((c, i) => {
    if ((tried & (1 << i)) === 0 && c.group < group) group = c.group;
  });
  const out: number[] = [];
  hop.candidates.forEach((c, i) => {
    if ((tried & (1 << i)) === 0 && c.group === group) out.push(i);
  });
  return out;
}
