/**
 * The plugin examples run as their READMEs say, each with its config found beside it, and find
 * what the READMEs say they find: the verdicts, the counterexample's path and length, and the size
 * of the space explored, pinned.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../helpers.js';
import { cli } from '../cli/run.js';

const PLUGINS = join(EXAMPLES, 'plugins');

interface Pinned {
  property: string;
  path: string;
  steps: number;
  states: number;
  transitions: number;
}

const PINNED: Record<string, Pinned> = {
  'legacy-hosts': { property: 'no-legacy-hosts', path: '0:0.1.0*4', steps: 6, states: 38, transitions: 72 },
  'hop-budget': { property: 'at-most-2-hosts', path: '0:0.1.0*5.1.0*7', steps: 15, states: 54, transitions: 104 },
};

/** Plugins that register a role, run with `mxproof explore` as their READMEs say. */
interface Explored {
  checked: number;
  /** Every property explore breaks, with the size of the smallest topology found, and its path. */
  broken: Record<string, { hosts: number; path: string }>;
  /** What the finding that matters says, and the role it runs. */
  reason: [property: string, reason: string];
  role: string;
  /** Properties explore must find no violation of that involves the rules. */
  clean: string[];
}

/** No loop of either kind involving the rules: the properties a role could break by routing. */
const NO_LOOP = ['call-ahead-bounded', 'no-forwarding-loop'];

const EXPLORED: Record<string, Explored> = {
  'relay-direct-to-filter': {
    checked: 908,
    broken: {
      'eventual-delivery': { hosts: 4, path: '25:1:0:3:2:3:3:3:3:3:3:4:4:4:5:4:4:5' },
      'no-backscatter': { hosts: 4, path: '202:6:5:6:6:6:6:6:9:8:8:11:12:12:12:12:11:11:11:15:14:15:15' },
    },
    reason: ['no-backscatter', 'filter1.test accepts mail for <nobody@d1.test>, which no host holds: it can only bounce later, to <bob@sender.test>'],
    role: 'direct-relay',
    clean: NO_LOOP,
  },
  'filter-skips-call-ahead': {
    checked: 863,
    broken: {
      'eventual-delivery': { hosts: 4, path: '25:1:0:3:2:3:3:3:3:3:3:4:4:4:5:4:4:5' },
      'no-backscatter': { hosts: 3, path: '14:0:0:0:0:0:0:0:3:3' },
    },
    reason: ['no-backscatter', 'mx.edge.test accepts mail for <nobody@example.com>, which no host holds: it can only bounce later, to <bob@sender.test>'],
    role: 'chained-filter',
    clean: NO_LOOP,
  },
  // The founding loop with a callout cache at both verifiers: still the loop, found on the rules
  // alone (3 hosts), and nothing else — in particular no stale cached answer losing or misrouting
  // mail. 837 topologies, not the uncached rules' 844: draws whose two messages would share a cache
  // are left out (memoryScope.ts), which moves fast-check's later draws.
  'callout-cache': {
    checked: 837,
    broken: {
      'eventual-delivery': { hosts: 3, path: '0:0:0:0:0:0:0:0:0:0:0' },
      'call-ahead-bounded': { hosts: 3, path: '0:0:0:0:0:0:0:0:0:0:0' },
    },
    reason: ['call-ahead-bounded', "mx.postini.test's call-ahead to mx1.mailhop.test for <alice@example.com> repeats: the chain never ends"],
    role: 'caching-filter',
    clean: ['no-forwarding-loop', 'no-silent-loss', 'no-backscatter', 'no-open-relay', 'dns-well-formed'],
  },
};

interface ExploreReport {
  checked: number;
  clean: string[];
  findings: { property: string; hosts: string[]; path: string; reason: string; topology: string }[];
}

interface Report {
  properties: { id: string; verdict: string; expected?: string; counterexample: { path: string; steps: unknown[] } | null }[];
  stats: { states: number; transitions: number };
}

describe('examples/plugins', () => {
  it('are the folders pinned here, each with rules, a config and a README', () => {
    const folders = readdirSync(PLUGINS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    expect(folders).toEqual([...Object.keys(PINNED), ...Object.keys(EXPLORED)].sort());
    for (const folder of folders) {
      const files = readdirSync(join(PLUGINS, folder));
      expect(files).toContain('rules.yaml');
      expect(files).toContain('README.md');
      expect(files.some((f) => /^mxproof\.config\.(ts|mjs|js)$/.test(f))).toBe(true);
    }
  });

  it.each(Object.entries(PINNED))('%s: the property of its config is violated as expected, every other verdict as the file says', async (folder, pinned) => {
    const rules = relative(process.cwd(), join(PLUGINS, folder, 'rules.yaml'));
    const text = await cli('check', rules);
    expect(text.code).toBe(0);
    const json = await cli('check', rules, '--format', 'json');
    const report = JSON.parse(json.stdout) as Report;
    const own = report.properties.find((p) => p.id === pinned.property)!;
    expect({ verdict: own.verdict, expected: own.expected, path: own.counterexample?.path, steps: own.counterexample?.steps.length }).toEqual({
      verdict: 'violated',
      expected: 'violated',
      path: pinned.path,
      steps: pinned.steps,
    });
    // The built-in properties hold (or do not apply): the config's property is the finding.
    expect(report.properties.filter((p) => p.id !== pinned.property && p.verdict !== 'holds').map((p) => [p.id, p.verdict])).toEqual([['no-backscatter', 'not-applicable']]);
    expect(report.stats).toMatchObject({ states: pinned.states, transitions: pinned.transitions });
  });

  it.each(Object.entries(EXPLORED))(
    '%s: explore with its config finds what its README says',
    async (folder, pinned) => {
      const dir = relative(process.cwd(), join(PLUGINS, folder));
      const run = await cli('explore', join(dir, 'rules.yaml'), '--config', join(dir, 'mxproof.config.ts'), '--format', 'json', '--quiet');
      expect(run.stderr).toBe('');
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as ExploreReport;
      expect(report.checked).toBe(pinned.checked);
      const broken = Object.fromEntries(report.findings.map((f) => [f.property, { hosts: f.hosts.length, path: f.path }]));
      expect(broken).toEqual(pinned.broken);
      expect(report.clean).toEqual(expect.arrayContaining(pinned.clean));
      const [property, reason] = pinned.reason;
      const finding = report.findings.find((f) => f.property === property)!;
      expect(finding.reason).toBe(reason);
      // The minimal topology is written with the role of the config, and loads with it again.
      expect(finding.topology).toContain(`role: ${pinned.role}`);
    },
    120_000,
  );
});
