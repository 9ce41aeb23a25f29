/**
 * What a host does with a message it accepted (models/machines/forwarding.ts and each role's
 * routing rule): final delivery, MailHop's best-MX rule, the filter's fixed destination, the
 * backup MX's forward to better MX hosts; then the client side — candidates tried in order,
 * deferral on 4xx or when nobody answers, bounce on 5xx, and a fresh round on retry.
 */
import { describe, expect, it } from 'vitest';
import type { Software } from '../../models/topology/types.js';
import { Driver, RETRY, ROUTE, callAheadResult, connectFailed, connected, data, rcpt, refused, reply } from './fixtures.js';
import { BACKUP, MAILBOX, SENDER, world } from './world.js';

/** Accepts `to` at `machine` through a real RCPT/DATA dialogue, then routes it. */
const acceptAndRoute = (machine: Driver['machine'], to: string) => new Driver(machine, to).send(rcpt(), data('sender', 1), ROUTE);

describe('routing an accepted message', () => {
  it('delivers to the mailbox when the host holds it', () => {
    expect(acceptAndRoute(world().mailbox, 'alice@example.com').value).toBe('delivered');
  });

  it('bounces with 550 unknown-user on a local route when the host does not hold the address', () => {
    const { mailbox } = world({ [MAILBOX]: { verify: 'none' } });
    expect(acceptAndRoute(mailbox, 'nobody@example.com').seen).toMatchObject({
      value: 'bounced',
      context: { reply: 550, reason: 'unknown-user' },
    });
  });

  it('queues a relay that is the best MX toward its configured destination', () => {
    const { relay } = world();
    const d = new Driver(relay, 'bob@relayed.test', { value: 'accepted' }).send(ROUTE);
    expect(d.seen).toMatchObject({ value: 'queued', context: { reason: 'to-destination', tried: 0 } });
  });

  it('queues a relay that is not in the MX list at all toward the best MX, unprocessed', () => {
    const { relay } = world();
    expect(new Driver(relay, 'alice@example.com', { value: 'accepted' }).send(ROUTE).seen).toMatchObject({
      value: 'queued',
      context: { reason: 'to-best-mx' },
    });
  });

  it('queues a relay that is a worse MX toward the best MX', () => {
    const { relay, topology: t } = world();
    t.dns['example.com'] = { mx: [{ preference: 10, host: 'mx.postini.test' }, { preference: 20, host: 'mx1.mailhop.test' }] };
    expect(new Driver(relay, 'alice@example.com', { value: 'accepted' }).send(ROUTE).context.reason).toBe('to-best-mx');
  });

  it('queues the filter toward its configured destination', () => {
    const d = new Driver(world().filter, 'alice@example.com').send(rcpt(), callAheadResult(250), data('sender', 1), ROUTE);
    expect(d.seen).toMatchObject({ value: 'queued', context: { reason: 'to-destination' } });
  });

  it('queues the backup MX toward the better MX hosts', () => {
    expect(acceptAndRoute(world().backup, 'alice@example.com').seen).toMatchObject({ value: 'queued', context: { reason: 'to-better-mx' } });
  });

  it('queues any other MTA by MX', () => {
    expect(new Driver(world().sender, 'alice@example.com', { value: 'accepted' }).send(ROUTE).seen).toMatchObject({
      value: 'queued',
      context: { reason: 'by-mx' },
    });
  });

  it('bounces when the domain has no usable next hop (null MX)', () => {
    expect(new Driver(world().sender, 'x@void.test', { value: 'accepted' }).send(ROUTE).seen).toMatchObject({
      value: 'bounced',
      context: { reason: 'no-route' },
    });
  });

  it('bounces at the best backup MX whose MX points back to itself (self-truncation leaves nothing)', () => {
    const { backup, topology } = world();
    topology.dns['example.com'] = { mx: [{ preference: 10, host: BACKUP }] };
    expect(acceptAndRoute(backup, 'alice@example.com').value).toBe('bounced');
  });

  it('delivers at a relay that holds the mailbox itself, before any best-MX rule', () => {
    const { relay } = world({ 'mx1.mailhop.test': { mailboxes: ['carol@example.com'] } });
    expect(new Driver(relay, 'carol@example.com', { value: 'accepted' }).send(ROUTE).value).toBe('delivered');
  });
});

