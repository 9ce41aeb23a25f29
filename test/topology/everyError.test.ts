/**
 * Every load error of a file in one run, in file order: a user fixing a file must not meet its
 * errors in passes (the schema's first, then, once those are fixed, the unknown hosts and bad
 * addresses only the build step finds). A valid file is broken in eleven places of different kinds;
 * loaded with all of them, it reports exactly the errors each defect causes alone — same line,
 * column, field and message — sorted by position, and the CLI prints each and exits 2.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTopology, type LoadError } from '../../models/topology/load.js';
import { byPosition } from '../../models/topology/errors.js';
import { checkFile } from '../../src/api/check.js';
import { cli } from '../cli/run.js';
import { ROOT } from '../helpers.js';

const BASE_FILE = join(ROOT, 'test', 'fixtures', 'errors', 'base.yaml');
const BROKEN_FILE = join(ROOT, 'test', 'fixtures', 'errors', 'eleven-errors.yaml');
const BASE = readFileSync(BASE_FILE, 'utf8').split('\n');

/** One defect: the line it replaces (1-based) and the fields the loader must name for it. */
interface Defect {
  kind: string;
  line: number;
  text: string;
  fields: string[];
}

const DEFECTS: Defect[] = [
  { kind: 'MX record without a numeric preference', line: 6, text: '    mx: ["10 mx1.example.com", "twenty mx2.example.com"]', fields: ['dns["example.com"].mx[1]'] },
  { kind: 'route to an unknown host', line: 11, text: '    route: { bestMxElse: "mail.exmple.com:2525" }', fields: ['hosts["mx1.example.com"].route.bestMxElse'] },
  { kind: 'unknown field', line: 12, text: '    verfy: call-ahead', fields: ['hosts["mx1.example.com"].verfy'] },
  { kind: 'wrong type inside a route', line: 16, text: '    route: { to: [25, "mx1.example.com"] }', fields: ['hosts["mx2.example.com"].route.to[0]'] },
  {
    kind: 'wrong type, then a bad address after it in the same list',
    line: 19,
    text: '    mailboxes: [7, "bob@@example.com", "carol@example.com"]',
    fields: ['hosts["mail.example.com"].mailboxes[0]', 'hosts["mail.example.com"].mailboxes[1]'],
  },
  { kind: 'wrong type', line: 20, text: '    listen: "25"', fields: ['hosts["mail.example.com"].listen'] },
  { kind: 'fault of an unknown host', line: 23, text: '    mx3.example.com: transient', fields: ['network.faults["mx3.example.com"]'] },
  { kind: 'missing required field', line: 25, text: '  - { from: "dave@sender.test" }', fields: ['messages[0].to'] },
  { kind: 'bad address', line: 26, text: '  - { from: "dave@sender.test", to: "bob at example.com" }', fields: ['messages[1].to'] },
  { kind: 'unknown sending host', line: 27, text: '  - { from: "dave@sender.test", to: "carol@example.com", via: mx9.example.com }', fields: ['messages[2].via'] },
  { kind: 'unknown word', line: 29, text: '  eventual-delivery: delivered', fields: ['expect.eventual-delivery'] },
];

function withDefects(defects: readonly Defect[]): string {
  const lines = [...BASE];
  for (const d of defects) lines[d.line - 1] = d.text;
  return lines.join('\n');
}

function errorsOf(text: string): LoadError[] {
  const loaded = loadTopology(text, 'broken.yaml');
  if (loaded.ok) throw new Error('the file loaded');
  return loaded.errors;
}

const key = (e: LoadError) => `${e.line}:${e.col}: ${e.field}: ${e.message}`;

describe('every load error of a file in one run', () => {
  it('starts from a file that loads', () => {
    expect(loadTopology(BASE.join('\n'), 'base.yaml').ok).toBe(true);
  });

  it.each(DEFECTS)('$kind (line $line) alone gives its own errors, at its line', (d) => {
    const errors = errorsOf(withDefects([d]));
    expect(errors.map((e) => e.field)).toEqual(d.fields);
    for (const e of errors) expect(e.line).toBe(d.line);
  });

  it('all eleven at once give every one of those errors in one run, in file order', () => {
    const alone = DEFECTS.flatMap((d) => errorsOf(withDefects([d])));
    const together = errorsOf(withDefects(DEFECTS));
    expect(together.map(key)).toEqual([...alone].sort(byPosition).map(key));
    // Schema errors and build errors alike, so neither pass hides the other.
    expect(together).toHaveLength(12);
    expect(together.map((e) => e.line)).toEqual([...together.map((e) => e.line)].sort((a, b) => a - b));
    expect(together.find((e) => e.field.endsWith('.verfy'))?.message).toContain('did you mean `verify`');
  });

  it('the checked-in file with the eleven defects is the one built here', () => {
    const header = ['# base.yaml with eleven defects of different kinds (test/topology/everyError.test.ts):', '# `mxproof check` reports all twelve errors in one run, in file order.'];
    expect(readFileSync(BROKEN_FILE, 'utf8')).toBe([...header, ...withDefects(DEFECTS).split('\n').slice(2)].join('\n'));
  });

  it('the CLI prints each error as file:line:col: field: message and exits 2; the API returns them all', async () => {
    const run = await cli('check', BROKEN_FILE);
    expect(run.code).toBe(2);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(12);
    const expected = errorsOf(readFileSync(BROKEN_FILE, 'utf8'));
    expect(lines).toEqual(expected.map((e) => `${BROKEN_FILE}:${key(e)}`));
    const api = checkFile(BROKEN_FILE);
    expect(api.ok).toBe(false);
    if (!api.ok) expect(api.errors).toHaveLength(12);
  });
});

describe('errors in path properties', () => {
  it('are each reported once: a refused waypoint leaves no "has neither", and `expect` may still name the property', () => {
    const text = [
      'version: 1',
      'hosts:',
      '  gw.test: { role: filter, accepts: [example.com], route: { to: [mail.example.com] } }',
      '  mail.example.com: { role: mailbox, mailboxes: ["alice@example.com"] }',
      'properties:',
      '  scanned: { waypiont: [gw.test] }',
      '  typed: { waypoint: gw.test }',
      '  old-unused: { avoid: [old.test], fro: [example.com] }',
      'messages:',
      '  - { from: "bob@sender.test", to: "alice@example.com" }',
      'expect: { scanned: holds, typed: holds, old-unused: holds, nope: holds }',
    ].join('\n');
    expect(errorsOf(text).map((e) => [e.line, e.field])).toEqual([
      [6, 'properties["scanned"].waypiont'],
      [7, 'properties["typed"].waypoint'],
      [8, 'properties["old-unused"].avoid[0]'],
      [8, 'properties["old-unused"].fro'],
      [11, 'expect.nope'],
    ]);
  });
});
