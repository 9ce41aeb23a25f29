/**
 * `npm run bench -- --against REV`: the benchmark's cases on two builds in one run, the git revision
 * REV built into a scratch directory and this one, side by side (issue 12: "stays within 10 % of
 * today's figures, side by side in one run"). Each case runs old, new, old, new … so that load on
 * the machine, which comes and goes, weighs on both alike; the table gives both medians, the ratio
 * new ÷ old and their geometric mean (table.ts).
 *
 * REV is built from `git archive` (the committed tree, nothing of the working copy), with this
 * checkout's node_modules linked in rather than installed: the same compiler and dependencies
 * build both, and no registry is asked. The scratch directory is removed at the end, on an error
 * and on Ctrl-C.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topologyToYaml } from '../../models/topology/write.js';
import { CHAIN_SIZES, DRIVERS, familyDims, LADDER, BASE, PROVIDER_SIZES, SHARED_CASES } from './cases.js';
import { providerTopology, sizeLabel } from './family.js';
import { binCheck, measureWith, type Measured } from './measure.js';
import { formatComparison, median, type Compared } from './table.js';

/** A build of mxproof, as the benchmark runs it: its measuring worker and its bin. */
export interface Build {
  name: string;
  worker: string;
  bin: string;
}

export function buildIn(dist: string, name: string): Build {
  return { name, worker: join(dist, 'src', 'bench', 'worker.js'), bin: join(dist, 'cli', 'mxproof.mjs') };
}

/** A problem with the comparison itself (an unknown revision, a build that fails): said in one line. */
export class AgainstError extends Error {}

const git = (root: string, args: string[]): string => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/**
 * The git checkout a build was made in: where the examples, node_modules and the revisions are.
 * A build beside its sources (dist/) is in it; so is a private copy a test builds under the checkout.
 */
export function checkoutOf(dist: string): string {
  try {
    return git(dist, ['rev-parse', '--show-toplevel']);
  } catch {
    return join(dist, '..');
  }
}

