/**
 * Explore re-discovers the founding article from the relay's rule alone, shrinks it to the three
 * hosts of the article, and hands back a file that `mxproof check` agrees with and a path that
 * replays it exactly.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTopology } from '../../models/topology/load.js';
import type { Topology } from '../../models/topology/types.js';
import { explore, type Finding } from '../../src/explore/explore.js';
import { findingYaml } from '../../src/explore/findingFile.js';
import { checkTopology } from '../../properties/check.js';
import { cli } from '../cli/run.js';
import { EXAMPLES, load } from '../helpers.js';

const RULES = join(EXAMPLES, 'rules', 'mailhop-relay.yaml');
const RELAY = 'mx1.mailhop.test';

/** The article's shape: a filter that routes to the relay and is the domain's best MX. */
function isFoundingLoop(t: Topology): boolean {
  const filters = t.hosts.filter((h) => h.role === 'filter' && h.verify === 'call-ahead' && h.route.kind === 'to' && h.route.to[0]!.host === RELAY);
  const mx = t.dns['example.com']?.mx ?? [];
  const best = Math.min(...mx.map((r) => r.preference));
  return filters.some((f) => mx.some((r) => r.host === f.name && r.preference === best));
}

const callAheadFinding = (seed: number): Finding | undefined =>
  explore(load(RULES), { seed, properties: ['call-ahead-bounded'] }).findings[0];

describe('explore from a MailHop-style relay rule', () => {
  it('finds call-ahead-bounded broken and shrinks it to the founding loop: three hosts, a filter as best MX calling ahead to the relay', () => {
    const finding = callAheadFinding(42)!;
    expect(finding.topology.hosts).toHaveLength(3);
    expect(isFoundingLoop(finding.topology)).toBe(true);
    expect(finding.violation.reason).toMatch(/call-ahead to mx1\.mailhop\.test .* repeats/);
  });

  it('does so for at least 9 of 10 other seeds', () => {
    const minimal = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].filter((seed) => {
      const f = callAheadFinding(seed);
      return f !== undefined && f.topology.hosts.length <= 3 && isFoundingLoop(f.topology);
    });
    expect(minimal.length).toBeGreaterThanOrEqual(9);
  });

  it('replays a finding exactly from its seed and path', () => {
    const finding = callAheadFinding(7)!;
    const again = explore(load(RULES), { seed: 7, properties: ['call-ahead-bounded'], replayPath: finding.path }).findings[0]!;
    expect(findingYaml(RULES, again)).toBe(findingYaml(RULES, finding));
  });

  it('writes the minimal topology as a file that check loads and agrees with, verdict for verdict', () => {
    const finding = callAheadFinding(42)!;
    const text = findingYaml(RULES, finding);
    const loaded = loadTopology(text, 'finding.yaml');
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const verdicts = Object.fromEntries(checkTopology(loaded.topology).properties.map((p) => [p.id, p.verdict]));
    expect(verdicts).toEqual(loaded.topology.expect);
    expect(verdicts['call-ahead-bounded']).toBe('violated');
  });

  it('is deterministic: the same rules and seed give the same findings', () => {
    const run = () => explore(load(RULES), { seed: 3, runs: 200, properties: ['call-ahead-bounded', 'no-forwarding-loop'] });
    const a = run();
    const b = run();
    expect(a.findings.map((f) => findingYaml(RULES, f))).toEqual(b.findings.map((f) => findingYaml(RULES, f)));
    expect(a.clean).toEqual(b.clean);
  });
});

describe('explore from a backup MX without a recipient list', () => {
  it('finds no-backscatter: the backup accepts mail for an address nobody holds', () => {
    const rules = load(join(EXAMPLES, 'rules', 'backup-mx.yaml'));
    const [finding] = explore(rules, { properties: ['no-backscatter'] }).findings;
    expect(finding).toBeDefined();
    expect(finding!.violation.reason).toContain('backup.mailhop.test accepts mail for <nobody@example.com>');
    expect(finding!.topology.hosts.length).toBeLessThanOrEqual(3);
  });
});

describe('mxproof explore', () => {
  it('exits 1 with findings, writes each to --out, and the files re-check with exit 0', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mxproof-explore-'));
    const r = await cli('explore', RULES, '--property', 'call-ahead-bounded', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ call-ahead-bounded  broken by a 3-host topology');
    expect(r.stdout).toMatch(/replay: mxproof explore .* --seed 42 --property call-ahead-bounded --replay \d+(:\d+)*/);
    const file = join(out, 'call-ahead-bounded.yaml');
    expect(readFileSync(file, 'utf8')).toContain('filter1.test');
    expect((await cli('check', file)).code).toBe(0);
  });

  it('exits 0 when no topology breaks the asked property, and 2 for a replay without one property', async () => {
    expect((await cli('explore', RULES, '--property', 'no-open-relay', '--runs', '50')).code).toBe(0);
    expect((await cli('explore', RULES, '--replay', '1:2')).code).toBe(2);
    expect((await cli('explore', join(EXAMPLES, 'nope.yaml'))).code).toBe(2);
  });
});
