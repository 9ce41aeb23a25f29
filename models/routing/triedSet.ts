/**
 * The next-hop candidates a client tried in one delivery attempt (or a verifier in one call-ahead),
 * as indices into its candidate list. The list may be of any length: a 32-bit mask wrapped at 32
 * candidates and turned a held `eventual-delivery` into a violated one (issue 13).
 *
 * A set is a plain number while every member is below 31 — a small integer, so the common case
 * stays as cheap as the bitmask it replaces — and a bigint once one member is 31 or more. Each set
 * has exactly one form (a bigint never holds only small members: sets grow one member at a time or
 * start over empty), and both print as the same decimal number, so a state key built from
 * `${tried}` names the set, whatever its form, and is the old mask's for lists of up to 31.
 */
export type TriedSet = number | bigint;

/** Members below this fit a number's bitwise operations (31 bits keep it a positive small integer). */
const SMALL = 31;

export const NONE: TriedSet = 0;

/** Whether candidate `index` is in the set. */
export function has(tried: TriedSet, index: number): boolean {
  if (typeof tried === 'number') return index < SMALL && (tried & (1 << index)) !== 0;
  return ((tried >> BigInt(index)) & 1n) === 1n;
}

/** The set with candidate `index` added. */
export function including(tried: TriedSet, index: number): TriedSet {
  if (typeof tried === 'number' && index < SMALL) return tried | (1 << index);
  return BigInt(tried) | (1n << BigInt(index));
}

/** How many candidates the set holds. */
export function count(tried: TriedSet): number {
  let c = 0;
  if (typeof tried === 'number') {
    for (let m = tried; m !== 0; m &= m - 1) c++;
    return c;
  }
  for (let m = tried; m !== 0n; m &= m - 1n) c++;
  return c;
}

export function isEmpty(tried: TriedSet): boolean {
  return tried === 0;
}
