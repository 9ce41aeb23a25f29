/**
 * The packed store is a set of word tuples: against a Map of their string forms it finds exactly
 * the tuples stored, through many rehashes and with tuples that differ in one word only.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PackedStore } from '../../src/checker/packedStore.js';

describe('the packed state store', () => {
  it.each([1, 2, 5])('stores %s-word states like a Map of their strings', (width) => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: width, maxLength: width }), { maxLength: 300 }), (tuples) => {
        const store = new PackedStore(width);
        const ids = new Map<string, number>();
        tuples.forEach((t, i) => {
          const buf = Int32Array.from(t);
          const found = store.find(buf, 0);
          const key = t.join(',');
          expect(found).toBe(ids.get(key) ?? -1);
          if (found < 0) ids.set(key, store.insert(buf, 0, i - 1, i));
        });
        expect(store.size).toBe(ids.size);
        for (const [key, id] of ids) {
          expect(store.find(Int32Array.from(key.split(',').map(Number)), 0)).toBe(id);
          expect([...store.words.subarray(id * width, id * width + width)].join(',')).toBe(key);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('holds a million states in under 40 bytes each', () => {
    const store = new PackedStore(2);
    const buf = new Int32Array(2);
    let found = 0;
    for (let i = 0; i < 1_000_000; i++) {
      buf[0] = i & 1023;
      buf[1] = i >> 10;
      if (store.find(buf, 0) >= 0) found++;
      else store.insert(buf, 0, i - 1, 0);
    }
    expect(found).toBe(0);
    expect(store.bytes() / store.size).toBeLessThan(40);
    buf[0] = 5;
    buf[1] = 7;
    expect(store.find(buf, 0)).toBe(7 * 1024 + 5);
  });
});
