/**
 * `npm run bench -- --against REV` (src/bench/against.ts): the side-by-side table's figures, and one
 * smoke run of the smallest cases against HEAD through a private build (about 20–45 s on this
 * 2-core machine at load 8: REV's build is most of it).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatComparison, geometricMean, type Compared } from '../../src/bench/table.js';
import { privateBin, ROOT } from '../cli/privateBin.js';

const row = (label: string, oldMs: number | null, newMs: number | null, states: Compared['states'] = { old: '38', new: '38' }): Compared => ({ section: 'chain', label, states, oldMs, newMs });

describe('the side-by-side table', () => {
  it('gives each case both medians and new ÷ old, and the geometric mean of the ratios', () => {
    const table = formatComparison([row('10 hosts: full', 50, 25), row('10 hosts: safety', 40, 80), row('26 hosts: full', 1234.4, 1234.4)], 'HEAD~1', 'new');
    expect(table).toBe(
      [
        'section  case              states  HEAD~1 ms  new ms  new ÷ old',
        '-------  ----------------  ------  ---------  ------  ---------',
        'chain    10 hosts: full        38         50      25      0.50×',
        'chain    10 hosts: safety      38         40      80      2.00×',
        'chain    26 hosts: full        38      1,234   1,234      1.00×',
        'geometric mean of new ÷ old over 3 cases: 1.00×',
      ].join('\n'),
    );
  });

  it('leaves a case one build could not run out of the mean, and says so; flags states that differ', () => {
    const table = formatComparison([row('a', 100, 110), row('b', null, 90), row('c', 10, 10, { old: '38', new: '40' })], 'main', 'new');
    expect(table).toMatch(/^chain +b +38 +— +90 +—$/m);
    expect(table).toContain('38 → 40 (differ)');
    expect(table.split('\n').at(-1)).toBe('geometric mean of new ÷ old over 2 cases: 1.05× (1 left out: not run on both)');
  });

  it('gives a count past 10^15 as its order of magnitude, whole where the builds differ', () => {
    const big = `1${'0'.repeat(300)}`;
    expect(formatComparison([row('300 domains: full', 10, 10, { old: big, new: big })], 'main', 'new')).toMatch(/^chain +300 domains: full +≈ 10\^300 +10 +10 +1\.00×$/m);
    expect(formatComparison([row('x', 10, 10, { old: '1234', new: '1235' })], 'main', 'new')).toContain('1,234 → 1,235 (differ)');
  });

  it('computes the geometric mean', () => {
    expect(geometricMean([2, 8])).toBeCloseTo(4, 12);
    expect(geometricMean([0.9, 0.9, 0.9])).toBeCloseTo(0.9, 12);
  });
});

describe('bench --against, a private build', () => {
  const copy = privateBin('bench-');
  beforeAll(() => copy.build(), 60_000);
  afterAll(() => copy.remove());
  const scratches = () => readdirSync(tmpdir()).filter((n) => n.startsWith('mxproof-against-'));
  const bench = (...args: string[]) => spawnSync(process.execPath, [join(copy.dist, 'src', 'bench', 'bench.js'), ...args], { cwd: ROOT, encoding: 'utf8' });

  it('builds HEAD, runs the smallest cases on both builds, prints the table, and removes the scratch tree', () => {
    const before = scratches();
    const r = bench('--against', 'HEAD', '--only', 'chain 10 hosts', '--repeat', '1');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // Both builds explored the same states: the same sources.
    expect(r.stdout).toMatch(/^chain +10 hosts: full +38 +[\d,]+ +[\d,]+ +[\d.]+×$/m);
    expect(r.stdout).toMatch(/^chain +10 hosts: safety +38 +[\d,]+ +[\d,]+ +[\d.]+×$/m);
    expect(r.stdout).toMatch(/^geometric mean of new ÷ old over 2 cases: [\d.]+×$/m);
    expect(scratches()).toEqual(before);
  }, 120_000);

  it('refuses a revision that is not a commit, exit 2, and leaves no scratch tree', () => {
    const before = scratches();
    const r = bench('--against', 'no-such-revision', '--only', 'chain 10 hosts');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--against: 'no-such-revision' is not a commit of");
    expect(scratches()).toEqual(before);
  });
});
