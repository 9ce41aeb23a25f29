/**
 * `npm run bench`: mxproof's engine side by side with SPIN and xstate/graph on the benchmark
 * family (family.ts), all in one run on this machine. For each size: states, transitions, time,
 * states per second and peak memory of (a) mxproof — its verdict on the two properties SPIN
 * checks with every state explored, then with independent messages checked apart, then with
 * symmetric hosts folded (the states actually stored in brackets), then `check`
 * on all seven properties (liveness included) without and with that reduction; (b) xstate/graph's
 * getAdjacencyMap over the same composed logic, until a size takes longer than 60 s; (c) SPIN's
 * pan (BFS) on the exported Promela, its compile time apart. Then the ratios, a table of how cost
 * grows along each dimension, and the bundled examples end to end through the CLI.
 *
 * Then messages that share transient faults (issue 13): one domain with two transient hosts and
 * M = 1 … 8 messages, and a migration (family.ts), each checked on every property at the CLI's
 * default budget, with the reductions (as the CLI runs) and without (`--no-reductions`).
 *
 * Then provider-sized files (issue 13: N customer domains, each with its own MX set, mailbox
 * server and message, N = 1 … 10 000): every property as the CLI checks it, the two safety
 * properties, the cost per domain, and the bin end to end on the file written as YAML; and chains
 * of hosts (the issue's chain of 50, with four alike relays no message reaches): all seven
 * properties against safety only. SPIN runs beside both where it can take them (30 hosts at most,
 * a few million states).
 *
 * Each figure is the median of `--repeat` runs (default 3; xstate/graph runs once, and so does a
 * check that ends inconclusive at the budget). The load average is printed before and after:
 * other work on the machine slows every column.
 * Options: --repeat N, --max-states N (skip larger sizes), --no-spin, --no-xstate, --no-examples,
 * --no-family (skip the family and SPIN), --no-shared (skip the messages sharing faults),
 * --no-provider, --no-chain, --provider-max N (largest provider file, default 10 000).
 * --against REV measures the selected mxproof cases on git revision REV's build and on this one,
 * alternating, and prints them side by side with the ratio new ÷ old (against.ts); --only TEXT
 * keeps the cases whose section and name contain TEXT.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportPromela } from '../promela/export.js';
import { compilePan, parsePan, spinAvailable } from '../promela/spin.js';
import { writeFileSync } from 'node:fs';
import { topologyToYaml } from '../../models/topology/write.js';
import type { Topology } from '../../models/topology/types.js';
import { chainTopology, familyTopology, providerTopology, sizeLabel, type FamilySize } from './family.js';
import { CHAIN_SIZES, DRIVERS, familyDims, LADDER, BASE, PROVIDER_SIZES, SHARED_CASES } from './cases.js';
import { AgainstError, buildIn, buildRevision, casesOf, checkoutOf, compare, scratch } from './against.js';
import { binCheck, measureWith, type Measured } from './measure.js';
import { formatTable, median } from './table.js';

// This build (dist/src/bench/bench.js: its dist is two folders up) and the checkout it was built in.
const dist = join(import.meta.dirname, '..', '..');
const root = checkoutOf(dist);
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const value = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const text = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const repeat = value('--repeat', 3);
const maxStates = value('--max-states', Infinity);

const worker = join(import.meta.dirname, 'worker.js');
const measure = (kind: string, size: FamilySize | string[], timeoutMs = 0): Promise<Measured | null> =>
  measureWith(worker, kind, Array.isArray(size) ? size : familyDims(size), timeoutMs);

async function medianOf(kind: string, size: FamilySize | string[], times: number): Promise<Measured> {
  const runs: Measured[] = [];
  for (let i = 0; i < times; i++) {
    runs.push((await measure(kind, size))!);
    // A run cut by the budget takes as long every time: once says it.
    if (runs[0]!.complete === false) break;
  }
  return { ...runs[0]!, ms: median(runs.map((r) => r.ms)), peakMb: median(runs.map((r) => r.peakMb)) };
}

interface SpinMeasured extends Measured {
  compileMs: number;
  verdictOk: boolean;
}

/** pan's peak memory from /usr/bin/time when the machine has it, else pan's own report. */
function timedPan(dir: string, hashBits: number): { stdout: string; ms: number; peakMb: number | null } {
  const panArgs = ['-c1', '-n', `-w${hashBits}`, '-m100000000'];
  const hasTime = spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status === 0;
  const t0 = performance.now();
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-f', 'MAXRSS %M', join(dir, 'pan'), ...panArgs], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(join(dir, 'pan'), panArgs, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - t0;
  const rss = /MAXRSS (\d+)/.exec(r.stderr ?? '');
  return { stdout: r.stdout, ms, peakMb: rss === null ? null : Number(rss[1]) / 1024 };
}

