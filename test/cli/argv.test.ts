/**
 * The command line, table-driven: every command and flag combination that matters, with the exit
 * code CI sees and a fragment of what it prints (changesets' habit). A row that fails names itself.
 */
import { PROPERTY_IDS } from '../../models/topology/types.js';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, ROOT } from '../helpers.js';
import { cli } from './run.js';

const rel = (p: string) => relative(process.cwd(), p);
const OK = rel(join(EXAMPLES, 'mailhop-only.yaml'));
const LOOP = rel(join(EXAMPLES, 'postini-mailhop.yaml'));
const CHANGED = rel(join(ROOT, 'test', 'fixtures', 'diff', 'postini-mailhop-relay-recipients.yaml'));
const OPEN_RELAY = rel(join(ROOT, 'test', 'fixtures', 'cli', 'open-relay-no-expect.yaml'));
const UNMET = rel(join(ROOT, 'test', 'fixtures', 'cli', 'unmet-expect.yaml'));
const MALFORMED = rel(join(ROOT, 'test', 'fixtures', 'malformed', 'bad-verify-mode.yaml'));
const RULES = rel(join(EXAMPLES, 'rules', 'backup-mx.yaml'));
const MISSING = 'no-such-topology.yaml';

type Stream = 'stdout' | 'stderr';
/** argv, exit code, where to look, what must be there (a string, or '' for "prints nothing there"). */
type Row = [argv: string[], code: number, stream: Stream, fragment: string | RegExp];

