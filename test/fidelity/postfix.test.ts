/**
 * Postfix as a staged MTA, checked without staging anything: which hosts it runs, the generated
 * main.cf, master.cf and lookup tables, and the log reader. Where the unpacked Postfix is
 * installed, every generated configuration of every scenario must also pass `postconf -n` and
 * `postconf -M` without a warning, and every cidr table must answer `postmap -q`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLogs } from '../../src/stage/logs.js';
import { runCommand } from '../../src/stage/netns.js';
import { hostByName, planStage, UnsupportedTopology, type StageHost, type StagePlan } from '../../src/stage/plan.js';
import { postfixFiles } from '../../src/stage/postfix/index.js';
import { findPostfix, postfixUnavailable } from '../../src/stage/tools.js';
import { EXAMPLES, load, ROOT } from '../helpers.js';
import { SCENARIOS } from './scenarios.js';

const RULES = join(ROOT, 'test', 'fixtures', 'rules');
const OWN = join(ROOT, 'test', 'fidelity', 'topologies');
const settings = { dir: '/run/stage/h', root: '/opt/mxproof-postfix', uid: 995, gid: 995 };
const filesOf = (plan: StagePlan, host: string) => postfixFiles(plan, hostByName(plan, host)!, settings);
const mtas = (plan: StagePlan) => Object.fromEntries(plan.hosts.map((h) => [h.name, h.mta]));

describe('which MTA runs a host', () => {
  it('follows software: postfix hosts and a postfix sender on Postfix, generic and exim on Exim', () => {
    const plan = planStage(load(join(RULES, 'two-451-then-accept-postfix.yaml')), 't');
    // The filters call ahead, which Postfix cannot express: they stay on Exim, and the plan says so.
    expect(mtas(plan)).toEqual({ 'mx1.filter.test': 'exim', 'mx2.filter.test': 'exim', 'old.example.com': 'postfix', 'mail.example.com': 'postfix', sender: 'postfix' });
    expect(plan.notes.join('\n')).toMatch(/mx1\.filter\.test stays on Exim: Postfix cannot express verify: call-ahead/);
    expect(Object.values(mtas(planStage(load(join(RULES, 'two-451-then-accept-exim.yaml')), 't')))).toEqual(['exim', 'exim', 'exim', 'exim', 'exim']);
    expect(Object.values(mtas(planStage(load(join(RULES, 'two-451-then-accept-generic.yaml')), 't')))).toEqual(['exim', 'exim', 'exim', 'exim', 'exim']);
  });

  it('puts every host that can run it on the MTA --mta names, and keeps MailHop on Exim', () => {
    const file = load(join(EXAMPLES, 'postini-mailhop.yaml'));
    expect(mtas(planStage(file, 't', { mta: 'postfix' }))).toEqual({ 'mx.postini.test': 'exim', 'mx1.mailhop.test': 'exim', 'mail.example.com': 'postfix', sender: 'postfix' });
    expect(planStage(file, 't', { mta: 'postfix' }).notes.join('\n')).toMatch(/mx1\.mailhop\.test stays on Exim: .*route bestMxElse/);
    expect(new Set(Object.values(mtas(planStage(load(join(RULES, 'two-451-then-accept-postfix.yaml')), 't', { mta: 'exim' }))))).toEqual(new Set(['exim']));
  });

  it('refuses to plan Postfix hosts where Postfix is not installed, saying so', () => {
    expect(() => planStage(load(join(RULES, 'two-451-then-accept-postfix.yaml')), 't', { available: ['exim'] })).toThrow(UnsupportedTopology);
    expect(() => planStage(load(join(RULES, 'two-451-then-accept-postfix.yaml')), 't', { available: ['exim'] })).toThrow(/would run on Postfix, which is not installed here/);
  });
});

describe('the generated Postfix configuration', () => {
  it('sends the sender by MX with its own address, Postfix limits at their defaults', () => {
    const main = filesOf(planStage(load(join(RULES, 'two-451-then-accept-postfix.yaml')), 't'), 'sender')['main.cf']!;
    expect(main).toContain('inet_interfaces = 127.0.2.1\n');
    expect(main).toContain('smtp_bind_address = 127.0.2.1\n');
    expect(main).toContain('mynetworks = 127.0.9.9/32\n');
    expect(main).toContain('relay_domains = \n');
    expect(main).not.toMatch(/^(smtp_mx_session_limit|smtp_mx_address_limit|smtp_skip_5xx_greeting) *=/m);
    expect(main).toContain('hopcount_limit = 50\n');
  });

  it('makes a filter with a fixed route relay to [host]:port in order, and a mailbox deliver with virtual(8)', () => {
    const plan = planStage(load(join(OWN, 'greeting550-451-accept.yaml')), 't', { mta: 'postfix' });
    const locked = filesOf(plan, 'locked.example.com');
    expect(locked.transport).toBe('alice@example.com virtual:\n* error:5.1.1 unknown user\n');
    expect(locked.mailboxes).toBe('alice@example.com alice@example.com\n');
    expect(locked['main.cf']).toContain('relay_domains = example.com\n');
    expect(locked['main.cf']).toMatch(/smtpd_recipient_restrictions = check_recipient_access static:\{WARN MXP rcpt\}, reject_unauth_destination, check_recipient_access texthash:\/run\/stage\/h\/etc\/recipients, check_recipient_access static:\{550 5\.1\.1 unknown user\}, /);
    expect(locked['allow-from.cidr']).toBe('127.0.1.2/32 OK\n0.0.0.0/0 550 5.7.1 IP Authorization check failed: locked.example.com accepts connections only from mx.filter.test\n');
    expect(locked['main.cf']).toContain('smtpd_delay_reject = no\n');
    const filter = load(join(EXAMPLES, 'postini-only.yaml'));
    filter.hosts[0]!.verify = 'none';
    expect(filesOf(planStage(filter, 't', { mta: 'postfix' }), 'mx.postini.test').transport).toBe('* smtp:[mail.example.com]:25\n');
  });

  it('maps allowFromReply 421, verify list, spam and hopLimit', () => {
    expect(filesOf(planStage(load(join(RULES, 'ip-lock-second-mx-filter-down.yaml')), 't', { mta: 'postfix' }), 'mail.example.com')['allow-from.cidr']).toMatch(/^127\.0\.1\.1\/32 OK\n0\.0\.0\.0\/0 421 4\.7\.1 /);
    const list = filesOf(planStage(load(join(RULES, 'backup-mx-with-recipient-list.yaml')), 't', { mta: 'postfix' }), 'backup.example.net');
    expect(list.recipients).toMatch(/^alice@example\.com OK\n/);
    expect(list['main.cf']).toContain('static:{550 5.1.1 not on the recipient list}');
    const quarantine = load(join(RULES, 'filter-quarantines-blocked-relay.yaml'));
    quarantine.hosts.find((h) => h.name === 'mx.postini.test')!.verify = 'none';
    expect(filesOf(planStage(quarantine, 't', { mta: 'postfix' }), 'mx.postini.test')['spam.cidr']).toMatch(/\/32 DISCARD /);
    expect(filesOf(planStage(load(join(RULES, 'two-451-then-accept-exim.yaml')), 't', { mta: 'postfix' }), 'mail.example.com')['main.cf']).toContain('hopcount_limit = 30\n');
  });

  it('listens on each open port and, for an origin, on the harness port; nothing chrooted', () => {
    const master = filesOf(planStage(load(join(EXAMPLES, 'postini-mailhop.yaml')), 't', { mta: 'postfix' }), 'mail.example.com')['master.cf']!;
    expect(master).toMatch(/^127\.0\.1\.3:2525 inet n - n - - smtpd$/m);
    expect(master).not.toMatch(/:25 inet/);
    expect(master).not.toMatch(/^\S+\s+\S+\s+\S+\s+\S+\s+y\s/m);
    const sender = filesOf(planStage(load(join(EXAMPLES, 'postini-mailhop.yaml')), 't', { mta: 'postfix' }), 'sender')['master.cf']!;
    expect(sender).toMatch(/^127\.0\.2\.1:10587 inet n - n - - smtpd\n {2}-o smtpd_client_restrictions=permit_mynetworks,reject$/m);
  });

  const noPostfix = postfixUnavailable();
  const postconfTitle = 'passes postconf -n and postconf -M without a warning, and its cidr tables answer, for every kind of Postfix host the scenarios stage';
  if (noPostfix !== null) {
    // CI sets MXPROOF_FIDELITY=require: there a missing Postfix is a failure, not a skip.
    if (process.env.MXPROOF_FIDELITY === 'require') it(postconfTitle, () => expect.fail(`Postfix is needed here (MXPROOF_FIDELITY=require): ${noPostfix}`));
    else it.skip(`${postconfTitle} — skipped: ${noPostfix}`, () => {});
    return;
  }
  it(postconfTitle, async () => {
    const tools = findPostfix();
    const base = mkdtempSync(join(tmpdir(), 'mxproof-postfix-config-'));
    try {
      // One host of each shape: configurations that differ only in names and addresses are one.
      const shapes = new Map<string, { name: string; plan: StagePlan; host: StageHost }>();
      for (const s of SCENARIOS) {
        const plan = planStage(load(s.file), 't', { mta: 'postfix' });
        for (const h of plan.hosts.filter((x) => x.mta === 'postfix')) {
          const files = postfixFiles(plan, h, settings);
          const shape = Object.entries(files)
            .map(([k, v]) => `${k}\n${v}`)
            .join('\n')
            .split(h.name)
            .join('NAME')
            .replace(/127\.0\.\d+\.\d+/g, 'ADDRESS')
            .replace(/[a-z0-9.-]+\.(test|com|net|org)\b/g, 'DOMAIN');
          if (!shapes.has(shape)) shapes.set(shape, { name: `${s.name}: ${h.name}`, plan, host: h });
        }
      }
      expect(shapes.size).toBeGreaterThan(10);
      // postmap reads main.cf too, whose inet_interfaces only exist inside a staging namespace.
      mkdirSync(join(base, 'empty'));
      writeFileSync(join(base, 'empty', 'main.cf'), '');
      const checks: { name: string; dir: string; tables: string[] }[] = [];
      for (const { name, plan, host } of shapes.values()) {
        const dir = join(base, String(checks.length + 1));
        mkdirSync(join(dir, 'etc'), { recursive: true });
        const files = postfixFiles(plan, host, { ...settings, dir, root: tools.root });
        for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, 'etc', file), text);
        checks.push({ name, dir, tables: ['allow-from.cidr', 'spam.cidr'].filter((t) => files[t] !== undefined) });
      }
      // One shell for every check (a process each would cost more than the checks): each prints
      // its warnings and exit code after a header line.
      const script = checks
        .flatMap(({ dir, tables }) => [
          ...['-n', '-M'].map((a) => `echo "=== ${dir} postconf ${a}"; postconf -c ${dir}/etc ${a} 2>&1 >/dev/null; echo "exit $?"`),
          ...tables.map((t) => `echo "=== ${dir} postmap ${t}"; postmap -c ${base}/empty -q 192.0.2.1 cidr:${dir}/etc/${t} 2>&1; echo "exit $?"`),
        ])
        .join('\n');
      const r = await runCommand('sh', ['-c', `PATH=${tools.root}/usr/sbin:$PATH LD_LIBRARY_PATH=${tools.libDir}; export PATH LD_LIBRARY_PATH\n${script}`], 60_000);
      expect(r.code).toBe(0);
      const sections = r.stdout.split('=== ').filter(Boolean);
      expect(sections).toHaveLength(checks.reduce((n, c) => n + 2 + c.tables.length, 0));
      for (const section of sections) {
        const [head, ...body] = section.trimEnd().split('\n');
        const [dir, program, what] = head!.split(' ');
        const name = checks.find((c) => c.dir === dir)!.name;
        const exit = body.pop();
        if (program === 'postconf') expect({ name, what, output: body, exit }).toEqual({ name, what, output: [], exit: 'exit 0' });
        else if (what === 'allow-from.cidr') expect({ name, what, output: body, exit }).toEqual({ name, what, output: [expect.stringMatching(/^(421 4\.7\.1|550 5\.7\.1) /)], exit: 'exit 0' });
        else expect({ name, what, output: body.filter((l) => /warning|fatal|error/i.test(l)) }).toEqual({ name, what, output: [] });
      }
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the Postfix log reader', () => {
  const at = '2026-12-05 08:42:35.123 Dec 05 08:42:35';
  const log = [
    `${at} sender postfix/smtpd[11795]: D08A520C10E: client=unknown[127.0.9.9]`,
    `${at} sender postfix/cleanup[11799]: D08A520C10E: message-id=<m0@stage.invalid>`,
    `${at} sender postfix/smtp[11800]: connect to mx.filter.test[127.0.1.1]:25: Connection refused`,
    `${at} sender postfix/smtp[11800]: D08A520C10E: host mx1.filter.test[127.0.1.1] said: 451 Could not complete recipient verify callout (in reply to RCPT TO command)`,
    `${at} sender postfix/smtp[11800]: D08A520C10E: to=<alice@example.com>, relay=mx2.filter.test[127.0.1.2]:25, delay=0.31, delays=0.04/0.03/0.22/0.02, dsn=4.0.0, status=deferred (host mx2.filter.test[127.0.1.2] said: 451 Could not complete recipient verify callout (in reply to RCPT TO command))`,
    `${at} sender postfix/smtp[11800]: D08A520C10E: to=<alice@example.com>, relay=mail.example.com[127.0.1.3]:25, delay=0.3, delays=0/0/0/0, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 51EEB20CD17)`,
    `${at} mail postfix/virtual[7588]: 31C4E20C0C1: to=<alice@example.com>, relay=virtual, delay=0.05, delays=0/0.05/0/0, dsn=2.0.0, status=sent (delivered to mailbox)`,
    `${at} backup postfix/smtp[12296]: 7436820CD51: to=<nobody@example.com>, relay=mail.example.com[127.0.1.1]:25, delay=2.2, delays=1.9/0.01/0.2/0.07, dsn=5.1.1, status=bounced (host mail.example.com[127.0.1.1] said: 550 5.1.1 <nobody@example.com>: Recipient address rejected: unknown user (in reply to RCPT TO command))`,
    `${at} backup postfix/cleanup[12291]: A1F6020C196: message-id=<20261205084250.A1F6020C196@backup.example.net>`,
    `${at} backup postfix/bounce[12333]: 7436820CD51: sender non-delivery notification: A1F6020C196`,
    `${at} mail postfix/smtpd[12329]: NOQUEUE: warn: RCPT from unknown[127.0.1.2]: MXP rcpt; from=<> to=<nobody@example.com> proto=ESMTP helo=<backup.example.net>`,
    `${at} mail postfix/smtpd[12329]: NOQUEUE: reject: RCPT from unknown[127.0.1.2]: 550 5.1.1 <nobody@example.com>: Recipient address rejected: unknown user; from=<forged@victim.test> to=<nobody@example.com> proto=ESMTP helo=<backup.example.net>`,
    `${at} mail postfix/smtpd[12081]: NOQUEUE: reject: CONNECT from unknown[127.0.2.1]: 421 4.7.1 <unknown[127.0.2.1]>: Client host rejected: mail.example.com accepts connections only from mx.filter.test; proto=SMTP`,
    `${at} mx postfix/smtpd[12640]: NOQUEUE: info: RCPT from unknown[127.0.2.1]: MXP rcpt-answer 250; from=<bob@sender.test> to=<alice@example.com> proto=ESMTP helo=<sender>`,
    `${at} mail postfix/smtpd[12329]: disconnect from unknown[127.0.1.2] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4`,
    `${at} sender postfix/qmgr[12266]: 0B7F320D0D0: removed`,
  ].join('\n');

  it('recognises the lines the observation reads, and gives each its queue id and time', () => {
    const entries = readLogs([{ name: 'h', mainlog: log, mta: 'postfix' }]);
    expect(entries.map((e) => e.event.kind)).toEqual([
      'other',
      'received',
      'host-error',
      'host-error',
      'deferred',
      'delivered',
      'delivered',
      'failed',
      'received',
      'other',
      'rcpt',
      'rcpt-rejected',
      'connect-acl',
      'rcpt-answer',
      'session-end',
      'completed',
    ]);
    expect(entries[0]!.line.at).toBe(Date.UTC(2026, 11, 5, 8, 42, 35, 123));
    expect(entries[1]!.event).toMatchObject({ client: '127.0.9.9', messageId: 'm0@stage.invalid', bounceOf: null });
    // A connection failure logged without a queue id belongs to the next message of that process.
    expect(entries[2]!.line.id).toBe('D08A520C10E');
    expect(entries[2]!.event).toMatchObject({ host: 'mx.filter.test[127.0.1.1]:25', reason: 'Connection refused' });
    expect(entries[5]!.event).toMatchObject({ mailbox: false, remote: 'mail.example.com', remoteAddress: '127.0.1.3' });
    expect(entries[6]!.event).toMatchObject({ mailbox: true, rcpt: 'alice@example.com' });
    expect(entries[8]!.event).toMatchObject({ client: null, bounceOf: '7436820CD51' });
    expect(entries[10]!.event).toMatchObject({ client: '127.0.1.2', sender: '', rcpt: 'nobody@example.com' });
    expect(entries[11]!.event).toMatchObject({ temporary: false, sender: 'forged@victim.test', reason: expect.stringMatching(/^550 5\.1\.1 /) });
    expect(entries[12]!.event).toMatchObject({ temporary: true, client: '127.0.2.1' });
  });
});