async function spin(size: FamilySize | { label: string; topology: Topology }, expectedStates: number, work: string): Promise<SpinMeasured> {
  const named = 'topology' in size;
  const dir = join(work, (named ? size.label : sizeLabel(size)).replace(/ /g, '-'));
  const compileMs = await compilePan(exportPromela(named ? size.topology : familyTopology(size)), dir, { optimize: '-O2' });
  const hashBits = Math.max(18, Math.ceil(Math.log2(expectedStates * 2)));
  const runs = Array.from({ length: repeat }, () => timedPan(dir, hashBits));
  const pan = parsePan(runs[0]!.stdout);
  return {
    states: pan.states,
    transitions: pan.transitions,
    ms: median(runs.map((r) => r.ms)),
    peakMb: median(runs.map((r) => r.peakMb ?? pan.memoryMb)),
    compileMs,
    verdictOk: pan.violated.length === 0 && pan.errors === 0,
  };
}

const fmt = (n: number | string, digits = 0) =>
  typeof n === 'string' ? BigInt(n).toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const rate = (m: Measured) => Number(m.states) / (m.ms / 1000);

/** What a check decided: "7 decided", or how many properties it left inconclusive. */
function decided(m: Measured): string {
  const verdicts = Object.values(m.verdicts ?? {});
  const open = verdicts.filter((v) => v === 'inconclusive').length;
  return open === 0 ? `all ${verdicts.length} decided` : `${open} inconclusive`;
}

/** Messages sharing transient faults, and the migration: every property, at the default budget, with and without the reductions. */
async function sharedFaults(): Promise<void> {
  console.log('\nmessages sharing transient faults (every property, default budget of 10 M states): with the reductions (as the CLI runs) and without (--no-reductions)');
  const rows: string[][] = [];
  for (const [label, dims] of SHARED_CASES) {
    for (const [kind, how] of [['full', 'reductions'], ['full-product', 'no reductions']] as const) {
      const m = await medianOf(kind, dims, repeat);
      rows.push([how === 'reductions' ? label : '', how, fmt(m.states), fmt(m.stored!), decided(m), fmt(m.ms), fmt(m.peakMb)]);
    }
  }
  console.log(formatTable(['case', 'check', 'states', 'stored', 'verdicts', 'ms', 'peak MB'], rows));
}

/** SPIN beside mxproof where it can take the file: the export's 30 hosts, and a space pan stores in a few seconds. */
const SPIN_HOSTS = 30;
const SPIN_STATES = 5_000_000;

/** A check's states, or past 2^53 their order of magnitude (the exact count has thousands of digits). */
const statesText = (m: Measured) => (m.statesLog10 != null ? `≈ 10^${m.statesLog10}` : fmt(m.states));

/** The bin on a file, start to exit: wall ms and peak MB. */
const endToEnd = (file: string) => binCheck(join(dist, 'cli', 'mxproof.mjs'), file);

/** Provider-sized files: N domains, each with its own MX set, mailbox server and one message. */
async function providers(work: string, withSpin: boolean): Promise<void> {
  const most = value('--provider-max', 10_000);
  const sizes = PROVIDER_SIZES.filter((n) => n <= most);
  console.log('\nprovider files (family.ts providerTopology: N domains, each a call-ahead filter, a flaky mailbox server and a backup MX, one message each)');
  console.log('check: the engine from the loaded topology (model and tables built, every property); bin: `mxproof check --quiet FILE.yaml`, start to exit');
  const rows: string[][] = [];
  for (const n of sizes) {
    const dims = ['provider', String(n)];
    const full = await medianOf('full', dims, n >= 3_000 ? 1 : repeat);
    const safety = await medianOf('safety', dims, n >= 3_000 ? 1 : repeat);
    const file = join(work, `provider-${n}.yaml`);
    writeFileSync(file, topologyToYaml(providerTopology(n)));
    const bin = endToEnd(file);
    const small = 3 * n <= SPIN_HOSTS && Number(full.states) <= SPIN_STATES;
    const pan = withSpin && small ? await spin({ label: `provider-${n}`, topology: providerTopology(n) }, Number(full.states), work) : null;
    rows.push([
      String(n),
      statesText(full),
      fmt(full.stored!),
      decided(full),
      fmt(full.ms),
      fmt(full.ms / n, 2),
      fmt(full.peakMb),
      fmt(safety.ms),
      `${fmt(bin.ms)}${bin.exit === 0 ? '' : ` (exit ${bin.exit})`}`,
      fmt(bin.ms / n, 2),
      bin.peakMb === null ? '—' : fmt(bin.peakMb),
      pan === null ? '—' : `${fmt(pan.ms)} (${fmt(pan.states)} states${pan.verdictOk ? '' : ', verdict differs'})`,
    ]);
  }
  console.log(
    formatTable(['domains', 'states', 'stored', 'verdicts', 'check ms', 'ms/domain', 'peak MB', 'safety ms', 'bin ms', 'bin ms/domain', 'bin MB', 'SPIN pan ms'], rows),
  );
}

