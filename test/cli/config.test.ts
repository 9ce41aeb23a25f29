/**
 * Properties of the user's own on the command line, end to end: a config found beside the
 * topology (or in the working directory, or named with --config) is judged by check, diff,
 * replay, diagram, docs and explore; stage and export say they do not carry it; a config that is
 * broken stops the command with exit 2 and the config file named, never a stack trace.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { EXAMPLES } from '../helpers.js';
import { cli } from './run.js';

const rel = (p: string) => relative(process.cwd(), p);
const PLUGIN = join(EXAMPLES, 'plugins', 'legacy-hosts');
const RULES = rel(join(PLUGIN, 'rules.yaml'));
const CONFIG = rel(join(PLUGIN, 'mxproof.config.mjs'));

const scratch = mkdtempSync(join(tmpdir(), 'mxproof-cli-config-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A folder of its own with the plugin's rules, and the given config file text (none when null). */
function project(name: string, config: string | null, configName = 'mxproof.config.mjs'): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(PLUGIN, 'rules.yaml'), join(dir, 'rules.yaml'));
  if (config !== null) writeFileSync(join(dir, configName), config);
  return dir;
}

describe('a config beside the topology', () => {
  it('is found and judged by check, after the built-in properties', async () => {
    const r = await cli('check', RULES);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓ no-legacy-hosts     violated (as expected)  backup.oldisp.test, tagged legacy, accepts the message for <alice@example.com>');
    expect(r.stdout).toContain('no-legacy-hosts: counterexample (path 0:0.1.0*4)');
  });

  it('is left out with --no-config: then `expect` names a property nobody defines', async () => {
    const r = await cli('check', RULES, '--no-config');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rules\.yaml:\d+:\d+: expect\.no-legacy-hosts: unknown property `no-legacy-hosts`/);
  });

  it('gives --property the config’s ids, and JSON the property’s verdict', async () => {
    const r = await cli('check', RULES, '--property', 'no-legacy-hosts', '--format', 'json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { properties: { id: string; verdict: string; counterexample: { path: string } }[] };
    expect(report.properties.map((p) => [p.id, p.verdict, p.counterexample.path])).toEqual([['no-legacy-hosts', 'violated', '0:0.1.0*4']]);
  });

  it('is a SARIF rule described by the config, with its violation a result', async () => {
    const r = await cli('check', RULES, '--format', 'sarif');
    const log = JSON.parse(r.stdout) as { runs: { tool: { driver: { rules: { id: string; fullDescription: { text: string }; properties: { tags: string[] } }[] } }; results: { ruleId: string }[] }[] };
    const rule = log.runs[0]!.tool.driver.rules.find((x) => x.id === 'no-legacy-hosts')!;
    expect(rule.fullDescription.text).toBe(`no message for example.com is accepted by a host tagged legacy. A property of ${CONFIG}. Safety: checked on every step of every reachable run; the counterexample is a shortest run to the bad step.`);
    expect(rule.properties.tags).toEqual(['mail-routing', 'config']);
    expect(log.runs[0]!.results.map((x) => x.ruleId)).toContain('no-legacy-hosts');
  });

  it('is a JUnit test case of its own', async () => {
    const r = await cli('check', RULES, '--format', 'junit');
    expect(r.stdout).toContain('tests="8"');
    expect(r.stdout).toMatch(/<testcase classname="[^"]*rules\.yaml" name="no-legacy-hosts"/);
  });

  it('is judged on each step of a replayed path', async () => {
    const r = await cli('replay', RULES, '0:0.1.0*4');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  step 6 violates no-legacy-hosts: backup.oldisp.test, tagged legacy, accepts the message for <alice@example.com>');
  });

  it('draws the counterexample of its property (diagram --kind trace)', async () => {
    const r = await cli('diagram', RULES, '--kind', 'trace', '--property', 'no-legacy-hosts');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^sequenceDiagram/);
    expect(r.stdout).toContain('backup.oldisp.test');
  });

  it('puts its property on the docs page', async () => {
    const out = join(scratch, 'docs');
    const r = await cli('docs', RULES, '--out', out, '--no-html');
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'rules.md'), 'utf8')).toContain('no-legacy-hosts');
  });

  it('is compared by diff: untagging the old backup fixes the property', async () => {
    const dir = project('diff', readFileSync(join(PLUGIN, 'mxproof.config.mjs'), 'utf8'));
    writeFileSync(join(dir, 'after.yaml'), readFileSync(join(dir, 'rules.yaml'), 'utf8').replace('tags: [legacy]', 'tags: []'));
    const r = await cli('diff', join(dir, 'rules.yaml'), join(dir, 'after.yaml'), '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ fixed: ['no-legacy-hosts'], broken: [] });
  });

  it('is looked for by explore, whose --property knows its id', async () => {
    const r = await cli('explore', RULES, '--property', 'no-legacy-hosts', '--runs', '5', '--quiet');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no-legacy-hosts');
    expect((await cli('explore', RULES, '--property', 'no-legacy-host', '--runs', '5')).stderr).toMatch(/unknown property 'no-legacy-host'; known: .*no-legacy-hosts/);
  });

  it('is not carried by export --promela, which says so and exports the model', async () => {
    const r = await cli('export', '--promela', RULES);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`note: export does not carry the properties of ${CONFIG} (no-legacy-hosts): the Promela program asserts call-ahead-bounded and no-forwarding-loop only`);
    expect(r.stdout).toContain('exported by mxproof for SPIN');
  });

  it('lets route load a file whose expect names the config’s property', async () => {
    const r = await cli('route', RULES, 'alice@example.com');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('mail.example.com');
  });
});

