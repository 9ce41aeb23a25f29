/**
 * The search's bookkeeping (src/explore/search.ts) gives the same first failures whatever order the
 * threads' answers arrive in: a draw counts only once every draw before it is known.
 */
import { describe, expect, it } from 'vitest';
import { draws, Search, setup } from '../../src/explore/search.js';
import { EXAMPLES, load } from '../helpers.js';
import { join } from 'node:path';

const RULES = load(join(EXAMPLES, 'rules', 'mailhop-relay.yaml'));

describe('Search', () => {
  const s = setup(RULES, { runs: 6, properties: ['call-ahead-bounded', 'no-forwarding-loop'] });

  it('waits for the draws before an answer: a later break is not the first while an earlier draw is unknown', () => {
    const search = new Search(s, draws(s));
    const [d0, d1, d2] = search.distinct;
    search.record(d2!, ['call-ahead-bounded']);
    expect(search.firstFailing().get('call-ahead-bounded')).toBeNull();
    expect(search.needed()).toBeNull();
    search.record(d1!, []);
    search.record(d0!, ['call-ahead-bounded', 'no-forwarding-loop']);
    expect(search.firstFailing().get('call-ahead-bounded')).toBe(1);
    expect(search.firstFailing().get('no-forwarding-loop')).toBe(1);
    expect(search.needed()).toBe(1);
  });

  it('needs every draw while a property is unbroken, and counts repeated draws once', () => {
    const search = new Search(s, draws(s));
    for (const i of search.distinct) {
      expect(search.needed()).toBeNull();
      search.record(i, i === search.distinct.at(-1) ? ['no-forwarding-loop'] : []);
    }
    expect(search.needed()).toBe(6);
    expect(search.firstFailing().get('call-ahead-bounded')).toBeNull();
    expect(search.keysUpTo(6).size).toBe(search.distinct.length);
  });
});
