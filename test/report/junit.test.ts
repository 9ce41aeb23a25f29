/**
 * JUnit for CI dashboards: the XML parses, has one suite per file and one case per property, and
 * counts exactly the failures `mxproof check` exits 1 for; a failure carries the counterexample.
 */
import { PROPERTY_IDS } from '../../models/topology/types.js';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { checkFile } from '../../src/api/check.js';
import { renderJUnit, xmlEscape } from '../../src/report/junit.js';
import { cli } from '../cli/run.js';
import { EXAMPLES, exampleFiles, load, ROOT } from '../helpers.js';

const fixture = (...parts: string[]) => join(ROOT, 'test', 'fixtures', ...parts);

interface Case {
  classname: string;
  name: string;
  failure?: { message: string; type: string; '#text'?: string };
  error?: { message: string; type: string; '#text'?: string };
  skipped?: { message: string };
  'system-out'?: string;
}
interface Suite {
  name: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  testcase: Case[];
}
interface Parsed {
  testsuites: { tests: number; failures: number; errors: number; skipped: number; testsuite: Suite[] };
}

function parse(xml: string): Parsed {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: true,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
  });
  return parser.parse(xml) as Parsed;
}

const suiteOf = (file: string, options = {}) => parse(renderJUnit([checkFile(file, options)])).testsuites.testsuite[0]!;

describe('JUnit report', () => {
  it('has one suite per file, one test case per property, classname the file and name the property', () => {
    const files = exampleFiles();
    const doc = parse(renderJUnit(files.map((f) => checkFile(f)))).testsuites;
    expect(doc.testsuite.map((s) => s.name)).toEqual(files);
    let own = 0;
    for (const s of doc.testsuite) {
      // The built-in properties in FORMAT.md's order, then the file's own path properties in file order.
      const paths = load(s.name).properties.map((p) => p.id);
      own += paths.length;
      expect(s.testcase.map((c) => c.name)).toEqual([...PROPERTY_IDS, ...paths]);
      expect(new Set(s.testcase.map((c) => c.classname))).toEqual(new Set([s.name]));
    }
    expect(own).toBeGreaterThan(0);
    expect(doc.tests).toBe(PROPERTY_IDS.length * files.length + own);
  });

  it('counts no failure for the examples, whose violations are all expected', () => {
    const doc = parse(renderJUnit(exampleFiles().map((f) => checkFile(f)))).testsuites;
    expect(doc.failures).toBe(0);
    expect(doc.errors).toBe(0);
  });

  it('passes an expected violation, with its counterexample in system-out', () => {
    const founding = suiteOf(join(EXAMPLES, 'postini-mailhop.yaml'));
    const bounded = founding.testcase.find((c) => c.name === 'call-ahead-bounded')!;
    expect(bounded.failure).toBeUndefined();
    expect(bounded['system-out']).toContain('↺ repeats step 3');
  });

  it('counts a violation nobody expected as a failure carrying the steps', () => {
    const suite = suiteOf(fixture('cli', 'open-relay-no-expect.yaml'));
    expect(suite.failures).toBe(1);
    const failed = suite.testcase.filter((c) => c.failure !== undefined);
    expect(failed.map((c) => c.name)).toEqual(['no-open-relay']);
    expect(failed[0]!.failure!.type).toBe('violated');
    expect(failed[0]!.failure!['#text']).toContain('accepts: ["*"] and no allowFrom');
    expect(failed[0]!.failure!['#text']).toMatch(/at .*open-relay-no-expect\.yaml:\d+:\d+ \(\/hosts\/mail\.example\.com\/accepts\)/);
  });

  it('counts an unmet expect as a failure', () => {
    const suite = suiteOf(fixture('cli', 'unmet-expect.yaml'));
    expect(suite.failures).toBe(1);
    const failed = suite.testcase.find((c) => c.failure !== undefined)!;
    expect(failed.name).toBe('eventual-delivery');
    expect(failed.failure!.type).toBe('unmet-expect');
    expect(failed.failure!.message).toBe('holds (expected violated)');
  });

  it('counts the failures of a changed topology: the founding loop with a recipient list breaks its old expect block', () => {
    const suite = suiteOf(fixture('diff', 'postini-mailhop-relay-recipients.yaml'));
    const failed = suite.testcase.filter((c) => c.failure !== undefined).map((c) => c.name);
    expect(failed).toEqual(['call-ahead-bounded', 'no-forwarding-loop']);
    expect(suite.failures).toBe(2);
    const loop = suite.testcase.find((c) => c.name === 'no-forwarding-loop')!;
    expect(loop.failure!['#text']).toContain('mx.postini.test already passed this message on before: a forwarding loop');
  });

  it('reports an inconclusive verdict as an error and not-applicable as skipped', () => {
    const cut = suiteOf(join(EXAMPLES, 'mailhop-only.yaml'), { maxStates: 3 });
    expect(cut.errors).toBeGreaterThan(0);
    expect(cut.testcase.find((c) => c.name === 'eventual-delivery')!.error!.type).toBe('inconclusive');
    const founding = suiteOf(join(EXAMPLES, 'postini-mailhop.yaml'));
    expect(founding.skipped).toBe(1);
    expect(founding.testcase.find((c) => c.name === 'no-backscatter')!.skipped!.message).toMatch(/^not-applicable \(as expected\): /);
  });

  it('reports a file that does not load as a suite with one load case in error', () => {
    const file = fixture('malformed', 'bad-verify-mode.yaml');
    const suite = parse(renderJUnit([checkFile(file)])).testsuites.testsuite[0]!;
    expect(suite).toMatchObject({ name: file, tests: 1, errors: 1, failures: 0 });
    expect(suite.testcase[0]!.name).toBe('load');
    expect(suite.testcase[0]!.error!['#text']).toContain(`${file}:7:13: hosts["mx.postini.test"].verify`);
  });

  it('escapes what XML cannot hold as it is', () => {
    expect(xmlEscape('<a & "b"> \'c\'')).toBe('&lt;a &amp; &quot;b&quot;&gt; &apos;c&apos;');
    expect(xmlEscape('bell\u0007 and lone \uD800')).toBe('bell\uFFFD and lone \uFFFD');
  });

  it('is what `mxproof check --format junit` prints, one document for all files', async () => {
    const r = await cli('check', join(EXAMPLES, 'postini-mailhop.yaml'), fixture('cli', 'open-relay-no-expect.yaml'), fixture('malformed', 'bad-verify-mode.yaml'), '--format', 'junit');
    expect(r.code).toBe(2);
    const doc = parse(r.stdout).testsuites;
    expect(doc.testsuite).toHaveLength(3);
    expect(doc.failures).toBe(1);
    expect(doc.errors).toBe(1);
  });
});