/** A scratch directory for a build; `remove` deletes it (and may be called again). */
export function scratch(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'mxproof-against-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Builds revision `rev` of the repository at `root` into `dir` (a scratch directory the caller removes). */
export function buildRevision(root: string, rev: string, dir: string): { build: Build; sha: string } {
  let sha: string;
  try {
    sha = git(root, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  } catch {
    throw new AgainstError(`--against: '${rev}' is not a commit of ${root}`);
  }
  const tree = join(dir, 'tree');
  mkdirSync(tree);
  git(root, ['archive', '--format=tar', `--output=${join(dir, 'tree.tar')}`, sha]);
  execFileSync('tar', ['-xf', join(dir, 'tree.tar'), '-C', tree]);
  symlinkSync(join(root, 'node_modules'), join(tree, 'node_modules'), 'dir');
  const step = (what: string, file: string, args: string[]): void => {
    try {
      execFileSync(process.execPath, [file, ...args], { cwd: tree, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      const { stdout, stderr } = err as { stdout?: Buffer; stderr?: Buffer };
      const said = `${stdout?.toString() ?? ''}${stderr?.toString() ?? ''}`.trim().split('\n').slice(0, 10).join('\n');
      throw new AgainstError(`--against: ${what} ${rev} (${sha.slice(0, 10)}) failed:\n${said}`);
    }
  };
  step('compiling', join(root, 'node_modules', 'typescript', 'bin', 'tsc'), ['-p', 'tsconfig.build.json']);
  step('bundling', join(tree, 'scripts', 'bundle.mjs'), []);
  const build = buildIn(join(tree, 'dist'), rev);
  if (!existsSync(build.worker)) throw new AgainstError(`--against: ${rev} (${sha.slice(0, 10)}) has no benchmark worker (dist/src/bench/worker.js)`);
  return { build, sha };
}

/** One case of the comparison: what it measures on a build (null: that build could not). */
interface Case {
  section: string;
  label: string;
  run: (build: Build) => Promise<Measured | null>;
  /** A family ladder step: past --max-states on the new build, it and the larger steps are left out. */
  ladder?: number;
}

export interface Selection {
  family: boolean;
  shared: boolean;
  provider: boolean;
  providerMax: number;
  chain: boolean;
  examples: boolean;
  /** Only the cases whose section and label contain this text. */
  only?: string;
  /** Where the provider files are written. */
  work: string;
  /** Where the bundled examples are. */
  examplesDir: string;
}

/** A worker's kind on dims, as a case. */
const workerCase = (section: string, label: string, kind: string, dims: string[], ladder?: number): Case => ({
  section,
  label: `${label}: ${kind}`,
  run: (b) => measureWith(b.worker, kind, dims),
  ...(ladder === undefined ? {} : { ladder }),
});

/** The bin on a file, start to exit, as a case (what it explored is not known: no states). */
const binCase = (section: string, label: string, file: string, prepare?: () => void): Case => ({
  section,
  label,
  run: async (b) => {
    prepare?.();
    const r = binCheck(b.bin, file);
    return r.exit === null ? null : { states: '', transitions: 0, ms: r.ms, peakMb: r.peakMb ?? 0 };
  },
});

/** The selected cases, in the order bench.ts measures them (xstate/graph and SPIN are not mxproof's: left out). */
export function casesOf(s: Selection): Case[] {
  const cases: Case[] = [];
  if (s.family) {
    LADDER.forEach((size, i) => {
      for (const kind of ['engine', 'reduced', 'folded', 'full', 'full-product']) cases.push(workerCase('family', sizeLabel(size), kind, familyDims(size), i));
    });
    for (const [dim, values] of DRIVERS) {
      for (const v of values) {
        const size = { ...BASE, [dim]: v };
        if (size.transient > size.hosts || size.domains > size.hosts) continue;
        cases.push(workerCase('drivers', `${dim} = ${v}, ${sizeLabel(size)}`, 'engine', familyDims(size)));
      }
    }
  }
  if (s.shared) for (const [label, dims] of SHARED_CASES) for (const kind of ['full', 'full-product']) cases.push(workerCase('shared faults', label, kind, dims));
  if (s.provider) {
    for (const n of PROVIDER_SIZES.filter((n) => n <= s.providerMax)) {
      for (const kind of ['full', 'safety']) cases.push(workerCase('provider', `${n} domains`, kind, ['provider', String(n)]));
      const file = join(s.work, `provider-${n}.yaml`);
      // Written by this build when the case first runs, and checked by both bins.
      cases.push(binCase('provider', `${n} domains: bin`, file, () => existsSync(file) || writeFileSync(file, topologyToYaml(providerTopology(n)))));
    }
  }
  if (s.chain) for (const n of CHAIN_SIZES) for (const kind of ['full', 'safety']) cases.push(workerCase('chain', `${n} hosts`, kind, ['chain', String(n)]));
  if (s.examples) {
    for (const file of readdirSync(s.examplesDir).filter((f) => f.endsWith('.yaml')).sort()) cases.push(binCase('examples', `${file}: bin`, join(s.examplesDir, file)));
  }
  return s.only === undefined ? cases : cases.filter((c) => `${c.section} ${c.label}`.includes(s.only!));
}

/**
 * Runs each case `repeat` times on each build, alternating, and returns the table. A case either
 * build leaves unfinished (complete: false, a budget) runs once on each: it takes as long every time.
 */
export async function compare(cases: readonly Case[], old: Build, now: Build, repeat: number, maxStates: number, onCase?: (c: Compared) => void): Promise<string> {
  const rows: Compared[] = [];
  let ladderEnd = Infinity;
  for (const c of cases) {
    if (c.ladder !== undefined && c.ladder >= ladderEnd) continue;
    const runs: { old: Measured[]; new: Measured[] } = { old: [], new: [] };
    for (let i = 0; i < repeat; i++) {
      const a = await c.run(old);
      const b = await c.run(now);
      if (a !== null) runs.old.push(a);
      if (b !== null) runs.new.push(b);
      if (a?.complete === false || b?.complete === false) break;
    }
    const first = runs.new[0];
    if (c.ladder !== undefined && first !== undefined && Number(first.states) > maxStates) {
      ladderEnd = c.ladder;
      continue;
    }
    const msOf = (m: Measured[]) => (m.length === 0 ? null : median(m.map((r) => r.ms)));
    const statesOf = (m: Measured[]) => (m[0] === undefined || m[0].states === '' ? null : BigInt(m[0].states).toString());
    const row: Compared = { section: c.section, label: c.label, states: { old: statesOf(runs.old), new: statesOf(runs.new) }, oldMs: msOf(runs.old), newMs: msOf(runs.new) };
    rows.push(row);
    onCase?.(row);
  }
  return formatComparison(rows, old.name, now.name);
}
