/**
 * A file with three different DNS problems gets three problems in every report: three SARIF
 * results at three lines (found in the file's text here, never hard-coded), every problem in the
 * text, JSON, JUnit and Markdown reports, and a diff that tells which problems came and went while
 * the property stayed violated.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile, type CheckOutcome } from '../../src/api/check.js';
import type { Topology } from '../../models/topology/types.js';
import { compareResults } from '../../src/api/diff.js';
import { renderDiffJson, renderDiffText } from '../../src/report/diff.js';
import { renderCheckJson } from '../../src/report/json.js';
import { renderJUnit } from '../../src/report/junit.js';
import { renderTopologyMarkdown } from '../../src/report/markdown.js';
import { sarifLog } from '../../src/report/sarif.js';
import { renderCheckText } from '../../src/report/text.js';
import { explain } from '../../src/vitest/matchers.js';
import { locate } from '../../src/report/locate.js';
import { ROOT } from '../helpers.js';
import { sarifValidator } from './sarifSchema.js';

const FILE = join(ROOT, 'test', 'fixtures', 'dns', 'three-problems.yaml');
const CHANGED = join(ROOT, 'test', 'fixtures', 'dns', 'three-problems-fixed-one.yaml');
const TEXT = readFileSync(FILE, 'utf8');

function checked(path: string): Extract<CheckOutcome, { ok: true }> & { topology: Topology } {
  const outcome = checkFile(path);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  if (outcome.topology === null) throw new Error('stopped while loading');
  return { ...outcome, topology: outcome.topology };
}

const outcome = checked(FILE);
const dns = outcome.result.properties.find((p) => p.id === 'dns-well-formed')!;

/** 1-based line of the only line matching, and the column where `at` starts on it. */
function position(line: RegExp, at: string): { startLine: number; startColumn: number } {
  const lines = TEXT.split('\n');
  const found = lines.flatMap((l, i) => (line.test(l) ? [i] : []));
  expect(found).toHaveLength(1);
  return { startLine: found[0]! + 1, startColumn: lines[found[0]!]!.indexOf(at) + 1 };
}

/** Where the three records at fault stand: the second MX of example.com, the MX of example.org, the cname. */
const PLACES = [
  position(/^\s+mx: \["10 mail\.example\.com", "20 old-mx\.example\.com"\]/, '"20 old-mx'),
  position(/^\s+mx: \["10 lo\.example\.org"\]/, '"10 lo'),
  position(/^\s+cname: web\.hosting\.test/, 'web.hosting.test'),
];

const REASONS = [
  'MX of example.com points at old-mx.example.com, which has no address: a dangling MX',
  'MX of example.org points at lo.example.org, which resolves to 127.0.0.1 (loopback): every sender would deliver to itself',
  'www.example.com has a CNAME (to web.hosting.test) beside A records: a name with a CNAME must have no other records (RFC 1034 §3.6.2)',
];

describe('three DNS problems in one file', () => {
  it('are three problems of dns-well-formed, the other verdicts untouched', () => {
    expect(dns.verdict).toBe('violated');
    expect(dns.problems!.map((p) => p.reason)).toEqual(REASONS);
    expect(outcome.result.properties.filter((p) => p.verdict === 'violated').map((p) => p.id)).toEqual(['dns-well-formed']);
  });

  it('give three SARIF results at the three records, each with its own message and code flow, valid against the schema', () => {
    const log = sarifLog([outcome], { baseDir: ROOT });
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const results = log.runs[0]!.results.filter((r) => r.ruleId === 'dns-well-formed');
    expect(results.map((r) => r.message.text)).toEqual(REASONS);
    expect(results.map((r) => r.locations[0]!.physicalLocation.region)).toEqual(PLACES);
    expect(new Set(PLACES.map((p) => p.startLine)).size).toBe(3);
    for (const [i, r] of results.entries()) {
      expect(r.properties).toMatchObject({ pointer: dns.problems![i]!.pointer });
      expect(r.codeFlows![0]!.threadFlows[0]!.locations.at(-1)!.location.message!.text).toContain(REASONS[i]!);
    }
  });

  it('are all in the text report, each at its line and column', () => {
    const text = renderCheckText(outcome.result, undefined, outcome.topology.positions);
    expect(text).toContain(`dns-well-formed     violated  ${REASONS[0]} (and 2 more problems)`);
    for (const [i, at] of PLACES.entries()) {
      expect(text).toContain(`dns-well-formed: problem ${i + 1} of 3 at ${FILE}:${at.startLine}:${at.startColumn}`);
      expect(text).toContain(`   2. ${FILE} ${REASONS[i]}`);
    }
  });

  it('are listed in the JSON, the first one also as reason and pointer', () => {
    const json = JSON.parse(renderCheckJson(outcome.result));
    const p = json.properties.find((q: { id: string }) => q.id === 'dns-well-formed');
    expect(p.reason).toBe(REASONS[0]);
    expect(p.pointer).toBe('/dns/example.com/mx/1');
    expect(p.problems.map((q: { reason: string; pointer: string }) => [q.pointer, q.reason])).toEqual([
      ['/dns/example.com/mx/1', REASONS[0]],
      ['/dns/example.org/mx/0', REASONS[1]],
      ['/dns/www.example.com/cname', REASONS[2]],
    ]);
  });

  it('are all in the JUnit failure, each with its place in the file', () => {
    const xml = renderJUnit([outcome]);
    const failure = /<testcase [^>]*name="dns-well-formed"[^>]*>\s*<failure [^>]*>([\s\S]*?)<\/failure>/.exec(xml)![1]!;
    expect(failure).toContain('3 problems:');
    for (const at of PLACES) expect(failure).toContain(`at ${FILE}:${at.startLine}:${at.startColumn} (`);
    expect(failure).toContain('problem 2 of 3: MX of example.org points at lo.example.org');
  });

  it('each get a heading and their steps on the Markdown page', () => {
    const page = renderTopologyMarkdown({ slug: 'three-problems', file: 'three-problems.yaml', source: TEXT, sourceLink: null, topology: outcome.topology, result: outcome.result });
    expect(page).toContain('(and 2 more problems)');
    for (let i = 1; i <= 3; i++) expect(page).toContain(`#### problem ${i} of 3`);
    expect(page).toContain('MX of example.com: 20 old-mx.example.com');
    expect(page).toContain('www.example.com: CNAME web.hosting.test; A 192.0.2.7');
  });

  it('are all in the message of a failing matcher', () => {
    const said = explain({ result: outcome.result, positions: outcome.topology.positions }, dns);
    for (const reason of REASONS) expect(said).toContain(reason);
    for (const at of PLACES) expect(said).toContain(`at ${FILE}:${at.startLine}:${at.startColumn} (`);
  });
});