describe('a queued message (the client side)', () => {
  /** The backup MX with example.com's MX changed to two better hosts, so it has two candidates. */
  const twoCandidates = () => {
    const w = world();
    w.topology.dns['example.com'] = {
      mx: [
        { preference: 10, host: 'mx.postini.test' },
        { preference: 10, host: MAILBOX },
        { preference: 20, host: BACKUP },
      ],
    };
    return new Driver(w.backup, 'alice@example.com', { value: 'accepted' }).send(ROUTE);
  };
  const queued = () => new Driver(world().backup, 'alice@example.com', { value: 'accepted' }).send(ROUTE);

  it('opens a session when a candidate answers', () => {
    expect(queued().send(connected(0)).value).toBe('awaitingRcptReply');
  });

  it('defers with 451 no-connection when the last candidate cannot be reached', () => {
    expect(queued().send(connectFailed(0)).seen).toMatchObject({
      value: 'deferred',
      context: { reply: 451, reason: 'no-connection', tried: 1 },
    });
  });

  it('stays queued and marks the candidate tried while others remain', () => {
    const d = twoCandidates().send(connectFailed(1));
    expect(d.seen).toMatchObject({ value: 'queued', context: { tried: 0b10 } });
    expect(d.send(connectFailed(0)).seen).toMatchObject({ value: 'deferred', context: { tried: 0b11, reply: 451 } });
  });

  it('goes on to DATA after a 2xx to RCPT, and hands off after a 2xx to DATA', () => {
    const d = queued().send(connected(0), reply(250));
    expect(d.value).toBe('awaitingDataReply');
    expect(d.send(reply(250)).value).toBe('handedOff');
  });

  it('defers on a 4xx to RCPT and keeps the code', () => {
    expect(queued().send(connected(0), reply(451)).seen).toMatchObject({ value: 'deferred', context: { reply: 451 } });
  });

  it('bounces on a 5xx to RCPT and keeps the code', () => {
    expect(queued().send(connected(0), reply(550)).seen).toMatchObject({ value: 'bounced', context: { reply: 550 } });
  });

  it('defers on a 4xx to DATA and bounces on a 5xx to DATA', () => {
    expect(queued().send(connected(0), reply(250), reply(452)).seen).toMatchObject({ value: 'deferred', context: { reply: 452 } });
    expect(queued().send(connected(0), reply(250), reply(554)).seen).toMatchObject({ value: 'bounced', context: { reply: 554 } });
  });

  it('retries a deferred message with a fresh round: every candidate untried again', () => {
    const d = twoCandidates().send(connectFailed(0), connectFailed(1));
    expect(d.context.tried).toBe(0b11);
    expect(d.send(RETRY).seen).toMatchObject({ value: 'queued', context: { tried: 0 } });
  });

  it('retries after a 4xx reply too, and can then succeed', () => {
    expect(queued().send(connected(0), reply(421), RETRY, connected(0), reply(250), reply(250)).value).toBe('handedOff');
  });

  it('ends for good once delivered, bounced or handed off', () => {
    expect(queued().send(connected(0), reply(550), RETRY).value).toBe('bounced');
    expect(queued().send(connected(0), reply(250), reply(250), RETRY).value).toBe('handedOff');
  });
});

