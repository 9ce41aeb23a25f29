/**
 * SPIN and mxproof agree. Random topologies from the explore arbitraries (fixed seeds) are
 * exported to Promela and checked by SPIN (pan, breadth-first, every error reported); for
 * `call-ahead-bounded` and `no-forwarding-loop` SPIN finds a violation exactly when mxproof does,
 * and it stores exactly mxproof's states (plus its one state before the first step). The rules
 * in the Promela are written separately from the XState machines, so this checks the composed
 * model two ways.
 *
 * Two hundred topologies go through one compilation per batch (exportPromelaBatch: the same
 * rules, the tables chosen when pan starts); the bundled examples and a few random topologies go
 * through `exportPromela` itself, one compilation each. Needs `spin` and `gcc` (.ci/run installs
 * them); without them the suite is skipped, except under MXPROOF_REQUIRE (test/tools.ts), where
 * that fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { explore } from '../../src/checker/index.js';
import { MailSystem } from '../../models/system/mailSystem.js';
import type { Topology } from '../../models/topology/types.js';
import { checkTopology } from '../../properties/check.js';
import { exportPromela, exportPromelaBatch, type PromelaProperty } from '../../src/promela/export.js';
import { compilePan, runPan } from '../../src/promela/spin.js';
import { crowded, loopy, plain } from '../perf/topologies.js';
import { exampleFiles, load } from '../helpers.js';
import { needsTools } from '../tools.js';

const available = needsTools('the SPIN cross-check', 'spin', 'gcc');
const work = mkdtempSync(join(tmpdir(), 'mxproof-spin-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const EXPORTED: PromelaProperty[] = ['call-ahead-bounded', 'no-forwarding-loop'];
/** Small enough for pan to run in milliseconds. */
const MAX_STATES = 20_000;

function mxproof(t: Topology): { violated: PromelaProperty[]; states: number } {
  const r = checkTopology(t, { properties: EXPORTED });
  const violated = r.properties.filter((p) => p.verdict === 'violated').map((p) => p.id as PromelaProperty);
  return { violated: violated.sort(), states: explore(new MailSystem(t), []).states };
}

/** Runs `jobs` two at a time (the CI machine has two cores). */
async function pool<T>(jobs: (() => Promise<T>)[], width = 2): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  }));
  return results;
}

describe.skipIf(!available)('SPIN on the exported Promela', () => {
  it('agrees with mxproof on at least 200 random topologies', async () => {
    const candidates = [...plain(90, 101), ...loopy(130, 102), ...crowded(60, 103, 2)];
    const topologies = candidates.filter((t) => explore(new MailSystem(t), [], { maxStates: MAX_STATES }).complete);
    expect(topologies.length).toBeGreaterThanOrEqual(200);
    const batches = [topologies.slice(0, topologies.length >> 1), topologies.slice(topologies.length >> 1)];
    await pool(batches.map((batch, b) => () => compilePan(exportPromelaBatch(batch), join(work, `batch${b}`))));
    const seen = { 'call-ahead-bounded': 0, 'no-forwarding-loop': 0 };
    for (const [b, batch] of batches.entries()) {
      const results = await pool(batch.map((_, i) => () => runPan(join(work, `batch${b}`), { hashBits: 18, env: { MXPROOF_TOPOLOGY: String(i) } })));
      batch.forEach((t, i) => {
        const ours = mxproof(t);
        const spin = results[i]!;
        for (const p of ours.violated) seen[p]++;
        expect({ topology: `batch ${b} #${i}`, violated: spin.violated, states: spin.states }).toEqual({
          topology: `batch ${b} #${i}`,
          violated: ours.violated,
          states: ours.states + 1,
        });
      });
    }
    // The sample holds both kinds of violation, not only topologies where everything holds.
    expect(seen['call-ahead-bounded']).toBeGreaterThan(5);
    expect(seen['no-forwarding-loop']).toBeGreaterThan(5);
  }, 180_000);

  it('agrees with mxproof on every bundled example and a few random topologies, exported one by one', async () => {
    const topologies = [...exampleFiles().map(load), ...loopy(30, 104).filter((t) => explore(new MailSystem(t), [], { maxStates: MAX_STATES }).complete).slice(0, 7)];
    const results = await pool(
      topologies.map((t, i) => async () => {
        const dir = join(work, `single${i}`);
        await compilePan(exportPromela(t), dir);
        return runPan(dir, { hashBits: 18 });
      }),
    );
    topologies.forEach((t, i) => {
      const ours = mxproof(t);
      expect({ file: t.file, violated: results[i]!.violated, states: results[i]!.states }).toEqual({ file: t.file, violated: ours.violated, states: ours.states + 1 });
    });
  }, 180_000);
});