describe('diff of a file that fixes one DNS problem and adds another', () => {
  const after = checked(CHANGED);
  const diff = compareResults(outcome.result, after.result);
  const change = diff.properties.find((c) => c.id === 'dns-well-formed')!;

  it('keeps the verdict unchanged and names the problem that came and the one that went, by reason', () => {
    expect(change.change).toBe('unchanged');
    expect(change.newProblems.map((p) => p.reason)).toEqual(['MX of example.com points at backup.example.com, a CNAME; an MX must not (RFC 2181 §10.3)']);
    expect(change.fixedProblems.map((p) => p.reason)).toEqual([REASONS[0]]);
    // Both stand at the second MX of example.com: the pointer alone would call them the same.
    expect(change.newProblems[0]!.pointer).toBe(change.fixedProblems[0]!.pointer);
  });

  it('says so in text and JSON', () => {
    const text = renderDiffText(diff);
    expect(text).toMatch(/dns-well-formed\s+violated\s+still violated: 1 new problem, 1 fixed/);
    expect(text).toContain(`fixed problem at /dns/example.com/mx/1: ${REASONS[0]}`);
    expect(text).toContain('new problem at /dns/example.com/mx/1: MX of example.com points at backup.example.com, a CNAME');
    const json = JSON.parse(renderDiffJson(diff));
    const p = json.properties.find((q: { id: string }) => q.id === 'dns-well-formed');
    expect(p.fixedProblems.map((q: { reason: string }) => q.reason)).toEqual([REASONS[0]]);
    expect(p.newProblems).toHaveLength(1);
    expect(json.properties.find((q: { id: string }) => q.id === 'eventual-delivery').newProblems).toEqual([]);
  });

  it('lists every problem of a property that broke', () => {
    const clean = checked(join(ROOT, 'examples', 'postini-only.yaml'));
    const text = renderDiffText(compareResults(clean.result, outcome.result));
    expect(text).toContain(`dns-well-formed broke: ${REASONS[0]} (and 2 more problems)`);
    for (let i = 1; i <= 3; i++) expect(text).toContain(`new problem ${i} of 3 at ${dns.problems![i - 1]!.pointer}:`);
  });
});

describe('DNS problems written out of the order the data is walked in', () => {
  const file = join(ROOT, 'test', 'fixtures', 'dns', 'out-of-order.yaml');
  const lines = readFileSync(file, 'utf8').split('\n');
  const checkedFile = checked(file);
  const problems = checkedFile.result.properties.find((p) => p.id === 'dns-well-formed')!.problems!;
  /** The 1-based line holding `text`, found in the file rather than written down. */
  const lineOf = (text: string) => lines.findIndex((l) => l.includes(text)) + 1;

  it('are every one reported, in the order the file reads, a cname after its mx list included', () => {
    expect(problems.map((p) => p.pointer)).toEqual([
      '/dns/example.com/mx/1',
      '/dns/www.example.com/cname',
      '/dns/example.org/mx/0',
      '/dns/example.org/mx/1',
      '/dns/example.org/cname',
      '/dns/1/mx/0',
    ]);
    const at = problems.map((p) => locate(checkedFile.topology.positions, p.pointer));
    expect(at.map((a) => a.line)).toEqual([
      lineOf('"20 gone.example.com"'),
      lineOf('cname: web.hosting.test'),
      lineOf('"10 alias.example.org"'),
      lineOf('"0 ."'),
      lineOf('cname: other.example.org'),
      lineOf('"10 127.0.0.1"'),
    ]);
    for (let i = 1; i < at.length; i++) expect(at[i]!.line * 1000 + at[i]!.col).toBeGreaterThan(at[i - 1]!.line * 1000 + at[i - 1]!.col);
  });
});