describe('revision 1.1: moving on after a 4xx, and where the software draws the line', () => {
  /** The sender with `software`, delivering to example.com whose MX lists six hosts at 10, 20, … 60. */
  const sixMx = (software: Software) => {
    const w = world({ [SENDER]: { software } });
    w.topology.dns['example.com'] = { mx: [10, 20, 30, 40, 50, 60].map((preference, i) => ({ preference, host: `mx${i + 1}.test` })) };
    for (let i = 1; i <= 6; i++) w.topology.dns[`mx${i}.test`] = { a: [`192.0.2.${i}`] };
    return new Driver(w.sender, 'alice@example.com', { value: 'accepted' }).send(ROUTE);
  };

  it('moves on to the next candidate after a 4xx to RCPT or to DATA, keeping both tried', () => {
    expect(sixMx('generic').send(connected(0), reply(451)).seen).toMatchObject({ value: 'queued', context: { tried: 0b1 } });
    expect(sixMx('generic').send(connected(0), reply(250), reply(452)).seen).toMatchObject({ value: 'queued', context: { tried: 0b1 } });
    expect(sixMx('generic').send(connected(0), reply(451), connected(1), reply(250), reply(250)).value).toBe('handedOff');
  });

  it('still bounces at once on a 5xx, without trying the next candidate', () => {
    expect(sixMx('exim').send(connected(0), reply(550)).seen).toMatchObject({ value: 'bounced', context: { reply: 550 } });
  });

  it('Postfix: defers after two servers that answered the greeting (smtp_mx_session_limit = 2)', () => {
    const d = sixMx('postfix').send(connected(0), reply(451));
    expect(d.seen).toMatchObject({ value: 'queued', context: { sessions: 1 } });
    expect(d.send(connected(1), reply(451)).seen).toMatchObject({ value: 'deferred', context: { reply: 451, sessions: 2 } });
    expect(d.send(RETRY).seen).toMatchObject({ value: 'queued', context: { tried: 0, sessions: 0 } });
  });

  it('Postfix: failed connections and 550 greetings do not count as sessions, but count against 5 addresses', () => {
    const d = sixMx('postfix').send(connectFailed(0), refused(1, 550), connectFailed(2), connected(3), reply(451));
    expect(d.seen).toMatchObject({ value: 'queued', context: { sessions: 1, tried: 0b1111 } });
    expect(d.send(connectFailed(4)).seen).toMatchObject({ value: 'deferred', context: { tried: 0b11111 } });
  });

  it('Exim: past five hosts (hosts_max_try) still tries the first host of each worse preference; Postfix stops at five', () => {
    const five = (sw: Software) => sixMx(sw).send(...[0, 1, 2, 3, 4].flatMap((i) => [connected(i), reply(451)]));
    expect(five('postfix').value).toBe('deferred');
    expect(five('exim').value).toBe('queued');
    expect(five('exim').send(connected(5), reply(250), reply(250)).value).toBe('handedOff');
    expect(five('generic').send(connected(5), reply(451)).value).toBe('deferred');
  });

  it('Exim: past five hosts, skips the rest of a preference and tries one host of each worse one', () => {
    // Seven hosts at 10, two at 20, one at 30: five of the 10s, then one 20, then the 30.
    const w = world({ [SENDER]: { software: 'exim' } });
    const prefs = [10, 10, 10, 10, 10, 10, 10, 20, 20, 30];
    w.topology.dns['example.com'] = { mx: prefs.map((preference, i) => ({ preference, host: `h${i}.test` })) };
    for (let i = 0; i < prefs.length; i++) w.topology.dns[`h${i}.test`] = { a: [`192.0.2.${i + 1}`] };
    const d = new Driver(w.sender, 'alice@example.com', { value: 'accepted' }).send(ROUTE, ...[0, 1, 2, 3, 4].map((i) => connectFailed(i)));
    expect(d.value).toBe('queued');
    expect(d.send(connectFailed(8)).value).toBe('queued');
    expect(d.send(connectFailed(9)).seen).toMatchObject({ value: 'deferred', context: { tried: 0b1100011111 } });
  });

  it('a refusal at connect from a host that is not the last moves on, with either code and any software', () => {
    for (const sw of ['generic', 'postfix', 'exim'] as const) {
      for (const code of [421, 550]) expect(sixMx(sw).send(refused(0, code)).seen).toMatchObject({ value: 'queued', context: { tried: 0b1 } });
    }
  });

  it('a 550 greeting from the last host tried: Exim bounces, Postfix and generic defer; a 421 defers everywhere', () => {
    // The last host an attempt tries: the sixth for generic, the fifth for Postfix (5 addresses).
    const last = (sw: Software, code: number) => {
      const n = sw === 'generic' ? 5 : 4;
      return sixMx(sw).send(...Array.from({ length: n }, (_, i) => connectFailed(i)), refused(n, code));
    };
    expect(last('generic', 550).seen).toMatchObject({ value: 'deferred', context: { reply: 550, reason: 'ip-lock' } });
    expect(last('postfix', 550).seen).toMatchObject({ value: 'deferred', context: { reply: 550 } });
    expect(last('generic', 421).seen).toMatchObject({ value: 'deferred', context: { reply: 421 } });
    const eximLast = (code: number) => sixMx('exim').send(...[0, 1, 2, 3, 4].map((i) => connectFailed(i)), refused(5, code));
    expect(eximLast(550).seen).toMatchObject({ value: 'bounced', context: { reply: 550, reason: 'ip-lock' } });
    expect(eximLast(421).value).toBe('deferred');
  });
});
