/**
 * `check --message N|ADDRESS` checks one message alone, and a check a budget stops says why it got
 * big and what to try (issue: a 3-host, 3-message file hit the 10 M-state budget with no hint).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/api/check.js';
import { cli } from '../cli/run.js';
import { EXAMPLES } from '../helpers.js';

/** A migration: the new filter flaps, the old server is the backup MX, three messages. */
const MIGRATION = `version: 1
dns:
  example.com: { mx: ["10 mx.new.test", "20 mx.old.test"] }
hosts:
  mx.new.test: { role: filter, accepts: [example.com], route: { to: [mail.new.test] } }
  mx.old.test: { role: backup-mx, accepts: [example.com] }
  mail.new.test: { role: mailbox, mailboxes: ["alice@example.com", "bob@example.com", "carol@example.com"] }
network:
  faults: { mx.new.test: transient }
messages:
  - { from: "x@sender.test", to: "alice@example.com" }
  - { from: "x@sender.test", to: "bob@example.com" }
  - { from: "x@sender.test", to: "carol@example.com" }
`;

/** FORMAT.md example 3 blocked, with a second message: delivery fails for both. */
const BLOCKED = readFileSync(join(EXAMPLES, 'postini-only-blocked.yaml'), 'utf8')
  .replace(/\nexpect:[\s\S]*$/, '\n')
  .replace('mailboxes: ["alice@example.com"]', 'mailboxes: ["alice@example.com", "carol@example.com"]')
  .replace('  - { from: "bob@sender.test", to: "alice@example.com" }', '  - { from: "bob@sender.test", to: "alice@example.com" }\n  - { from: "dave@sender.test", to: "carol@example.com" }');

describe('check --message', () => {
  it('checks one message alone, named by number or recipient, and reports which', () => {
    const byNumber = check(MIGRATION, { message: 3 });
    const byAddress = check(MIGRATION, { message: 'carol@example.com' });
    if (!byNumber.ok || !byAddress.ok) throw new Error('did not check');
    expect(byNumber.result.message).toBe(3);
    expect(byNumber.topology?.messages).toEqual([{ from: 'x@sender.test', to: 'carol@example.com', via: null }]);
    expect(byNumber.result.properties.map((p) => p.verdict)).toEqual(byAddress.result.properties.map((p) => p.verdict));
    expect(byNumber.result.properties.find((p) => p.id === 'eventual-delivery')!.verdict).toBe('holds');
    expect(byNumber.result.stats.complete).toBe(true);
  });

  it("points a violation at the chosen message's own line in the file", () => {
    const outcome = check(BLOCKED, { message: 2, file: 'blocked.yaml' });
    if (!outcome.ok) throw new Error('did not check');
    const delivery = outcome.result.properties.find((p) => p.id === 'eventual-delivery')!;
    expect(delivery.verdict).toBe('violated');
    expect(delivery.reason).toContain('carol@example.com');
    const line = BLOCKED.split('\n').findIndex((l) => l.includes('to: "carol@example.com"')) + 1;
    expect(outcome.topology?.positions[delivery.pointer!]!.line).toBe(line);
  });

  it('refuses a message the file does not have, listing those it has', async () => {
    const none = check(MIGRATION, { message: 4 });
    expect(none.ok ? [] : none.errors.map((e) => e.message)).toEqual([expect.stringContaining('there is no message 4: the file has 3 (1: <x@sender.test> to <alice@example.com>;')]);
    const r = await cli('check', join(EXAMPLES, 'mailhop-only.yaml'), '--message', 'nobody@example.com');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no message is addressed to nobody@example.com; name one by its number: 1: <bob@sender.test> to <alice@example.com>');
  });
});

describe('a check a budget stops', () => {
  it('says what multiplies the space and what to try', () => {
    // As one product (--no-reductions) the three messages blow a budget that checked apart they fit in.
    expect(check(MIGRATION, { maxStates: 5_000 })).toMatchObject({ ok: true, status: 'passed' });
    const outcome = check(MIGRATION, { maxStates: 5_000, reductions: false });
    if (!outcome.ok) throw new Error('did not check');
    expect(outcome.status).toBe('inconclusive');
    const hints = outcome.result.hints ?? [];
    expect(hints).toEqual([
      expect.stringContaining('3 messages are checked together (--no-reductions); mx.new.test is a transient host several of them can reach'),
      expect.stringContaining('1 transient host (mx.new.test)'),
      expect.stringContaining('a lower `hopLimit` (say 10) decides loops sooner'),
    ]);
    expect(hints[0]).toContain('`--message N` (1 to 3)');
  });

  it('says the budget counts every message, when messages checked apart still blow it', () => {
    const outcome = check(MIGRATION, { maxStates: 50 });
    if (!outcome.ok) throw new Error('did not check');
    expect(outcome.status).toBe('inconclusive');
    expect(outcome.result.hints?.[0]).toContain('3 messages are checked one at a time, each with the transient hosts it can reach, and the budget counts the states stored for all of them: `--message N` (1 to 3)');
  });

  it('gives no hint when the check is decided', () => {
    const outcome = check(MIGRATION, { message: 1 });
    expect(outcome.ok && outcome.result.hints).toBeUndefined();
  });

  it('prints the hints in the text report', async () => {
    const r = await cli('check', join(EXAMPLES, 'postini-mailhop.yaml'), '--max-states', '5');
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/\n {2}hint: a forwarding loop, if there is one, runs until a hop limit ends it/);
  });

  it('a path printed for one message replays with replay --message', async () => {
    const file = join(EXAMPLES, 'postini-only-blocked.yaml');
    const r = await cli('check', file, '--message', '1', '--property', 'eventual-delivery');
    expect(r.stdout).toContain('(message 1 alone: replay its paths with --message 1)');
    const path = /\(path (\S+)\)/.exec(r.stdout)![1]!;
    const replayed = await cli('replay', file, path, '--message', '1');
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toContain('call-ahead connection to mail.example.com:25 failed: port 25 of mail.example.com is blocked');
  });
});
