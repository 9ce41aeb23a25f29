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
 * through `exportPromela` itself, one compilation each. The client rules of FORMAT.md 1.1
 * (`software` limits, allowFrom refusals, mixed null MX, hand-offs outside the model, CNAMEs) are
 * counted in the random sample, which must hold each of them, and are exercised in every
 * combination, with the call-ahead's walk over its candidates, by the rule fixtures and families
 * built for them (clients.ts), in two more batches.
 * Needs `spin` and `gcc` (.ci/run installs them); without them the suite is skipped, except under
 * MXPROOF_REQUIRE (test/tools.ts), where that fails.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { explore } from '../../src/checker/index.js';
import { MailSystem } from '../../models/system/mailSystem.js';
import type { Topology } from '../../models/topology/types.js';
import { checkTopology } from '../../properties/check.js';
import { exportPromela, exportPromelaBatch, type PromelaProperty } from '../../src/promela/export.js';
import { compilePan, runPan } from '../../src/promela/spin.js';
import { crowded, loopy, plain } from '../engine/topologies.js';
import { exampleFiles, load, ROOT } from '../helpers.js';
import { needsTools } from '../tools.js';
import { calloutCases, calloutTopology, clientCases, clientTopology } from './clients.js';

const available = needsTools('the SPIN cross-check', 'spin', 'gcc');
const work = mkdtempSync(join(tmpdir(), 'mxproof-spin-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const EXPORTED: PromelaProperty[] = ['call-ahead-bounded', 'no-forwarding-loop'];
/** Small enough for pan to run in milliseconds. */
const MAX_STATES = 20_000;

function mxproof(t: Topology): { violated: PromelaProperty[]; states: number } {
  const r = checkTopology(t, { properties: EXPORTED });
  const violated = r.properties.filter((p) => p.verdict === 'violated').map((p) => p.id as PromelaProperty);
  return { violated: violated.sort(), states: Number(explore(new MailSystem(t), []).states) };
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

/** Compiles each batch once, runs pan for each of its topologies and compares with mxproof; counts the violations. */
async function compareBatches(batches: Topology[][], name: string): Promise<Record<PromelaProperty, number>> {
  // A batch's tables are arrays in every state: more than pan's default 1 024 bytes for the larger ones.
  const defines = ['-DVECTORSZ=4096'];
  await pool(batches.map((batch, b) => () => compilePan(exportPromelaBatch(batch), join(work, `${name}${b}`), { defines })));
  const seen: Record<PromelaProperty, number> = { 'call-ahead-bounded': 0, 'no-forwarding-loop': 0 };
  for (const [b, batch] of batches.entries()) {
    const results = await pool(batch.map((_, i) => () => runPan(join(work, `${name}${b}`), { hashBits: 18, env: { MXPROOF_TOPOLOGY: String(i) } })));
    batch.forEach((t, i) => {
      const ours = mxproof(t);
      const spin = results[i]!;
      for (const p of ours.violated) seen[p]++;
      const id = `${name} ${b} #${i} ${t.file}`;
      expect({ topology: id, violated: spin.violated, states: spin.states }).toEqual({ topology: id, violated: ours.violated, states: ours.states + 1 });
    });
  }
  return seen;
}

/**
 * How many topologies hold each piece of FORMAT.md 1.1's client behaviour: a postfix or an exim
 * client (a host, or the implicit sender by `defaults`), an allowFrom lock answering 550, a null MX
 * beside other records, an MX record naming a server outside the model, one naming a CNAME.
 */
function countFeatures(topologies: readonly Topology[]): Record<string, number> {
  const runs = (t: Topology, software: string) => t.defaults.software === software || t.hosts.some((h) => h.software === software);
  const mxTargets = (t: Topology) => Object.values(t.dns).flatMap((e) => (e.mx ?? []).map((r) => r.host));
  const outside = (t: Topology, name: string) => !t.hosts.some((h) => h.name === name) && ((t.dns[name]?.a ?? []).length > 0 || (t.dns[name]?.aaaa ?? []).length > 0);
  const count = (has: (t: Topology) => boolean) => topologies.filter(has).length;
  return {
    postfix: count((t) => runs(t, 'postfix')),
    exim: count((t) => runs(t, 'exim')),
    lock550: count((t) => t.hosts.some((h) => h.allowFrom !== null && h.allowFromReply === 550)),
    mixedNullMx: count((t) => Object.values(t.dns).some((e) => (e.mx ?? []).some((r) => r.host === '.') && e.mx!.length > 1)),
    mxOutside: count((t) => mxTargets(t).some((n) => outside(t, n))),
    mxToCname: count((t) => mxTargets(t).some((n) => t.dns[n]?.cname !== undefined)),
  };
}

describe.skipIf(!available)('SPIN on the exported Promela', () => {
  it('agrees with mxproof on at least 200 random topologies, among them postfix and exim hosts, 550 locks, mixed null MX, MX outside and to CNAMEs', async () => {
    const candidates = [...plain(90, 101), ...loopy(130, 102), ...crowded(60, 103, 2)];
    const topologies = candidates.filter((t) => explore(new MailSystem(t), [], { maxStates: MAX_STATES }).complete);
    expect(topologies.length).toBeGreaterThanOrEqual(200);
    const batches = [topologies.slice(0, topologies.length >> 1), topologies.slice(topologies.length >> 1)];
    const seen = await compareBatches(batches, 'batch');
    // The sample holds both kinds of violation, not only topologies where everything holds.
    expect(seen['call-ahead-bounded']).toBeGreaterThan(5);
    expect(seen['no-forwarding-loop']).toBeGreaterThan(5);
    // ... and the client behaviour of FORMAT.md 1.1 that the arbitraries draw.
    for (const [feature, n] of Object.entries(countFeatures(topologies))) expect({ feature, present: n > 0 }).toEqual({ feature, present: true });
  }, 180_000);

  it('agrees with mxproof on every rule fixture and every client and call-ahead case of FORMAT.md 1.1', async () => {
    const rules = join(ROOT, 'test', 'fixtures', 'rules');
    const fixtures = readdirSync(rules).filter((f) => f.endsWith('.yaml')).sort().map((f) => load(join(rules, f)));
    const clients = [...clientCases().map(clientTopology), ...calloutCases().map(calloutTopology)];
    const topologies = [...fixtures, ...clients];
    for (const t of topologies) expect({ file: t.file, complete: explore(new MailSystem(t), [], { maxStates: MAX_STATES }).complete }).toEqual({ file: t.file, complete: true });
    await compareBatches([fixtures, clients], 'rules');
    for (const [feature, n] of Object.entries(countFeatures(topologies))) expect({ feature, present: n > 5 }).toEqual({ feature, present: true });
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
