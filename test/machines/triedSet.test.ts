/**
 * The tried set (models/routing/triedSet.ts) against a plain Set of indices, over random sequences
 * of candidates from lists up to 70 long (fixed seed): membership, count, and the one-form rule
 * that state keys rely on — two sets with the same members print the same, whatever order they
 * were built in, and a set of members below 31 prints as the 32-bit mask it replaced.
 */
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { count, has, including, isEmpty, NONE, type TriedSet } from '../../models/routing/triedSet.js';

const build = (indices: readonly number[]): TriedSet => indices.reduce<TriedSet>((t, i) => including(t, i), NONE);

describe('tried set', () => {
  const tally = { small: 0, wide: 0 };
  afterAll(() => {
    // Both forms must have been exercised, or the laws said nothing about one of them.
    expect(tally.small).toBeGreaterThan(30);
    expect(tally.wide).toBeGreaterThan(30);
  });

  test.prop([fc.array(fc.nat({ max: 69 }), { maxLength: 40 })], { seed: 13, numRuns: 300 })(
    'agrees with a Set of indices, and its printed form names its members',
    (indices) => {
      const tried = build(indices);
      const reference = new Set(indices);
      for (let i = 0; i < 72; i++) expect(has(tried, i)).toBe(reference.has(i));
      expect(count(tried)).toBe(reference.size);
      expect(isEmpty(tried)).toBe(reference.size === 0);
      // Built in another order, the same members print the same.
      expect(String(build([...indices].reverse()))).toBe(String(tried));
      expect(String(build([...reference].sort((a, b) => a - b)))).toBe(String(tried));
      if ([...reference].every((i) => i < 31)) {
        tally.small++;
        expect(typeof tried).toBe('number');
        expect(tried).toBe([...reference].reduce((m, i) => m | (1 << i), 0));
      } else {
        tally.wide++;
        expect(typeof tried).toBe('bigint');
      }
    },
  );

  it('holds index 31, 32 and 63 apart from 0, where a 32-bit mask wrapped', () => {
    const tried = build([32]);
    expect(has(tried, 0)).toBe(false);
    expect(has(tried, 32)).toBe(true);
    expect(count(build([0, 31, 32, 63]))).toBe(4);
  });
});
