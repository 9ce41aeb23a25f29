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

interface Report {
  properties: { id: string; verdict: string; expected?: string; counterexample: { path: string; steps: unknown[] } | null }[];
  stats: { states: number; transitions: number };
}

describe('examples/plugins', () => {
  it('are the folders pinned here, each with rules, a config and a README', () => {
    const folders = readdirSync(PLUGINS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    expect(folders).toEqual(Object.keys(PINNED).sort());
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
});