describe('where a config is found', () => {
  it('--config names one for a topology that has none beside it', async () => {
    const dir = project('named', null);
    const r = await cli('check', join(dir, 'rules.yaml'), '--config', CONFIG);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no-legacy-hosts     violated (as expected)');
  });

  it('the working directory’s applies when the topology’s folder has none', async () => {
    const cwd = project('cwd', readFileSync(join(PLUGIN, 'mxproof.config.mjs'), 'utf8').replace("'no-legacy-hosts'", "'no-legacy-hosts'"));
    const elsewhere = project('elsewhere', null);
    let stdout = '';
    const code = await run(['check', join(elsewhere, 'rules.yaml')], { stdout: (t) => (stdout += t), stderr: () => {}, stderrIsTTY: false, env: {}, cwd });
    expect(code).toBe(0);
    expect(stdout).toContain('no-legacy-hosts     violated (as expected)');
  });

  it('a TypeScript config beside the topology is loaded too', async () => {
    const r = await cli('check', rel(join(EXAMPLES, 'plugins', 'hop-budget', 'rules.yaml')), '--property', 'at-most-2-hosts');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓ at-most-2-hosts  violated (as expected)');
  });
});

describe('a broken config', () => {
  const broken = async (name: string, text: string, configName?: string) => {
    const dir = project(name, text, configName);
    const file = join(dir, 'rules.yaml');
    const r = await cli('check', file, '--format', 'json');
    // A config outside the working directory is named by its full path.
    return { ...r, config: join(dir, configName ?? 'mxproof.config.mjs') };
  };

  it('that throws stops the command with exit 2, naming the file and line, with no stack', async () => {
    const r = await broken('throws', "const where = 'here';\n\nthrow new Error(`not ${where}`);\n");
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(`${r.config}:3:7: (config): the config file cannot be loaded: Error: not here`);
    expect(r.stderr).toContain('mxproof: nothing was checked: fix the config file above (or pass --no-config to check without it)');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('of the wrong shape names the field and its line', async () => {
    const r = await broken('shape', "export default {\n  properties: [\n    { id: 'x', kind: 'safety', summary: 'x', judges: 'accepted', violation: () => null },\n  ],\n};\n");
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`${r.config}:3:46: properties[0].judges: expected a list, got \`accepted\``);
  });

  it('whose id collides with a built-in property names the config file', async () => {
    const r = await broken('collides', "export default { properties: [{ id: 'no-silent-loss', kind: 'safety', summary: 'x', judges: ['accepted'], violation: () => null }] };\n");
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`${r.config}:1:33: properties[0].id: \`no-silent-loss\` is a built-in property; a property of your own needs another id`);
  });

  it('whose property throws during the check gives exit 2 at the line that threw', async () => {
    const text = [
      'export default {',
      '  properties: [{',
      "    id: 'no-legacy-hosts', kind: 'safety', summary: 'x', judges: ['accepted'],",
      '    violation(effect, system) {',
      '      return system.hostByName(effect.host).legacy;',
      '    },',
      '  }],',
      '};',
      '',
    ].join('\n');
    const r = await broken('runtime', text);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      `${r.config}:5:21: properties[0].violation: property \`no-legacy-hosts\`: violation threw TypeError: system.hostByName is not a function`,
    );
    expect(r.stderr).not.toMatch(/^\s+at /m);
    // The same through commands that check without the API.
    for (const argv of [['diagram', join(scratch, 'runtime', 'rules.yaml')], ['replay', join(scratch, 'runtime', 'rules.yaml'), '0:0.1.0*4']]) {
      const other = await cli(...argv);
      expect({ argv, code: other.code, first: other.stderr.split('\n')[0] }).toEqual({ argv, code: 2, first: expect.stringContaining(':5:21: properties[0].violation:') });
    }
  });

  it('two configs in one folder are refused: which one was meant?', async () => {
    const dir = project('two', 'export default {};\n');
    writeFileSync(join(dir, 'mxproof.config.js'), 'export default {};\n');
    const r = await cli('check', join(dir, 'rules.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('are both config files; keep one, or name it with --config');
  });
});