/** Chains of hosts: all seven properties against safety only (symmetry detection's cost). */
async function chains(work: string, withSpin: boolean): Promise<void> {
  console.log('\nchains of hosts (family.ts chainTopology: the message passes h0 → h1 → … to the mailbox; four alike relays beside, unreached)');
  const rows: string[][] = [];
  for (const n of CHAIN_SIZES) {
    const dims = ['chain', String(n)];
    const full = await medianOf('full', dims, repeat);
    const safety = await medianOf('safety', dims, repeat);
    const pan = withSpin && n + 4 <= SPIN_HOSTS ? await spin({ label: `chain-${n}`, topology: chainTopology(n) }, Number(full.states), work) : null;
    rows.push([String(n), fmt(full.states), fmt(full.ms), fmt(safety.ms), `${fmt(safety.ms / full.ms, 2)}×`, pan === null ? '—' : `${fmt(pan.ms)} (${fmt(pan.states)} states)`]);
  }
  console.log(formatTable(['hosts', 'states', 'all 7 ms', 'safety ms', 'safety ÷ all 7', 'SPIN pan ms'], rows));
}

/** `--against REV`: the selected cases on REV's build and this one, side by side (against.ts). */
async function against(rev: string, work: string): Promise<void> {
  const tree = scratch();
  // Ctrl-C or a kill: the scratch tree goes too (the measuring children get the terminal's signal
  // themselves). Set before building: a signal during the build comes once its step returns.
  const onSignal = (signal: NodeJS.Signals) => {
    tree.remove();
    rmSync(work, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    console.log(`building ${rev} into ${tree.dir} …`);
    const built = buildRevision(root, rev, tree.dir);
    const selection = {
      family: !flag('--no-family'),
      shared: !flag('--no-shared'),
      provider: !flag('--no-provider'),
      providerMax: value('--provider-max', 10_000),
      chain: !flag('--no-chain'),
      examples: !flag('--no-examples'),
      only: text('--only'),
      work,
      examplesDir: join(root, 'examples'),
    };
    const cases = casesOf(selection);
    console.log(`${cases.length} cases, each run ${repeat} times on ${rev} (${built.sha.slice(0, 10)}, "old") and this build ("new"), alternating; medians in ms`);
    const table = await compare(cases, built.build, buildIn(dist, 'new'), repeat, maxStates, (row) =>
      console.log(`  ${row.section} ${row.label}: ${row.oldMs === null ? '—' : Math.round(row.oldMs)} / ${row.newMs === null ? '—' : Math.round(row.newMs)} ms`),
    );
    console.log(`\n${table}`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    tree.remove();
  }
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'mxproof-bench-'));
  const rev = text('--against');
  if (rev !== undefined) {
    console.log(`mxproof benchmark against ${rev} — ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`);
    console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    try {
      await against(rev, work);
    } catch (err) {
      if (!(err instanceof AgainstError)) throw err;
      console.error(err.message);
      process.exitCode = 2;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    console.log(`\nload average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    return;
  }
  const withSpin = !flag('--no-spin') && spinAvailable();
  console.log(`mxproof benchmark — ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`);
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}; medians of ${repeat} runs${withSpin ? '' : '; SPIN not run'}\n`);

  if (!flag('--no-family')) await family(work, withSpin);
  if (!flag('--no-shared')) await sharedFaults();
  if (!flag('--no-provider')) await providers(work, withSpin);
  if (!flag('--no-chain')) await chains(work, withSpin);
  if (!flag('--no-examples')) {
    console.log('\nbundled examples end to end: `node dist/cli/mxproof.mjs check FILE` (the bundled bin), process start to exit');
    const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.yaml')).sort();
    const main = join(dist, 'cli', 'mxproof.mjs');
    const lines: string[][] = [];
    for (const file of examples) {
      const times: number[] = [];
      for (let i = 0; i < Math.max(5, repeat); i++) {
        const t0 = performance.now();
        spawnSync(process.execPath, [main, 'check', '--quiet', join(root, 'examples', file)], { stdio: 'ignore' });
        times.push(performance.now() - t0);
      }
      lines.push([file, fmt(median(times)), fmt(Math.min(...times)), fmt(Math.max(...times))]);
    }
    const bare: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      spawnSync(process.execPath, ['-e', '0']);
      bare.push(performance.now() - t0);
    }
    lines.push(['(node -e 0, for scale)', fmt(median(bare)), fmt(Math.min(...bare)), fmt(Math.max(...bare))]);
    console.log(formatTable(['example', 'median ms', 'min ms', 'max ms'], lines));
  }
  console.log(`\nload average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  rmSync(work, { recursive: true, force: true });
}

async function family(work: string, withSpin: boolean): Promise<void> {
  const rows: string[][] = [];
  const ratios: string[][] = [];
  let xstateGaveUp = flag('--no-xstate');
  for (const size of LADDER) {
    const engine = await medianOf('engine', size, repeat);
    if (Number(engine.states) > maxStates) break;
    const reduced = await medianOf('reduced', size, repeat);
    const folded = await medianOf('folded', size, repeat);
    const full = await medianOf('full', size, repeat);
    const fullProduct = await medianOf('full-product', size, repeat);
    let xstate: Measured | null = null;
    if (!xstateGaveUp) {
      xstate = await measure('xstate', size, 60_000);
      if (xstate === null) xstateGaveUp = true;
    }
    const pan = withSpin ? await spin(size, Number(engine.states), work) : null;
    const label = sizeLabel(size);
    rows.push([label, 'mxproof engine', fmt(engine.states), fmt(engine.transitions), fmt(engine.ms), fmt(rate(engine)), fmt(engine.peakMb), fmt(engine.bytesPerState!, 1)]);
    rows.push(['', 'mxproof, messages apart', fmt(reduced.states), fmt(reduced.transitions), fmt(reduced.ms), fmt(rate(reduced)), fmt(reduced.peakMb), '']);
    rows.push(['', 'mxproof, symmetric hosts folded', `${fmt(folded.states)} (${fmt(folded.stored!)})`, fmt(folded.transitions), fmt(folded.ms), fmt(rate(folded)), fmt(folded.peakMb), '']);
    rows.push(['', 'mxproof check, all 7, no reduction', fmt(fullProduct.states), fmt(fullProduct.transitions), fmt(fullProduct.ms), fmt(rate(fullProduct)), fmt(fullProduct.peakMb), '']);
    rows.push(['', 'mxproof check, all 7 (as the CLI)', fmt(full.states), fmt(full.transitions), fmt(full.ms), fmt(rate(full)), fmt(full.peakMb), '']);
    rows.push(['', 'xstate/graph', xstate ? fmt(xstate.states) : '—', xstate ? fmt(xstate.transitions) : '—', xstate ? fmt(xstate.ms) : '> 60 000', xstate ? fmt(rate(xstate)) : '—', xstate ? fmt(xstate.peakMb) : '—', '']);
    if (pan !== null) {
      rows.push(['', `SPIN pan -DBFS (gcc ${fmt(pan.compileMs)} ms apart)`, fmt(pan.states), fmt(pan.transitions), fmt(pan.ms), fmt(rate(pan)), fmt(pan.peakMb), '']);
    }
    ratios.push([
      label,
      fmt(engine.states),
      xstate ? `${fmt(rate(engine) / rate(xstate), 0)}×` : '—',
      pan ? `${fmt(pan.ms / engine.ms, 2)}×` : '—',
      pan ? `${fmt(pan.ms / reduced.ms, 1)}×` : '—',
      pan ? `${fmt(pan.ms / folded.ms, 1)}×` : '—',
      `${fmt(fullProduct.ms / 1000, 2)} s, ${fmt(fullProduct.peakMb)} MB`,
      pan ? `${fmt(pan.peakMb / engine.peakMb, 1)}×` : '—',
      pan ? (pan.states === Number(engine.states) + 1 && pan.verdictOk ? 'yes' : 'NO') : '—',
    ]);
  }
  console.log(formatTable(['size', 'tool', 'states', 'transitions', 'ms', 'states/s', 'peak MB', 'B/state'], rows));
  console.log('\nratios (same topology, same machine): states/s mxproof ÷ xstate/graph; verdict time SPIN pan ÷ mxproof (compile excluded): engine, messages apart, symmetric hosts folded');
  console.log(formatTable(['size', 'states', 'vs xstate/graph', 'pan ÷ engine', 'pan ÷ apart', 'pan ÷ folded', 'full check, no reduction', 'pan MB ÷ engine MB', 'SPIN agrees'], ratios));

  console.log(`\nwhat drives cost: one dimension at a time from ${sizeLabel(BASE)} (mxproof engine, every state explored)`);
  const drivers: string[][] = [];
  for (const [dim, values] of DRIVERS) {
    for (const v of values) {
      const size = { ...BASE, [dim]: v };
      if (size.transient > size.hosts || size.domains > size.hosts) continue;
      const m = await medianOf('engine', size, repeat);
      drivers.push([dim, String(v), sizeLabel(size), fmt(m.states), fmt(m.transitions), fmt(m.ms), fmt(m.peakMb), fmt(m.bytesPerState!, 1)]);
    }
  }
  console.log(formatTable(['varied', 'value', 'size', 'states', 'transitions', 'ms', 'peak MB', 'B/state'], drivers));
}

await main();
