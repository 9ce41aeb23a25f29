/**
 * `mxproof import postfix` on configurations a real Postfix produced: the unpacked package's
 * `postconf -e` writes main.cf, `postconf -Me` master.cf, `postmap` compiles the tables, and
 * `postconf -n` prints the effective settings, as an administrator would run them. Skipped where
 * the unpacked Postfix is missing (MXPROOF_POSTFIX_ROOT, default /opt/mxproof-postfix).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTopology } from '../../models/topology/load.js';
import { nextHop } from '../../models/routing/nextHop.js';
import type { Topology } from '../../models/topology/types.js';
import { checkTopology } from '../../properties/check.js';
import { importPostfix } from '../../src/import/postfix.js';
import { runCommand } from '../../src/stage/netns.js';
import { postfixRoot } from '../../src/stage/tools.js';
import { load, ROOT } from '../helpers.js';
import { cli } from '../cli/run.js';
import { needsTools } from '../tools.js';

const ready = needsTools('import postfix on configurations of the unpacked Postfix', 'postfix');
const HAND_WRITTEN = join(ROOT, 'test', 'fixtures', 'import', 'postfix-relay.yaml');

function loaded(text: string): Topology {
  const r = loadTopology(text, 'imported.yaml');
  if (!r.ok) throw new Error(`${JSON.stringify(r.errors)}\n${text}`);
  return r.topology;
}

const verdicts = (t: Topology) => Object.fromEntries(checkTopology(t).properties.map((p) => [p.id, p.verdict]));

describe.runIf(ready)('import postfix, on configurations made by the real postconf and postmap', () => {
  let base: string;
  const root = postfixRoot();

  /** Runs a Postfix command of the unpacked package; fails the test on a non-zero exit. */
  async function postfix(program: string, ...args: string[]): Promise<string> {
    const r = await runCommand('env', [`LD_LIBRARY_PATH=${root}/usr/lib/postfix`, `${root}/usr/sbin/${program}`, ...args], 30_000);
    if (r.code !== 0) throw new Error(`${program} ${args.join(' ')}: exit ${r.code}: ${r.stderr}`);
    return r.stdout;
  }

  /** A configuration directory: the package's master.cf, an empty main.cf, then `postconf -e`. */
  async function configure(name: string, settings: string[], tables: Record<string, string> = {}, services: string[] = []): Promise<string> {
    const dir = join(base, name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'main.cf'), '');
    copyFileSync(join(root, 'usr', 'share', 'postfix', 'master.cf.dist'), join(dir, 'master.cf'));
    for (const [table, text] of Object.entries(tables)) {
      writeFileSync(join(dir, table), text);
      await postfix('postmap', '-c', dir, `hash:${join(dir, table)}`);
    }
    await postfix('postconf', '-c', dir, '-e', ...settings.map((s) => s.replaceAll('DIR', dir)));
    for (const s of services) await postfix('postconf', '-c', dir, '-Me', s);
    return dir;
  }

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'mxproof-postfix-import-'));
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  const relaySettings = [
    'myhostname = relay.example.net',
    'mydestination =',
    'relay_domains = example.com',
    'transport_maps = hash:DIR/transport',
    'relay_recipient_maps = hash:DIR/relay_recipients',
    'smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination',
    'header_checks = regexp:DIR/header_checks',
    'message_size_limit = 20480000',
  ];
  const relayTables = { transport: 'example.com smtp:[mail.example.com]:2525\n', relay_recipients: 'alice@example.com OK\n' };

  it('imports a relay (relay_domains, a transport to port 2525, relay_recipient_maps) that routes and verifies like the hand-written one', async () => {
    const dir = await configure('relay', relaySettings, relayTables);
    const merged = loaded(importPostfix(dir, { into: HAND_WRITTEN }).text);
    const hand = load(HAND_WRITTEN);
    const host = (t: Topology) => t.hosts.find((h) => h.name === 'relay.example.net')!;
    // For the domain it accepts (any other is refused at RCPT, so where it would go never matters).
    for (const rcpt of ['alice@example.com', 'nobody@example.com']) {
      expect(nextHop(merged, host(merged), rcpt)).toEqual(nextHop(hand, host(hand), rcpt));
    }
    expect({ verify: host(merged).verify, recipients: host(merged).recipients, accepts: host(merged).accepts, software: host(merged).software, listen: host(merged).listen })
      .toEqual({ verify: host(hand).verify, recipients: host(hand).recipients, accepts: host(hand).accepts, software: host(hand).software, listen: host(hand).listen });
    expect(verdicts(merged)).toEqual(verdicts(hand));
  });

  it('reads `postconf -n` output the same way as the directory, and lists what it cannot map as warnings', async () => {
    const dir = await configure('relay-n', relaySettings, relayTables);
    const file = join(base, 'postconf-n.txt');
    writeFileSync(file, await postfix('postconf', '-c', dir, '-n'));
    const fromDir = importPostfix(dir);
    const fromOutput = importPostfix(file);
    const relay = (text: string) => loaded(text).hosts.find((h) => h.name === 'relay.example.net')!;
    expect(relay(fromOutput.text)).toEqual(relay(fromDir.text));
    expect(fromOutput.notes).toEqual([`header_checks = regexp:${dir}/header_checks is not modelled`]);
    expect(fromDir.text).toMatch(/# Not modelled:\n +# - header_checks = regexp:\S+ is not modelled/);
    // Alone, it is a topology of its own that check loads: a stand-in for the next hop, an MX.
    expect(verdicts(loaded(fromDir.text))['eventual-delivery']).toBe('holds');
  });

  it('maps reject_unverified_recipient, master.cf listeners, hopcount_limit and a client lock to mynetworks', async () => {
    const dir = await configure(
      'verifying',
      [
        'myhostname = relay.example.net',
        'mydestination =',
        'relay_domains = example.com',
        'relayhost = [mail.example.com]:2525',
        'smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination, reject_unverified_recipient, reject_rbl_client zen.spamhaus.org',
        'smtpd_client_restrictions = permit_mynetworks, reject',
        'mynetworks = 127.0.0.0/8 192.0.2.0/24',
        'hopcount_limit = 30',
      ],
      {},
      ['2525/inet=2525 inet n - y - - smtpd'],
    );
    const result = importPostfix(dir, { into: HAND_WRITTEN });
    const host = loaded(result.text).hosts.find((h) => h.name === 'relay.example.net')!;
    expect({ verify: host.verify, route: host.route, listen: host.listen, hopLimit: host.hopLimit, allowFrom: host.allowFrom, reply: host.allowFromReply }).toEqual({
      verify: 'call-ahead',
      route: { kind: 'to', to: [{ host: 'mail.example.com', port: 2525 }] },
      listen: [25, 2525],
      hopLimit: 30,
      allowFrom: ['filter.example.net'],
      reply: 550,
    });
    expect(result.notes).toContain('restriction reject_rbl_client is not modelled');
  });

  it('imports a mail server for its own domains (mydestination) as a mailbox host', async () => {
    const dir = await configure('mailbox', ['myhostname = mail.example.com', 'mydomain = example.com', 'mydestination = $myhostname, $mydomain, localhost']);
    const t = loaded(importPostfix(dir).text);
    const host = t.hosts[0]!;
    expect({ name: host.name, role: host.role, mailboxes: host.mailboxes, verify: host.verify, route: host.route }).toEqual({
      name: 'mail.example.com',
      role: 'mailbox',
      mailboxes: ['postmaster@example.com'],
      verify: 'local',
      route: { kind: 'local' },
    });
  });

  it('refuses, with exit 2 and a clear message, a path without main.cf and a routed-to host --into does not have', async () => {
    const empty = join(base, 'empty');
    mkdirSync(empty);
    const r = await cli('import', 'postfix', empty);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: `mxproof: postfix configuration ${empty}: the directory has no main.cf\n` });
    const dir = await configure('elsewhere', ['myhostname = relay.example.net', 'relay_domains = example.com', 'relayhost = [smarthost.example.org]']);
    const into = await cli('import', 'postfix', dir, '--into', HAND_WRITTEN);
    expect(into.code).toBe(2);
    expect(into.stderr).toContain('it routes to smarthost.example.org, which is not a host of');
  });
});
