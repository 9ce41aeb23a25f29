import { describe, expect, it } from 'vitest';
import { explore, type Progress } from '../../src/checker/index.js';
import { eventually, neverReach, ring } from './dgraph.js';
import { outcomeOf, traceOf } from './helpers.js';

/** A fake clock that moves `step` milliseconds every time it is read. */
function tickingClock(step: number): () => number {
  let t = 0;
  return () => (t += step);
}

describe('budgets', () => {
  it('stops at maxStates: inconclusive, never holds, a violation found before still stands', () => {
    const properties = [neverReach('no-5', [5]), neverReach('no-900', [900]), eventually('reach-end', [999])];
    const result = explore(ring(1000, false), properties, { maxStates: 50 });
    expect(result).toMatchObject({ complete: false, stoppedEarly: false, stopReason: 'max-states', states: 50 });
    expect(result.outcomes.map((o) => o.status)).toEqual(['violated', 'inconclusive', 'inconclusive']);
    expect(traceOf(result, 'no-5').states).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('does not call a space of exactly maxStates states incomplete', () => {
    const result = explore(ring(50, true), [neverReach('no-99', [99]), eventually('reach-7', [7])], { maxStates: 50 });
    expect(result.complete).toBe(true);
    expect(result.stopReason).toBeUndefined();
    expect(result.outcomes.map((o) => o.status)).toEqual(['holds', 'holds']);
  });

  it('applies maxStates to the initial states too', () => {
    const model = { ...ring(10, false), initialStates: () => [0, 1, 2, 3] };
    const result = explore(model, [neverReach('no-99', [99])], { maxStates: 2 });
    expect(result).toMatchObject({ complete: false, stopReason: 'max-states', states: 2 });
    expect(outcomeOf(result, 'no-99').status).toBe('inconclusive');
  });

  it('stops on timeout: inconclusive, never holds, a violation found before still stands', () => {
    // The clock is read at the start, then every 1024 expansions; each read moves it 10 ms.
    const properties = [neverReach('no-5', [5]), neverReach('no-never', [-1]), eventually('reach-end', [4999])];
    const result = explore(ring(5000, false), properties, { timeoutMs: 25, now: tickingClock(10) });
    expect(result).toMatchObject({ complete: false, stopReason: 'timeout' });
    expect(result.states).toBeGreaterThan(1024);
    expect(result.states).toBeLessThan(5000);
    expect(result.outcomes.map((o) => o.status)).toEqual(['violated', 'inconclusive', 'inconclusive']);
  });

  it('finishes within the timeout when the space is small', () => {
    const result = explore(ring(100, false), [neverReach('no-never', [-1])], { timeoutMs: 25, now: tickingClock(10) });
    expect(result.complete).toBe(true);
    expect(outcomeOf(result, 'no-never').status).toBe('holds');
  });

  it('reports progress no more often than asked, without printing', () => {
    const seen: Progress[] = [];
    const result = explore(ring(10_000, false), [], {
      now: tickingClock(100),
      progressIntervalMs: 250,
      onProgress: (p) => seen.push(p),
    });
    expect(result.complete).toBe(true);
    // Clock reads at expansions 0, 1024, …, 9216, 100 ms apart after the start read: at the 250 ms
    // interval a report every third read (elapsed 300, 600, 900 ms).
    expect(seen.length).toBe(3);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.elapsedMs - seen[i - 1]!.elapsedMs).toBeGreaterThanOrEqual(250);
      expect(seen[i]!.states).toBeGreaterThan(seen[i - 1]!.states);
    }
    expect(seen[0]).toMatchObject({ elapsedMs: 300, depth: 2048, states: 2049, transitions: 2048 });
  });
});

