/**
 * Failure sweeps (FORMAT.md 1.1): `check --failures K [--failure-kind transient|down]` checks the
 * file as written and once per set of at most K hosts a message can reach, those hosts failing.
 * Only the smallest sets that break something are reported, in a stable order; the exit code says
 * whether one breaks a property the file as written keeps; each counterexample replays with the
 * set's faults added.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTopology } from '../../models/topology/load.js';
import { MAX_FAILURE_SETS, reachableHosts, setCount, sweepFailures } from '../../src/api/failures.js';
import { cli } from '../cli/run.js';
import { EXAMPLES, load } from '../helpers.js';

const RELAY_ALONE = join(EXAMPLES, 'mailhop-only.yaml');
const GATEWAY = join(EXAMPLES, 'gateway.yaml');

function sweep(file: string, failures: number, kind: 'transient' | 'down') {
  const outcome = sweepFailures(load(file), { failures, kind, maxStates: 200_000 });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome;
}

const found = (o: ReturnType<typeof sweep>) => o.sweep.findings.map((f) => [f.hosts.join(' + '), f.properties.map((p) => p.id)]);

describe('failure sweeps', () => {
  it('on the relay-alone example, a lasting outage of the relay or of the mailbox host each stops delivery', () => {
    const o = sweep(RELAY_ALONE, 1, 'down');
    expect(o.sweep.candidates).toEqual(['mx1.mailhop.test', 'mail.example.com']);
    expect(found(o)).toEqual([
      ['mx1.mailhop.test', ['eventual-delivery']],
      ['mail.example.com', ['eventual-delivery']],
    ]);
    expect(o.status).toBe('failed');
  });

  it('an outage that ends breaks nothing there: every verdict assumes transient faults clear', () => {
    const o = sweep(RELAY_ALONE, 1, 'transient');
    expect(o.sweep.checked).toBe(2);
    expect(o.sweep.findings).toEqual([]);
    expect(o.status).toBe('passed');
  });

  it('with two gateways, --failures 2 finds the pair, and only the smallest sets', () => {
    const o = sweep(GATEWAY, 2, 'down');
    // The old server is reached by no message, so no set names it.
    expect(o.sweep.candidates).toEqual(['mx0a.gw.test', 'mx0b.gw.test', 'mail.provider.test']);
    expect(found(o)).toEqual([
      ['mail.provider.test', ['eventual-delivery']],
      ['mx0a.gw.test + mx0b.gw.test', ['eventual-delivery']],
    ]);
    // A pair with the provider is still checked for the other properties, but never reported
    // for eventual-delivery: the provider alone already breaks it.
    expect([o.sweep.sets, o.sweep.checked]).toEqual([6, 6]);
  });

  it('leaves out what the file as written already violates, and hosts that already have the fault', () => {
    const text = readFileSync(RELAY_ALONE, 'utf8').replace('  blocked: ["mail.example.com:25"]', '  blocked: ["mail.example.com:25"]\n  faults: { mail.example.com: down }').replace(/\nexpect:[\s\S]*$/, '\n');
    const loaded = loadTopology(text, 'down.yaml');
    if (!loaded.ok) throw new Error('does not load');
    const o = sweepFailures(loaded.topology, { failures: 1, kind: 'down' });
    if (!o.ok) throw new Error('sweep failed');
    expect(o.sweep.candidates).toEqual(['mx1.mailhop.test']);
    // eventual-delivery is violated already: nothing left for the relay's outage to break.
    expect(o.sweep.findings).toEqual([]);
  });

  it('refuses a sweep too large to wait for, saying how large', () => {
    expect(setCount(3, 2)).toBe(6);
    expect(setCount(40, 5, MAX_FAILURE_SETS)).toBeGreaterThan(MAX_FAILURE_SETS);
    const hosts = Array.from({ length: 30 }, (_, i) => `  r${i}.test: { role: backup-mx, accepts: [example.com] }`).join('\n');
    const mx = Array.from({ length: 30 }, (_, i) => `"${10 + i} r${i}.test"`).join(', ');
    const text = `version: 1\ndns:\n  example.com: { mx: [${mx}] }\nhosts:\n${hosts}\n  mail.example.com: { role: mailbox, mailboxes: ["a@example.com"] }\nmessages:\n  - { from: "b@x.test", to: "a@example.com" }\n`;
    const loaded = loadTopology(text, 'wide.yaml');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    // The backups deliver by MX, so each passes mail only to better backups: the mailbox is never reached.
    expect(reachableHosts(loaded.topology)).toHaveLength(30);
    const o = sweepFailures(loaded.topology, { failures: 4 });
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.errors[0]!.message).toMatch(/--failures 4 over the 30 hosts a message can reach is more than 10000 sets/);
  });

  it('the CLI prints the table and each counterexample, exits 1, and the path replays with --fault', async () => {
    const r = await cli('check', RELAY_ALONE, '--failures', '1', '--failure-kind', 'down');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/hosts\s+breaks\n\s+mx1\.mailhop\.test\s+eventual-delivery\n\s+mail\.example\.com\s+eventual-delivery/);
    const head = /with mx1\.mailhop\.test down: eventual-delivery violated \(path (\S+); replay with --fault mx1\.mailhop\.test=down\)/.exec(r.stdout);
    expect(head).not.toBeNull();
    const replayed = await cli('replay', RELAY_ALONE, head![1]!, '--fault', 'mx1.mailhop.test=down');
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toContain('connect to mx1.mailhop.test:25 failed: mx1.mailhop.test is down');
    const transient = await cli('check', RELAY_ALONE, '--failures', '1');
    expect(transient.code).toBe(0);
    expect(transient.stdout).toContain('no set breaks a property the file as written keeps');
    expect(transient.stdout).toContain('`--failure-kind down` asks about hosts that stay down');
    const bad = await cli('replay', RELAY_ALONE, head![1]!, '--fault', 'nowhere.test=down');
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('unknown host `nowhere.test`')]);
  });

  it('JSON carries only the sets that break something, with the shape FORMAT.md gives', async () => {
    const r = await cli('check', GATEWAY, '--failures', '2', '--failure-kind', 'down', '--format', 'json');
    const report = JSON.parse(r.stdout);
    expect(report.failures.map((f: { hosts: string[]; kind: string }) => [f.hosts, f.kind])).toEqual([
      [['mail.provider.test'], 'down'],
      [['mx0a.gw.test', 'mx0b.gw.test'], 'down'],
    ]);
    expect(Object.keys(report.failures[0].properties[0]).sort()).toEqual(['counterexample', 'id', 'reason', 'verdict']);
    const plain = JSON.parse((await cli('check', GATEWAY, '--format', 'json')).stdout);
    expect(plain.failures).toBeNull();
  });

  it('docs --failures adds the sweep to each page: the table and each counterexample with its replay', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mxproof-sweep-'));
    const r = await cli('docs', GATEWAY, '--out', out, '--no-html', '--failures', '2', '--failure-kind', 'down');
    expect(r.code).toBe(0);
    const page = readFileSync(join(out, 'gateway.md'), 'utf8');
    expect(page).toContain('## Failure sweep');
    expect(page).toContain('| mx0a.gw.test + mx0b.gw.test | eventual-delivery |');
    expect(page).toMatch(/### With mail\.provider\.test down: eventual-delivery\n/);
    expect(page).toContain('`--fault mail.provider.test=down`');
    const plain = await cli('docs', GATEWAY, '--out', out, '--no-html');
    expect(plain.code).toBe(0);
    expect(readFileSync(join(out, 'gateway.md'), 'utf8')).not.toContain('## Failure sweep');
  });

  it('JUnit fails a test case per set and property; SARIF adds a result under the property\'s rule', async () => {
    const junit = await cli('check', RELAY_ALONE, '--failures', '1', '--failure-kind', 'down', '--format', 'junit');
    expect(junit.code).toBe(1);
    expect(junit.stdout).toMatch(/<testcase [^>]*name="eventual-delivery with mx1\.mailhop\.test down"[^>]*>\s*<failure/);
    expect(junit.stdout).toMatch(/<testsuites [^>]*failures="2"/);
    const sarif = JSON.parse((await cli('check', RELAY_ALONE, '--failures', '1', '--failure-kind', 'down', '--format', 'sarif')).stdout);
    const texts = sarif.runs[0].results.map((r: { ruleId: string; message: { text: string } }) => `${r.ruleId}: ${r.message.text.split(':')[0]}`);
    expect(texts).toEqual(['eventual-delivery: with mx1.mailhop.test down', 'eventual-delivery: with mail.example.com down']);
  });

  it('a budget that stops the checks of the sets leaves them undecided, and the sweep ends inconclusive (exit 3)', async () => {
    const r = await cli('check', GATEWAY, '--failures', '2', '--failure-kind', 'down', '--max-states', '3');
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('a budget stopped the check before');
  });

  it('with --message, sweeps only the hosts that message can reach', () => {
    const text = `version: 1
dns:
  example.com: { mx: ["10 gw.test"] }
  old.test: { mx: ["10 mail.old.test"] }
hosts:
  gw.test: { role: filter, accepts: [example.com], route: { to: [mail.example.com] } }
  mail.example.com: { role: mailbox, mailboxes: ["alice@example.com"] }
  mail.old.test: { role: mailbox, mailboxes: ["carol@old.test"] }
messages:
  - { from: "bob@sender.test", to: "alice@example.com" }
  - { from: "bob@sender.test", to: "carol@old.test" }
`;
    const loaded = loadTopology(text, 'two.yaml');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const all = sweepFailures(loaded.topology, { failures: 1, kind: 'down' });
    const first = sweepFailures(loaded.topology, { failures: 1, kind: 'down', message: 1 });
    if (!all.ok || !first.ok) throw new Error('sweep failed');
    expect(all.sweep.candidates).toEqual(['gw.test', 'mail.example.com', 'mail.old.test']);
    expect(first.sweep.candidates).toEqual(['gw.test', 'mail.example.com']);
    expect(first.sweep.findings.map((f) => f.hosts)).toEqual([['gw.test'], ['mail.example.com']]);
  });
});
