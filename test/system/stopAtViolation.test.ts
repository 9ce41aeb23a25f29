/**
 * A check whose every property asked is a safety property stops at the first violation of the
 * last of them: breadth-first, that is already the shortest counterexample, and the rest of the
 * space cannot change a `violated`. The call-ahead depth watch (only a `holds` rests on it) does
 * not keep the run going. With a liveness property, or one still pending, it explores everything.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTopology } from '../../properties/check.js';
import { EXAMPLES, load } from '../helpers.js';

const example4 = () => load(join(EXAMPLES, 'postini-mailhop-verify-none.yaml'));

describe('a safety-only check', () => {
  it('stops at the violation (FORMAT.md example 4: 14 steps deep in a 255-state space) with the same shortest counterexample', () => {
    const whole = checkTopology(example4());
    const alone = checkTopology(example4(), { properties: ['no-forwarding-loop'] });
    const full = whole.properties.find((p) => p.id === 'no-forwarding-loop')!;
    const early = alone.properties[0]!;
    expect(whole.stats.states).toBe(255);
    expect(alone.stats.states).toBeLessThan(255);
    expect(alone.stats.stoppedAtViolation).toBe(true);
    expect(whole.stats.stoppedAtViolation).toBeUndefined();
    expect(early.verdict).toBe('violated');
    expect(early.counterexample!.steps.map((s) => s.text)).toEqual(full.counterexample!.steps.map((s) => s.text));
    expect(early.counterexample!.path).toBe(full.counterexample!.path);
  });

  it('explores everything while a property asked still holds', () => {
    const r = checkTopology(example4(), { properties: ['no-forwarding-loop', 'call-ahead-bounded'] });
    expect(Object.fromEntries(r.properties.map((p) => [p.id, p.verdict]))).toEqual({ 'no-forwarding-loop': 'violated', 'call-ahead-bounded': 'holds' });
    expect(r.stats.states).toBe(255);
    expect(r.stats.stoppedAtViolation).toBeUndefined();
  });
});
