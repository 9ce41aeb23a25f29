/**
 * Explore's findings are 1-minimal: taking any one thing out of a written finding — a host that is
 * not the rules' own, an MX record, a fault or blocked port, a message, or one option of a host that
 * is not the rules' own — makes the violation go away. Checked here for every finding of every
 * bundled rules file (seed 42, a small number of runs), each removal with the full budget of
 * `mxproof check`; and the removals cover every such part of the file (those the loader refuses,
 * like a filter's required route, are counted apart).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Topology } from '../../models/topology/types.js';
import { explore, type Finding } from '../../src/explore/explore.js';
import { findingYaml } from '../../src/explore/findingFile.js';
import { minimize } from '../../src/explore/minimize.js';
import { involves } from '../../src/explore/relevance.js';
import { singleRemovals } from '../../src/explore/removals.js';
import { checkTopology } from '../../properties/check.js';
import { EXAMPLES, load } from '../helpers.js';

const RULES_DIR = join(EXAMPLES, 'rules');
const RULE_FILES = readdirSync(RULES_DIR).filter((f) => f.endsWith('.yaml')).sort();

type Doc = Record<string, Record<string, unknown> | unknown[] | undefined>;
const record = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The parts of a written finding a removal may take out, counted from the file itself. */
function removableParts(yaml: string, rules: Topology): number {
  const doc = parse(yaml) as Doc;
  const fixedHosts = new Set(rules.hosts.map((h) => h.name));
  const own = Object.entries(record(doc.hosts)).filter(([name]) => !fixedHosts.has(name));
  const mx = Object.entries(record(doc.dns)).filter(([owner]) => rules.dns[owner] === undefined).flatMap(([, e]) => list(record(e).mx));
  const network = record(doc.network);
  const options = own.flatMap(([, h]) => {
    const host = record(h);
    const spam = record(host.spam);
    const spamParts = [list(spam.whitelist).length > 0, spam.action === 'quarantine'].filter(Boolean).length;
    const route = record(host.route);
    const hops = [...list(route.to), ...(typeof route.bestMxElse === 'string' ? [route.bestMxElse] : [])];
    const ports = hops.filter((hop) => /:\d+$/.test(String(hop)) && !String(hop).endsWith(':25')).length;
    return [Object.keys(host).length - 1 + spamParts + ports];
  });
  return (
    own.length +
    mx.length +
    Object.keys(record(network.faults)).length +
    list(network.blocked).length +
    list(doc.messages).length +
    options.reduce((a, b) => a + b, 0) +
    (doc.defaults === undefined ? 0 : 1) +
    (doc.limits === undefined ? 0 : 1)
  );
}

const findingsOf = (file: string, properties?: Finding['property'][]) => {
  const rules = load(join(RULES_DIR, file));
  return { rules, findings: explore(rules, { seed: 42, runs: 25, properties }).findings };
};

describe('explore findings are 1-minimal', () => {
  it('there are bundled rules files to explore', () => {
    expect(RULE_FILES.length).toBeGreaterThanOrEqual(2);
  });

  it.each(RULE_FILES)('every finding of %s: each single removal, checked to the end, ends the violation', (file) => {
    const { rules, findings } = findingsOf(file);
    expect(findings.length).toBeGreaterThan(0);
    const fixed = { hosts: new Set(rules.hosts.map((h) => h.name)), dns: new Set(Object.keys(rules.dns)) };
    let checked = 0;
    for (const f of findings) {
      const { removals, refused } = singleRemovals(f.topology, fixed);
      expect(removals.length + refused.length, `${f.property}: every removable part of the file is tried`).toBe(removableParts(findingYaml(file, f), rules));
      expect(f.singleRemovals).toBe(removals.length);
      for (const r of removals) {
        const after = checkTopology(r.topology).properties.find((p) => p.id === f.property)!;
        expect(after.verdict, `${f.property} without ${r.what}`).not.toBe('inconclusive');
        expect(involves(after, fixed.hosts), `${f.property} is still violated without ${r.what}`).toBe(false);
        checked++;
      }
      // The finding itself still breaks it, and the rules take part.
      expect(involves(f.violation, fixed.hosts)).toBe(true);
    }
    // At least the finding's one generated host and its message were each taken out and checked.
    expect(checked).toBeGreaterThanOrEqual(2 * findings.length);
  });

  it('the same seed minimizes to the same files', () => {
    const yamls = (run: { findings: Finding[] }) => run.findings.map((f) => findingYaml('rules.yaml', f));
    const once = () => yamls(findingsOf('mailhop-relay.yaml', ['call-ahead-bounded']));
    const first = once();
    expect(first).toHaveLength(1);
    expect(once()).toEqual(first);
  });
});

describe('minimizing a finding', () => {
  it('drops a fault the violation does not need (the transient relay the issue saw kept)', () => {
    const rules = load(join(RULES_DIR, 'mailhop-relay.yaml'));
    const finding = explore(rules, { seed: 42, runs: 25, properties: ['call-ahead-bounded'] }).findings[0]!;
    const relay = 'mx1.mailhop.test';
    const noisy: Topology = { ...finding.topology, network: { blocked: [], faults: { [relay]: 'transient' } } };
    const fixed = { hosts: new Set(rules.hosts.map((h) => h.name)), dns: new Set<string>() };
    const breaks = (t: Topology) => involves(checkTopology(t).properties.find((p) => p.id === 'call-ahead-bounded')!, fixed.hosts);
    expect(breaks(noisy)).toBe(true);
    const minimal = minimize(noisy, fixed, breaks);
    expect(minimal.removed).toEqual([`fault of ${relay}`]);
    expect(minimal.topology.network.faults).toEqual({});
    expect(findingYaml('r.yaml', { ...finding, topology: minimal.topology })).toBe(findingYaml('r.yaml', finding));
  });
});
