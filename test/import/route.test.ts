/**
 * `mxproof route FILE ADDRESS`: the way of one address, from the models' own decisions, without
 * exploring. On the founding loop it must show the filter's call-ahead target, the relay's
 * best-MX decision and its port-2525 destination; elsewhere, delivery, fall-back and bounces.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainRoute } from '../../src/import/route.js';
import { cli } from '../cli/run.js';
import { EXAMPLES, load, ROOT } from '../helpers.js';

const FOUNDING = join(EXAMPLES, 'postini-mailhop.yaml');
const RULES = join(ROOT, 'test', 'fixtures', 'rules');

describe('mxproof route', () => {
  it("shows on the founding loop the filter's call-ahead target, the relay's best-MX decision and the port-2525 destination", async () => {
    const r = await cli('route', FOUNDING, 'alice@example.com');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2. mx.postini.test (filter, software generic), reached on port 25');
    expect(r.stdout).toContain('mx.postini.test calls ahead (route to mx1.mailhop.test:25: configured route to mx1.mailhop.test:25)');
    expect(r.stdout).toContain(
      'mx1.mailhop.test calls ahead (route bestMxElse mail.example.com:2525: best MX of example.com is mx.postini.test (MX 10 mx.postini.test), not mx1.mailhop.test: forward there)',
    );
    expect(r.stdout).toContain('it is already calling ahead for this address (mx.postini.test → mx1.mailhop.test → mx.postini.test): the chain repeats');
    expect(r.stdout).toContain('=> not accepted now: mx.postini.test answers 451 (the call-ahead failed)');
    expect(r.stdout).toContain('Were it accepted: mx.postini.test already handled this message: a forwarding loop');
  });

  it('follows the relay to the port-2525 destination when it is the best MX, and ends where the mailbox is', () => {
    const report = explainRoute(load(join(EXAMPLES, 'mailhop-only.yaml')), 'alice@example.com');
    expect(report.steps.map((s) => [s.host, s.port, s.answer?.code ?? null])).toEqual([
      ['sender', null, null],
      ['mx1.mailhop.test', 25, 250],
      ['mail.example.com', 2525, 250],
    ]);
    expect(report.steps[1]!.decision).toBe('mx1.mailhop.test is the best MX of example.com: deliver to mail.example.com:2525');
    expect(report.steps[1]!.answer!.callAhead!.tries).toEqual([{ host: 'mail.example.com', port: 2525, outcome: 'open', answer: { code: 250, reason: 'local-mailbox' } }]);
    expect(report.end).toEqual({ kind: 'delivered', host: 'mail.example.com' });
  });

  it('moves on past a host that is down to the next MX, as a client does', () => {
    const report = explainRoute(load(join(RULES, 'backup-mx-primary-down.yaml')), 'alice@example.com');
    const sender = report.steps[0]!;
    expect(sender.candidates[0]).toMatchObject({ outcome: 'failed', why: expect.stringMatching(/is down/) });
    expect(sender.candidates[1]).toMatchObject({ outcome: 'open', answer: { code: 250 } });
    expect(report.steps[1]!.role).toBe('backup-mx');
  });

  it('ends with the bounce a host gives an unknown user at RCPT', () => {
    const report = explainRoute(load(join(RULES, 'unknown-user-refused-at-rcpt.yaml')), 'nobody@example.com');
    expect(report.valid).toBe(false);
    expect(report.end).toMatchObject({ kind: 'bounced', code: 550 });
  });

  it('starts at the host --from names, and writes JSON with --format json', async () => {
    const r = await cli('route', FOUNDING, 'alice@example.com', '--from', 'mx1.mailhop.test', '--format', 'json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { from: string; steps: { host: string; candidates: { host: string; port: number }[] }[] };
    expect(json.from).toBe('mx1.mailhop.test');
    expect(json.steps[0]!.candidates).toMatchObject([{ host: 'mx.postini.test', port: 25 }]);
  });

  it('refuses an unknown --from host, an address that is not one and a file that does not load, with exit 2', async () => {
    expect(await cli('route', FOUNDING, 'alice@example.com', '--from', 'nowhere.test')).toMatchObject({ code: 2, stderr: expect.stringContaining('--from: nowhere.test is not a host of') });
    expect(await cli('route', FOUNDING, 'not-an-address')).toMatchObject({ code: 2, stderr: expect.stringContaining('is not an address') });
    expect(await cli('route', join(ROOT, 'test', 'fixtures', 'malformed', 'unknown-role.yaml'), 'a@b.test')).toMatchObject({ code: 2, stdout: '' });
  });
});
