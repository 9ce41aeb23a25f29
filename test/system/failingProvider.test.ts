/**
 * Issue 13: a provider file whose one domain's mailbox host is down fails eventual-delivery with a
 * lasso that walks every other message to its end, ten steps a domain. Each step of that lasso
 * listed every action of the whole state (one per enabled step of every message) to name the one
 * it took, so building the lasso cost steps × messages: quadratic in the file. A part now names
 * its own move; what a step costs must not grow with the number of domains. (Work is counted,
 * not timed: the calls to `MailSystem.actions` and the actions they list.)
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MailSystem } from '../../models/system/mailSystem.js';
import { checkTopology } from '../../properties/check.js';
import { providerTopology } from '../../src/bench/family.js';
import { replay } from '../../src/checker/index.js';

function failingProvider(domains: number) {
  const topology = providerTopology(domains);
  topology.network.faults['mail.d1.test'] = 'down';
  return topology;
}

/** Checks a failing provider file of `domains` domains, counting the actions listed per lasso step. */
function lassoOf(domains: number) {
  const actions = vi.spyOn(MailSystem.prototype, 'actions');
  const topology = failingProvider(domains);
  const result = checkTopology(topology, { properties: ['eventual-delivery'] });
  const listed = actions.mock.results.reduce((sum, r) => sum + (r.value as readonly unknown[]).length, 0);
  actions.mockRestore();
  const p = result.properties[0]!;
  return { topology, result, p, listedPerStep: listed / p.counterexample!.steps.length };
}

describe('a failing provider file', () => {
  afterEach(() => vi.restoreAllMocks());

  it('fails eventual-delivery with a lasso of the whole file that replays, explored apart', () => {
    const { topology, result, p } = lassoOf(12);
    expect(result.stats.engine).toBe('packed-apart');
    expect(p.verdict).toBe('violated');
    expect(p.reason).toMatch(/alice@d1\.test/);
    // Every other message is walked to its end: the run is fair to all of them.
    expect(p.counterexample!.steps.length).toBeGreaterThan(10 * 11);
    const run = replay(new MailSystem(topology), p.counterexample!.path!);
    expect(run.ok).toBe(true);
  });

  it('costs the same per lasso step at 40 domains as at 10: no step lists every action of the whole state', () => {
    const small = lassoOf(10).listedPerStep;
    const large = lassoOf(40).listedPerStep;
    // Before: about 30 actions listed per step at 10 domains, 60 at 40 (24 507 for 405 steps).
    expect(large).toBeLessThanOrEqual(small + 1);
  });
});
