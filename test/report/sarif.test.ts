/**
 * SARIF for code scanning: every example's report validates against the SARIF 2.1.0 schema, and
 * its locations point at the lines the violations involve — found in the file's text here, never
 * hard-coded, so the test follows the examples when they change.
 */
import { PROPERTY_IDS } from '../../models/topology/types.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile, checkLoaded, type CheckOutcome } from '../../src/api/check.js';
import { loadTopology } from '../../src/api/load.js';
import { artifactUri, LOAD_ERROR_RULE, sarifLog, UNMET_EXPECT_RULE, type SarifLog, type SarifResult } from '../../src/report/sarif.js';
import { EXAMPLES, exampleFiles, ROOT } from '../helpers.js';
import { cli } from '../cli/run.js';
import { sarifValidator } from './sarifSchema.js';

const FOUNDING = join(EXAMPLES, 'postini-mailhop.yaml');
/** The bundled examples, the rules files for explore included. */
const EVERY_EXAMPLE = [...exampleFiles(), ...readdirSync(join(EXAMPLES, 'rules')).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(EXAMPLES, 'rules', f))];
const fixture = (...parts: string[]) => join(ROOT, 'test', 'fixtures', ...parts);

function expectValid(log: unknown): void {
  const validate = sarifValidator();
  const valid = validate(log);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

/** 1-based number of the first line at or after `from` (1-based) that matches. */
function lineOf(text: string, pattern: RegExp, from = 1): number {
  const lines = text.split('\n');
  for (let i = from - 1; i < lines.length; i++) if (pattern.test(lines[i]!)) return i + 1;
  throw new Error(`no line matches ${pattern}`);
}

const result = (log: SarifLog, ruleId: string): SarifResult => {
  const found = log.runs[0]!.results.find((r) => r.ruleId === ruleId);
  if (found === undefined) throw new Error(`no result for ${ruleId}`);
  return found;
};
const region = (r: SarifResult) => r.locations[0]!.physicalLocation.region;

describe('SARIF report', () => {
  it.each(EVERY_EXAMPLE.map((f) => [relative(ROOT, f), f]))('%s validates against the SARIF 2.1.0 schema', (_name, file) => {
    expectValid(sarifLog([checkFile(file)], { baseDir: ROOT }));
  });

  it('validates for every kind of result at once: violations, unmet expects, inconclusive runs, load errors', () => {
    const files: CheckOutcome[] = [
      ...EVERY_EXAMPLE.map((f) => checkFile(f)),
      checkFile(fixture('cli', 'unmet-expect.yaml')),
      checkFile(fixture('cli', 'open-relay-no-expect.yaml')),
      checkFile(join(EXAMPLES, 'mailhop-only.yaml'), { maxStates: 3 }),
      checkFile(fixture('malformed', 'bad-verify-mode.yaml')),
      checkFile(join(ROOT, 'no-such-file.yaml')),
    ];
    const log = sarifLog(files, { baseDir: ROOT });
    expectValid(log);
    const rules = log.runs[0]!.results.map((r) => r.ruleId);
    expect(rules).toEqual(expect.arrayContaining([UNMET_EXPECT_RULE, LOAD_ERROR_RULE, 'no-open-relay', 'eventual-delivery']));
    expect(log.runs[0]!.results.some((r) => r.kind === 'open' && r.level === 'none')).toBe(true);
  });

  it("has one run whose driver is mxproof with the built-in properties as rules, each described by its summary", () => {
    const run = sarifLog([checkFile(FOUNDING)]).runs[0]!;
    expect(run.tool.driver.name).toBe('mxproof');
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(ids.slice(0, PROPERTY_IDS.length)).toEqual([...PROPERTY_IDS]);
    expect(run.tool.driver.rules[1]!.shortDescription.text).toMatch(/call-aheads/);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
  });

  describe('on the founding loop', () => {
    const text = readFileSync(FOUNDING, 'utf8');
    const log = sarifLog([checkFile(FOUNDING)], { baseDir: ROOT });
    const postini = lineOf(text, /^ {2}mx\.postini\.test:/);
    const relay = lineOf(text, /^ {2}mx1\.mailhop\.test:/);

    it('names the file relative to the working directory, with forward slashes', () => {
      expect(log.runs[0]!.artifacts[0]!.location.uri).toBe('examples/postini-mailhop.yaml');
      expect(result(log, 'call-ahead-bounded').locations[0]!.physicalLocation.artifactLocation.uri).toBe('examples/postini-mailhop.yaml');
    });

    it("puts call-ahead-bounded at mx.postini.test's `verify: call-ahead`, line and column", () => {
      const line = lineOf(text, /^\s+verify: call-ahead/, postini);
      expect(line).toBeLessThan(relay);
      expect(region(result(log, 'call-ahead-bounded'))).toEqual({ startLine: line, startColumn: text.split('\n')[line - 1]!.indexOf('call-ahead') + 1 });
    });

    it('puts eventual-delivery at the message that is never delivered', () => {
      expect(region(result(log, 'eventual-delivery')).startLine).toBe(lineOf(text, /^\s+- \{ from: "bob@sender\.test", to: "alice@example\.com" \}/));
    });

    it('reports only the violated properties, at level error, with the reason as the message', () => {
      expect(log.runs[0]!.results.map((r) => r.ruleId).sort()).toEqual(['call-ahead-bounded', 'eventual-delivery']);
      const r = result(log, 'call-ahead-bounded');
      expect(r.level).toBe('error');
      expect(r.message.text).toBe("mx.postini.test's call-ahead to mx1.mailhop.test for <alice@example.com> repeats: the chain never ends");
    });

    it('gives the counterexample as a code flow whose steps stand at the host that acts in each', () => {
      const steps = result(log, 'call-ahead-bounded').codeFlows![0]!.threadFlows[0]!.locations;
      expect(steps.map((s) => s.executionOrder)).toEqual([1, 2, 3, 4, 5]);
      expect(steps.map((s) => s.nestingLevel)).toEqual([0, 0, 1, 2, 3]);
      const lines = steps.map((s) => s.location.physicalLocation.region.startLine);
      const message = lineOf(text, /^\s+- \{ from:/);
      // sender (no host entry: its message), then postini, relay, postini calling ahead.
      expect(lines).toEqual([message, message, postini, relay, postini]);
      expect(steps[2]!.location.message!.text).toMatch(/^mx\.postini\.test → mx1\.mailhop\.test: RCPT TO:<alice@example\.com> \(call-ahead\)/);
      expect(steps[4]!.location.message!.text).toContain('↺ repeats step 3');
    });

    it('marks the lasso of eventual-delivery on its thread flow', () => {
      const flow = result(log, 'eventual-delivery').codeFlows![0]!.threadFlows[0]!;
      expect(flow.message!.text).toMatch(/^from step \d+ the run repeats forever$/);
    });

    it('keeps violations the expect block names, suppressed in source at the expect line', () => {
      const r = result(log, 'call-ahead-bounded');
      expect(r.suppressions).toHaveLength(1);
      expect(r.suppressions![0]!.location.physicalLocation.region.startLine).toBe(lineOf(text, /^\s+call-ahead-bounded: violated/));
      expect(r.properties).toMatchObject({ verdict: 'violated', expected: 'violated', pointer: '/hosts/mx.postini.test/verify' });
    });
  });

  it('leaves a violation nobody expected unsuppressed', () => {
    const r = result(sarifLog([checkFile(fixture('cli', 'open-relay-no-expect.yaml'))]), 'no-open-relay');
    expect(r.suppressions).toBeUndefined();
    expect(r.level).toBe('error');
  });

  it('reports an unmet expect at the expect line, under its own rule', () => {
    const file = fixture('cli', 'unmet-expect.yaml');
    const r = result(sarifLog([checkFile(file)]), UNMET_EXPECT_RULE);
    expect(region(r).startLine).toBe(lineOf(readFileSync(file, 'utf8'), /^\s+eventual-delivery: violated/));
    expect(r.message.text).toBe('expect says eventual-delivery: violated, but the check found holds');
  });

  it('reports a file that does not load as load errors at their line and column', () => {
    const log = sarifLog([checkFile(fixture('malformed', 'bad-verify-mode.yaml'))]);
    const r = result(log, LOAD_ERROR_RULE);
    expect(region(r)).toEqual({ startLine: 7, startColumn: 13 });
    expect(r.message.text).toMatch(/^hosts\["mx\.postini\.test"\]\.verify: unknown verify mode/);
    expect(log.runs[0]!.invocations[0]!.executionSuccessful).toBe(false);
  });

  it("finds hosts and domains spelled in the file's own case, with a trailing dot", () => {
    const text = [
      'version: 1',
      'dns:',
      '  Example.COM.:',
      '    mx: ["10 Mail.Example.com.", "10 203.0.113.9"]',
      'hosts:',
      '  Relay.Example.NET.:',
      '    role: relay',
      '    accepts: ["*"]',
      '    route: { bestMxElse: "Mail.Example.com." }',
      '  Mail.Example.com.:',
      '    role: mailbox',
      '    mailboxes: ["alice@example.com"]',
      'messages:',
      '  - { from: "bob@sender.test", to: "alice@example.com" }',
      '',
    ].join('\n');
    const loaded = loadTopology(text, 'spelled.yaml');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const log = sarifLog([checkLoaded(loaded.topology)]);
    expectValid(log);
    expect(region(result(log, 'no-open-relay'))).toEqual({ startLine: 8, startColumn: 14 });
    expect(region(result(log, 'dns-well-formed'))).toEqual({ startLine: 4, startColumn: 34 });
  });

  it('makes URIs relative to the base directory, encoded, and file: URLs outside it', () => {
    expect(artifactUri('/repo/mail/a b.yaml', '/repo')).toBe('mail/a%20b.yaml');
    expect(artifactUri('mail/x.yaml', '/repo')).toBe('mail/x.yaml');
    expect(artifactUri('/elsewhere/x.yaml', '/repo')).toBe('file:///elsewhere/x.yaml');
    expect(artifactUri('a:b.yaml')).toBe('a%3Ab.yaml');
  });

  it('is what `mxproof check --format sarif` prints: one log for all files, exit code as for text', async () => {
    const r = await cli('check', FOUNDING, fixture('cli', 'open-relay-no-expect.yaml'), '--format', 'sarif');
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout) as SarifLog;
    expectValid(log);
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0]!.artifacts).toHaveLength(2);
  });
});