const ROWS: Row[] = [
  // the program
  [['--version'], 0, 'stdout', '0.1.0'],
  [['--help'], 0, 'stdout', /diff \[options\] <old> <new>/],
  [[], 2, 'stderr', 'Usage: mxproof'],
  [['chekc', OK], 2, 'stderr', "unknown command 'chekc'"],
  // check: formats
  [['check', '--help'], 0, 'stdout', '"junit", "sarif"'],
  [['check', OK], 0, 'stdout', '✓ eventual-delivery   holds'],
  [['check', OK, '--format', 'text'], 0, 'stderr', ''],
  [['check', OK, '--format', 'json'], 0, 'stdout', '"verdict":"holds"'],
  [['check', OK, '--format', 'junit'], 0, 'stdout', `<testsuites name="mxproof" tests="${PROPERTY_IDS.length}" failures="0"`],
  [['check', OK, '--format', 'sarif'], 0, 'stdout', '"version": "2.1.0"'],
  [['check', OPEN_RELAY, '--format', 'junit'], 1, 'stdout', 'failures="1"'],
  [['check', OPEN_RELAY, '--format', 'sarif'], 1, 'stdout', '"ruleId": "no-open-relay"'],
  [['check', UNMET, '--format', 'sarif'], 1, 'stdout', '"ruleId": "mxproof/unmet-expect"'],
  [['check', OK, '--format', 'xml'], 2, 'stderr', 'Allowed choices are text, json, junit, sarif'],
  [['check', OK, '--format'], 2, 'stderr', "option '--format <format>' argument missing"],
  // check: --quiet
  [['check', OK, '--quiet'], 0, 'stdout', ''],
  [['check', OK, '-q'], 0, 'stderr', ''],
  [['check', OK, OPEN_RELAY, '--quiet'], 1, 'stdout', /^test\/fixtures\/cli\/open-relay-no-expect\.yaml\n/],
  [['check', OK, '--quiet', '--format', 'json'], 0, 'stdout', '"file":'],
  // check: properties and budgets
  [['check', LOOP, '--property', 'no-open-relay'], 0, 'stdout', '✓ no-open-relay  holds (as expected)'],
  [['check', LOOP, '--property', 'call-ahead-bounded', '--property', 'dns-well-formed', '--format', 'json'], 0, 'stdout', '"id":"dns-well-formed"'],
  [['check', OK, '--property', 'nope'], 2, 'stderr', "mailhop-only.yaml:1:1: (options): unknown property 'nope'"],
  [['check', OK, '--property', 'no such'], 2, 'stderr', "mxproof: unknown property 'no such'"],
  [['check', OK, '--max-states', '3'], 3, 'stdout', 'inconclusive'],
  [['check', OK, '--max-states', '3', '--format', 'junit'], 3, 'stdout', 'type="inconclusive"'],
  [['check', OK, '--max-states', '0'], 2, 'stderr', '--max-states must be a positive integer'],
  [['check', OK, '--timeout', 'soon'], 2, 'stderr', "must be a positive number of seconds, got 'soon'"],
  [['check', OK, '--timeout', '30'], 0, 'stdout', 'holds'],
  [['check', OK, '--max-memory', 'lots'], 2, 'stderr', "must be a positive number of MiB, got 'lots'"],
  [['check', OK, '--max-memory', '512'], 0, 'stdout', 'holds'],
  [['check', OK, '--bogus'], 2, 'stderr', "unknown option '--bogus'"],
  // check: bad input
  [['check'], 2, 'stderr', "missing required argument 'files'"],
  [['check', MISSING], 2, 'stderr', `${MISSING}:1:1: (file): no such file`],
  [['check', MALFORMED], 2, 'stdout', ''],
  [['check', MALFORMED, '--format', 'sarif'], 2, 'stdout', '"ruleId": "mxproof/load-error"'],
  [['check', MALFORMED, '--format', 'junit'], 2, 'stdout', 'type="load-error"'],
  [['check', OK, MALFORMED, OPEN_RELAY], 2, 'stdout', '✗ no-open-relay'],
  // diff
  [['diff', '--help'], 0, 'stdout', 'the topology after the change'],
  [['diff', LOOP, CHANGED], 1, 'stdout', 'no-forwarding-loop broke:'],
  [['diff', LOOP, CHANGED, '--format', 'json'], 1, 'stdout', '"broken":["no-forwarding-loop"],"fixed":["call-ahead-bounded"]'],
  [['diff', CHANGED, LOOP], 1, 'stdout', /✗ call-ahead-bounded\s+holds → violated\s+broken/],
  [['diff', LOOP, LOOP], 0, 'stdout', '0 broken, 0 fixed'],
  [['diff', LOOP, CHANGED, '--property', 'call-ahead-bounded'], 0, 'stdout', '1 fixed'],
  [['diff', LOOP, CHANGED, '--property', 'no-forwarding-loop', '-q'], 1, 'stderr', ''],
  [['diff', OK, OK, '--max-states', '3'], 3, 'stdout', 'undecided'],
  [['diff', LOOP], 2, 'stderr', "missing required argument 'new'"],
  [['diff', MISSING, MALFORMED], 2, 'stderr', `${MISSING}:1:1: (file): no such file\n${MALFORMED}:7:13:`],
  [['diff', LOOP, CHANGED, '--format', 'sarif'], 2, 'stderr', 'Allowed choices are text, json'],
  [['diff', LOOP, CHANGED, '--property', 'nope'], 2, 'stderr', "unknown property 'nope'"],
  // explore
  [['explore', RULES, '--runs', '20', '--property', 'no-open-relay'], 0, 'stdout', 'no violation involving the rules found'],
  [['explore', RULES, '--runs', '0'], 2, 'stderr', '--runs must be a positive integer'],
  [['explore', RULES, '--replay', '1:2'], 2, 'stderr', '--replay needs exactly one --property'],
  [['explore'], 2, 'stderr', "missing required argument 'rules'"],
  [['explore', MISSING], 2, 'stderr', 'no such file'],
  // import and route
  [['import', '--help'], 0, 'stdout', /dns \[options\] <domains\.\.\.>/],
  [['import', 'dns'], 2, 'stderr', "missing required argument 'domains'"],
  [['import', 'zone', MISSING], 2, 'stderr', `${MISSING}: no such file`],
  [['import', 'postfix', MISSING], 2, 'stderr', 'no such file or directory'],
  [['route', LOOP, 'alice@example.com'], 0, 'stdout', 'bestMxElse mail.example.com:2525'],
  [['route', OK, 'alice@example.com', '--format', 'json'], 0, 'stdout', '"kind": "delivered"'],
  [['route', LOOP], 2, 'stderr', "missing required argument 'address'"],
  [['route', MISSING, 'alice@example.com'], 2, 'stderr', 'no such file'],
];

describe('mxproof argv', () => {
  it.each(ROWS.map((row) => [row[0].join(' ') || '(no arguments)', row] as const))('%s', async (_name, [argv, code, stream, fragment]) => {
    const r = await cli(...argv);
    expect({ code: r.code, stderr: r.stderr.slice(0, 300) }).toMatchObject({ code });
    if (fragment === '') expect(r[stream]).toBe('');
    else if (typeof fragment === 'string') expect(r[stream]).toContain(fragment);
    else expect(r[stream]).toMatch(fragment);
  });
});
