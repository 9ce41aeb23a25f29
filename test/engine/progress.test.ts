/**
 * Progress on a file of many parts (a provider's customer domains, each checked apart): reported
 * about every 250 ms of the whole check, not at the start of every part — which printed thousands
 * of progress lines a second on a provider's file.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../src/api/check.js';
import { providerTopology } from '../../src/bench/family.js';

describe('progress over many parts', () => {
  it('is reported once per interval of the whole check, whatever the number of parts', () => {
    const topology = providerTopology(600);
    const calls: number[] = [];
    const started = performance.now();
    const outcome = check(topology, { onProgress: (p) => calls.push(p.states) });
    const elapsed = performance.now() - started;
    expect(outcome.ok && outcome.status).toBe('passed');
    // At most one report per 250 ms of the run (and one spare for where the interval falls).
    expect(calls.length).toBeLessThanOrEqual(Math.floor(elapsed / 250) + 1);
    // The figures only grow: each report counts the parts explored before it.
    expect([...calls].sort((a, b) => a - b)).toEqual(calls);
  });
});