describe('the memory budget', () => {
  /** A measure that reports `perRead` more bytes each time the engine reads it. */
  const growing = (perRead: number) => {
    let used = 0;
    return () => (used += perRead);
  };

  it('stops when the measure passes maxMemoryBytes: inconclusive, never holds, a violation found before still stands', () => {
    const properties = [neverReach('no-5', [5]), neverReach('no-never', [-1]), eventually('reach-end', [4999])];
    const result = explore(ring(5000, false), properties, { maxMemoryBytes: 2_500, memoryUsed: growing(1_000) });
    expect(result).toMatchObject({ complete: false, stopReason: 'max-memory' });
    expect(result.states).toBeLessThan(5000);
    expect(result.outcomes.map((o) => o.status)).toEqual(['violated', 'inconclusive', 'inconclusive']);
  });

  it('stops the packed engine and a product of parts too, through the check of a topology', async () => {
    const { checkTopology } = await import('../../properties/check.js');
    const { familyTopology } = await import('../../src/bench/family.js');
    const t = familyTopology({ hosts: 6, domains: 2, messages: 2, transient: 3 });
    const full = checkTopology(t);
    expect(full.stats.complete).toBe(true);
    // Read once before exploring (2 bytes: within), then by the engine (4: past it).
    const cut = checkTopology(t, { maxMemoryBytes: 3, memoryUsed: growing(2) });
    expect(cut.stats.stopReason).toBe('max-memory');
    expect(cut.properties.filter((p) => p.verdict === 'inconclusive').map((p) => p.reason)).toContain(
      'stopped by the memory limit (0 MB) after ' + cut.stats.states + ' states stored; no violation found so far',
    );
    // Only the static properties (read off the file, not explored) may still hold.
    const explored = cut.properties.filter((p) => p.id !== 'dns-well-formed' && p.id !== 'no-open-relay');
    expect(explored.some((p) => p.verdict === 'holds')).toBe(false);
  });

  it('is never read without a measure: the engine does not look at the process itself', () => {
    const result = explore(ring(3000, false), [neverReach('no-never', [-1])], { maxMemoryBytes: 1 });
    expect(result.complete).toBe(true);
  });
});

describe('an interrupt', () => {
  /** True from the `n`-th time it is asked on. */
  const after = (n: number) => {
    let asked = 0;
    return () => ++asked >= n;
  };

  it('stops the engine where it is: inconclusive, never holds, a violation found before still stands', () => {
    const properties = [neverReach('no-5', [5]), neverReach('no-never', [-1]), eventually('reach-end', [4999])];
    // Asked every 1024 expansions: the third time, 2048 states in.
    const result = explore(ring(5000, false), properties, { interrupted: after(3) });
    expect(result).toMatchObject({ complete: false, stopReason: 'interrupted' });
    expect(result.states).toBeGreaterThan(2048);
    expect(result.states).toBeLessThan(5000);
    expect(result.outcomes.map((o) => o.status)).toEqual(['violated', 'inconclusive', 'inconclusive']);
  });

  it('stops the packed engine and a product of parts too, and says so in the reason', async () => {
    const { checkTopology } = await import('../../properties/check.js');
    const { familyTopology } = await import('../../src/bench/family.js');
    const t = familyTopology({ hosts: 6, domains: 2, messages: 2, transient: 3 });
    for (const independentParts of [true, false]) {
      const cut = checkTopology(t, { interrupted: after(2), independentParts });
      expect(cut.stats).toMatchObject({ complete: false, stopReason: 'interrupted' });
      const open = cut.properties.filter((p) => p.verdict === 'inconclusive');
      expect(open.length).toBeGreaterThan(0);
      for (const p of open) expect(p.reason).toBe(`stopped by an interrupt after ${cut.stats.statesStored ?? cut.stats.states} states stored${cut.stats.statesStored === undefined ? '' : ` (standing for ${cut.stats.states})`}; no violation found so far`);
    }
  });

  it('before exploring (set-up spent the budget): nothing is explored, the static verdicts stand', async () => {
    const { checkTopology } = await import('../../properties/check.js');
    const { familyTopology } = await import('../../src/bench/family.js');
    const cut = checkTopology(familyTopology({ hosts: 6, domains: 2, messages: 2, transient: 3 }), { interrupted: () => true });
    expect(cut.stats).toMatchObject({ complete: false, stopReason: 'interrupted', states: 0, transitions: 0 });
    const explored = cut.properties.filter((p) => p.id !== 'dns-well-formed' && p.id !== 'no-open-relay' && p.verdict !== 'not-applicable');
    expect(explored.length).toBeGreaterThan(0);
    for (const p of explored) expect(p).toMatchObject({ verdict: 'inconclusive', reason: 'stopped by an interrupt while building the model, before exploring' });
    expect(cut.properties.find((p) => p.id === 'dns-well-formed')!.verdict).not.toBe('inconclusive');
  });
});
