/**
 * Explore's figures: topologies checked exhaustively per second at 3, 5 and 8 hosts (in one
 * process, so machines and memoised steps carry over from one topology to the next); whole
 * explores of the bundled rules in 1 and 2 threads, each by the bundled CLI in a fresh process
 * (medians of REPEAT runs, and their ratio: compare ratios on a loaded machine); and the time to
 * find and shrink the founding loop from the MailHop rules file, over several seeds.
 * Run: `npm run bench:explore` (builds first). Prints a table; asserts nothing.
 */
import fc from 'fast-check';
import { join } from 'node:path';
import { topologyArbitrary } from '../../models/arbitraries/topology.js';
import { loadTopologyFile } from '../../models/topology/load.js';
import { checkTopology } from '../../properties/check.js';
import { spawnSync } from 'node:child_process';
import { explore } from '../explore/explore.js';

const root = join(import.meta.dirname, '..', '..', '..');
const rulesFile = join(root, 'examples', 'rules', 'mailhop-relay.yaml');
const loaded = loadTopologyFile(rulesFile);
if (!loaded.ok) throw new Error(`cannot load ${rulesFile}`);
const rules = loaded.topology;

console.log('topologies checked exhaustively per second (all seven properties, 20 000-state budget each)');
console.log('hosts  topologies  seconds  per second  mean states  inconclusive');
for (const hosts of [3, 5, 8]) {
  const extra = hosts - rules.hosts.length;
  const arb = topologyArbitrary({ fixedHosts: rules.hosts, minExtraHosts: extra, maxExtraHosts: extra });
  const samples = fc.sample(arb, { seed: 7, numRuns: 300 });
  let states = 0;
  let cut = 0;
  const t0 = performance.now();
  for (const t of samples) {
    const r = checkTopology(t, { maxStates: 20_000 });
    states += Number(r.stats.states);
    if (!r.stats.complete) cut++;
  }
  const s = (performance.now() - t0) / 1000;
  console.log(
    `${String(hosts).padStart(5)}  ${String(samples.length).padStart(10)}  ${s.toFixed(2).padStart(7)}  ${(samples.length / s).toFixed(0).padStart(10)}  ${(states / samples.length).toFixed(0).padStart(11)}  ${String(cut).padStart(12)}`,
  );
}

const repeat = Number(process.env.REPEAT ?? 3);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
// Each explore in a process of its own, as the CLI runs it: in one process, a second explore finds
// the machines and memoised steps of the first (behaviours are shared across topologies,
// models/system/behaviour.ts) and would be measured warm.
const bin = join(root, 'dist', 'cli', 'mxproof.mjs');
const cliExplore = (file: string, jobs: number): { checked: number; durationMs: number } => {
  const r = spawnSync(process.execPath, [bin, 'explore', file, '-q', '--format', 'json', '--jobs', String(jobs)], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return JSON.parse(r.stdout) as { checked: number; durationMs: number };
};
console.log(`\nexplore (default 1 000 runs, seed 42), \`mxproof explore FILE --jobs N\` each in a fresh process: topologies checked per second (durationMs), median of ${repeat}`);
console.log('rules               checked  1 thread  2 threads  ratio');
for (const name of ['mailhop-relay.yaml', 'backup-mx.yaml']) {
  const file = join(root, 'examples', 'rules', name);
  const rate = new Map<number, number[]>([[1, []], [2, []]]);
  let checked = 0;
  // Alternating, so a change in the machine's load falls on both.
  for (let i = 0; i < repeat; i++) {
    for (const workers of [1, 2]) {
      const r = cliExplore(file, workers);
      checked = r.checked;
      rate.get(workers)!.push(r.checked / (r.durationMs / 1000));
    }
  }
  const one = median(rate.get(1)!);
  const two = median(rate.get(2)!);
  console.log(`${name.padEnd(18)}  ${String(checked).padStart(7)}  ${one.toFixed(0).padStart(8)}  ${two.toFixed(0).padStart(9)}  ${(two / one).toFixed(2).padStart(5)}`);
}

console.log('\nfinding and shrinking the founding loop (call-ahead-bounded) from examples/rules/mailhop-relay.yaml');
console.log(' seed  runs  shrinks  hosts  seconds');
for (const seed of [42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
  const t0 = performance.now();
  const r = explore(rules, { seed, properties: ['call-ahead-bounded'] });
  const s = (performance.now() - t0) / 1000;
  const f = r.findings[0];
  console.log(`${String(seed).padStart(5)}  ${String(f?.runs ?? '-').padStart(4)}  ${String(f?.shrinks ?? '-').padStart(7)}  ${String(f?.topology.hosts.length ?? '-').padStart(5)}  ${s.toFixed(2).padStart(7)}`);
}
