/**
 * Written as a mail team's own repository would write it: the package by name, the Vitest
 * matchers, and a property test over the exported arbitraries with a fixed seed. Nothing here
 * reaches into mxproof's sources (vitest.config.ts and tsconfig.json map 'mxproof' to them, the way
 * node_modules would map it to the published build).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { check, checkFile, loadTopology, type Topology } from 'mxproof';
import { topologiesAround, topologyArbitrary } from 'mxproof/vitest';
import { describe, expect, it } from 'vitest';

// Where a user keeps their topologies; here, the ones mxproof ships.
const TOPOLOGIES = join(import.meta.dirname, '..', '..', 'examples');
const read = (name: string) => readFileSync(join(TOPOLOGIES, name), 'utf8');

describe('our mail topologies', () => {
  it('every topology we ship meets its expect block', () => {
    for (const name of ['mailhop-only.yaml', 'postini-only.yaml', 'postini-mailhop.yaml']) {
      expect(checkFile(join(TOPOLOGIES, name))).toPass();
    }
  });

  it('mail for example.com arrives through the relay alone', () => {
    const outcome = check(read('mailhop-only.yaml'), { file: 'mailhop-only.yaml' });
    expect(outcome).toHold('eventual-delivery');
    expect(outcome).toHold('no-forwarding-loop');
    expect(outcome).not.toBeViolated();
  });

  it('the filter in front of the relay loops on call-aheads: the known bad combination', () => {
    const outcome = check(read('postini-mailhop.yaml'), { file: 'postini-mailhop.yaml' });
    expect(outcome).toBeViolated('call-ahead-bounded');
    expect(outcome).toHaveVerdict('no-backscatter', 'not-applicable');
  });

  it('a failing matcher shows the counterexample, step by step, and where in the file', () => {
    const outcome = check(read('postini-mailhop.yaml'), { file: 'postini-mailhop.yaml' });
    let message = '';
    try {
      expect(outcome).toHold('call-ahead-bounded');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('expected call-ahead-bounded to be holds in postini-mailhop.yaml, but it is violated');
    expect(message).toContain('at postini-mailhop.yaml:18:13 (/hosts/mx.postini.test/verify)');
    expect(message).toContain('   3.   mx.postini.test → mx1.mailhop.test: RCPT TO:<alice@example.com> (call-ahead)');
    expect(message).toContain('↺ repeats step 3');
  });

  it('a typo in a topology is a load error with its line, not an exception', () => {
    const loaded = loadTopology('version: 1\nhosts:\n  mail.example.com: { role: mailbx }\n', 'typo.yaml');
    expect(loaded).not.toLoad();
    expect(() => expect(loaded).toLoad()).toThrow(/typo\.yaml:3:\d+: hosts\["mail\.example\.com"\]\.role: unknown role `mailbx`/);
    expect(check('version: 1\nhosts:\n  mail.example.com: { role: mailbx }\n')).toMatchObject({ ok: false });
  });
});

describe('our rules in any surroundings (fast-check, fixed seeds)', () => {
  const rules = read('rules/mailhop-relay.yaml');
  const backupRules = read('rules/backup-mx.yaml');
  const noCallAheads = (t: Topology) => t.hosts.every((h) => h.verify !== 'call-ahead');

  // A law of the model we rely on: without call-ahead verification no call-ahead chain can form.
  test.prop([topologiesAround(backupRules, { maxExtraHosts: 2, roles: ['mailbox', 'backup-mx', 'mta'] }).filter(noCallAheads)], { seed: 20240601, numRuns: 25 })(
    'no topology whose hosts never call ahead has a call-ahead chain',
    (topology) => {
      expect(check(topology)).not.toHaveVerdict('call-ahead-bounded', 'violated');
    },
  );

  // Checks are deterministic: the same topology gives the same verdicts and the same steps.
  test.prop([topologyArbitrary({ maxExtraHosts: 2, maxMessages: 1 })], { seed: 7, numRuns: 15 })(
    'checking a topology twice gives the same verdicts and counterexamples',
    (topology) => {
      const first = check(topology);
      const again = check(topology);
      expect(first.ok && again.ok).toBe(true);
      if (first.ok && again.ok) expect(again.result.properties).toEqual(first.result.properties);
    },
  );

  // The arbitraries compose with the user's own: a relay rule placed among random topologies.
  test.prop({ topology: topologiesAround(rules), budget: fc.constantFrom(2, 5) }, { seed: 3, numRuns: 10 })(
    'a state budget never turns an undecided verdict into holds',
    ({ topology, budget }) => {
      const outcome = check(topology, { maxStates: budget });
      if (!outcome.ok) throw new Error(outcome.errors[0]!.message);
      if (!outcome.result.stats.complete) {
        for (const id of ['eventual-delivery', 'no-silent-loss'] as const) expect(outcome).not.toHold(id);
      }
    },
  );
});
