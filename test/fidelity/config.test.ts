/**
 * The staging plan, the generated Exim configurations and dnsmasq arguments, and the log reader —
 * checked without staging anything, so these run everywhere. Where an Exim binary is installed,
 * every generated configuration must also parse with `exim -C FILE -bP routers`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dnsmasqArgs } from '../../src/stage/dnsmasq.js';
import { eximConfig, type EximSettings } from '../../src/stage/exim.js';
import { classify, parseLog } from '../../src/stage/logs.js';
import { runCommand } from '../../src/stage/netns.js';
import { hostByName, planStage, UnsupportedTopology } from '../../src/stage/plan.js';
import { which } from '../../src/stage/tools.js';
import { EXAMPLES, load, ROOT } from '../helpers.js';
import { SCENARIOS } from './scenarios.js';

const settings: EximSettings = { dir: '/run/stage/h', user: 'Debian-exim', group: 'Debian-exim', calloutTimeout: 5, acceptMax: 4 };
const founding = () => planStage(load(join(EXAMPLES, 'postini-mailhop.yaml')), 't');
const configOf = (file: string, host: string, s: Partial<EximSettings> = {}) => {
  const plan = planStage(load(file), 't');
  return eximConfig(plan, hostByName(plan, host)!, { ...settings, ...s });
};

describe('the staging plan', () => {
  it('gives each host a loopback address in file order, the sender its own, and drops blocked ports', () => {
    const plan = founding();
    expect(plan.hosts.map((h) => [h.name, h.address, h.ports])).toEqual([
      ['mx.postini.test', '127.0.1.1', [25]],
      ['mx1.mailhop.test', '127.0.1.2', [25]],
      ['mail.example.com', '127.0.1.3', [2525]],
      ['sender', '127.0.2.1', []],
    ]);
    expect(plan.messages[0]).toMatchObject({ origin: 'sender', valid: true, messageId: 'mxproof.t.m0@stage.invalid' });
  });

  it('serves the MX records and one address per host, and nothing else', () => {
    const args = dnsmasqArgs(founding());
    expect(args).toContain('--mx-host=example.com,mx.postini.test,10');
    expect(args).toContain('--host-record=mx1.mailhop.test,127.0.1.2');
    expect(args).toContain('--local=/#/');
    expect(args).toContain('--no-resolv');
    expect(args.filter((a) => a.startsWith('--host-record'))).toHaveLength(3);
  });

  it('refuses what it cannot stage faithfully, naming each reason', () => {
    for (const name of ['mx-to-ip-literal', 'backup-mx-without-self-check']) {
      expect(() => planStage(load(join(ROOT, 'test', 'fixtures', 'rules', `${name}.yaml`)))).toThrow(UnsupportedTopology);
    }
  });

  it('serves a null MX as dnsmasq does it (`MX 0 .`)', () => {
    const args = dnsmasqArgs(planStage(load(join(ROOT, 'test', 'fixtures', 'rules', 'null-mx-alone.yaml')), 't'));
    expect(args).toContain('--mx-host=example.com,.,0');
  });
});

describe('the generated Exim configuration', () => {
  it('makes the relay MailHop: dnslookup with self = pass, only the best MX, then host::port', () => {
    const c = configOf(join(EXAMPLES, 'mailhop-only.yaml'), 'mx1.mailhop.test');
    expect(c).toMatch(/mailhop_best_mx:\n {2}driver = dnslookup\n/);
    expect(c).toContain('self = pass');
    expect(c).toMatch(/ignore_target_hosts = .*mx=\$domain/);
    expect(c).toMatch(/mailhop_destination:\n {2}driver = manualroute\n {2}route_list = \* "mail\.example\.com::2525" bydns/);
    expect(c).toContain('require verify = recipient/callout=5s,no_cache');
  });

  it('makes the filter call ahead to its fixed route and the mailbox check locally; blocked ports do not listen', () => {
    const filter = configOf(join(EXAMPLES, 'postini-mailhop.yaml'), 'mx.postini.test');
    expect(filter).toContain('route_list = * "mx1.mailhop.test::25" bydns');
    expect(filter).toContain('smtp_accept_max = 4');
    const mailbox = configOf(join(EXAMPLES, 'postini-mailhop.yaml'), 'mail.example.com');
    expect(mailbox).toContain('local_interfaces = <; 127.0.1.3.2525\n');
    expect(mailbox).toContain('accept  recipients = alice@example.com');
    expect(mailbox).toContain('deny    message = 550 5.1.1 unknown user');
    expect(mailbox).not.toContain('callout');
  });

  it('maps deferOk, hopLimit, allowFrom and spam quarantine', () => {
    const rules = join(ROOT, 'test', 'fixtures', 'rules');
    expect(configOf(join(rules, 'backup-mx-call-ahead-with-defer-ok.yaml'), 'backup.example.net')).toContain('callout=5s,no_cache,defer_ok');
    expect(configOf(join(rules, 'mailhop-relays-pointing-at-each-other.yaml'), 'relay-a.test')).toContain('received_headers_max = 10');
    const locked = configOf(join(rules, 'ip-lock-second-mx-filter-down.yaml'), 'mail.example.com');
    expect(locked).toMatch(/defer {3}!hosts = <; 127\.0\.1\.1\n {10}message = 421 /);
    expect(configOf(join(ROOT, 'test', 'fidelity', 'topologies', 'ip-lock-550-second-mx-filter-transient.yaml'), 'mail.example.com')).toMatch(/drop {4}!hosts = <; 127\.0\.1\.1\n {10}message = 550 /);
    expect(configOf(join(rules, 'filter-quarantines-blocked-relay.yaml'), 'mx.postini.test')).toMatch(/discard hosts = <; 127\.0\.1\.1\n/);
  });

  it.runIf(which('exim4') ?? which('exim'))('parses with `exim -C FILE -bP routers` (the whole file: ACLs, routers, transports) for every host of every scenario', async () => {
    const exim = (which('exim4') ?? which('exim'))!;
    const dir = mkdtempSync(join(tmpdir(), 'mxproof-config-'));
    try {
      for (const s of SCENARIOS) {
        const plan = planStage(load(s.file), 't');
        for (const h of plan.hosts) {
          const file = join(dir, `${h.name}.conf`);
          writeFileSync(file, eximConfig(plan, h, { ...settings, dir }));
          const r = await runCommand(exim, ['-C', file, '-bP', 'routers'], 20_000);
          const errors = (r.stdout + r.stderr).split('\n').filter((l) => /configuration error|error in|unknown (option|verb|condition|modifier)/i.test(l));
          expect({ file: `${s.name}: ${h.name}`, code: r.code, errors }).toEqual({ file: `${s.name}: ${h.name}`, code: 0, errors: [] });
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the log reader', () => {
  const log = [
    '2026-11-27 18:13:55.636 [29628] Connection from [127.0.1.2] I=[127.0.1.1]:25 refused: too many connections',
    '2026-11-27 18:13:55.619 [29638] MXP rcpt client=127.0.1.2 port=25 sender=<> rcpt=<alice@example.com>',
    '2026-11-27 18:13:55.838 [29646] H=(mx1.mailhop.test) [127.0.1.2] I=[127.0.1.1]:25 F=<> temporarily rejected RCPT <alice@example.com>: Could not complete recipient verify callout',
    '2026-11-27 18:13:57.854 [29634] 1xX0SJ-0007hx-1x == alice@example.com R=mx T=mxp_smtp defer (-44) H=mx.postini.test [127.0.1.1]:25: SMTP error from remote mail server after RCPT TO:<alice@example.com>: 451 Could not complete recipient verify callout',
    '2026-11-27 18:13:55.611 [29633] 1xX0SJ-0007hx-1x <= bob@sender.test H=(harness.stage.invalid) [127.0.9.9] I=[127.0.2.1]:10587 P=esmtp S=515 id=m0@stage.invalid for alice@example.com',
    '2026-11-27 18:16:07.621 [31960] 1xX0UR-0008JS-1z ** alice@example.com: Too many "Received" headers - suspected mail loop',
    '2026-11-27 18:16:33.173 [1036] 1xX0Ur-0000Gi-0Y => blackhole (DATA ACL discarded recipients)',
    '2026-11-27 18:19:20.147 [8379] 1xX0XY-0002B7-0R H=mx.postini.test [127.0.1.1]:25 SMTP error from remote mail server after RCPT TO:<alice@example.com>: 451 Could not complete recipient verify callout',
  ].join('\n');

  it('recognises the lines the observation reads', () => {
    const lines = parseLog('h', log);
    expect(lines).toHaveLength(8);
    expect(lines[0]!.at).toBe(Date.UTC(2026, 10, 27, 18, 13, 55, 636));
    expect(lines.map((l) => classify(l).kind)).toEqual([
      'connection-refused',
      'rcpt',
      'rcpt-rejected',
      'deferred',
      'received',
      'failed',
      'discarded',
      'host-error',
    ]);
    expect(classify(lines[1]!)).toMatchObject({ sender: '', client: '127.0.1.2', rcpt: 'alice@example.com' });
    expect(classify(lines[2]!)).toMatchObject({ temporary: true, client: '127.0.1.2', sender: '' });
    expect(classify(lines[4]!)).toMatchObject({ client: '127.0.9.9', messageId: 'm0@stage.invalid', bounceOf: null });
  });
});
