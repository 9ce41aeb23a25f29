/**
 * The server side of a session, shared by every role (models/machines/receiving.ts): how RCPT is
 * answered for each `verify` mode, how a call-ahead's result becomes the answer, and how DATA is
 * checked against the hop limit and the spam policy.
 */
import { describe, expect, it } from 'vitest';
import { relayMachine } from '../../models/machines/relay.js';
import { mailboxMachine } from '../../models/machines/mailbox.js';
import { Driver, callAheadResult, data, envOf, host, rcpt, topology } from './fixtures.js';
import { BACKUP, FILTER, LISTED, MAILBOX, RELAY, world } from './world.js';

describe('RCPT for a domain the host does not accept', () => {
  it('is refused by the relay with 550 relay-denied', () => {
    const { relay } = world();
    const d = new Driver(relay, 'someone@elsewhere.test').send(rcpt());
    expect(d.value).toBe('refused');
    expect(d.context).toMatchObject({ reply: 550, reason: 'relay-denied' });
  });

  it('is refused before any call-ahead is started', () => {
    const { filter } = world();
    expect(new Driver(filter, 'bob@relayed.test').send(rcpt()).seen).toMatchObject({
      value: 'refused',
      context: { reply: 550, reason: 'relay-denied' },
    });
  });

  it('is refused by a mailbox host for a foreign domain even with verify none', () => {
    const { mailbox } = world({ [MAILBOX]: { verify: 'none' } });
    expect(new Driver(mailbox, 'x@elsewhere.test').send(rcpt()).context).toMatchObject({ reply: 550, reason: 'relay-denied' });
  });

  it('is accepted by a host with accepts ["*"] (an open relay) for any domain', () => {
    const { backup } = world({ [BACKUP]: { accepts: ['*'] } });
    expect(new Driver(backup, 'x@anywhere.test').send(rcpt()).seen).toMatchObject({
      value: 'awaitingData',
      context: { reply: 250, reason: 'domain-accepted' },
    });
  });

  it('compares the domain without case', () => {
    const { backup } = world();
    expect(new Driver(backup, 'Nobody@EXAMPLE.com').send(rcpt()).value).toBe('awaitingData');
  });
});

describe('verify: none', () => {
  it('answers 250 for any address at an accepted domain, even one no host holds', () => {
    const { backup } = world();
    const d = new Driver(backup, 'nobody@example.com').send(rcpt());
    expect(d.value).toBe('awaitingData');
    expect(d.context).toMatchObject({ reply: 250, reason: 'domain-accepted' });
  });
});

describe('verify: local', () => {
  it('answers 250 for its own mailbox', () => {
    const { mailbox } = world();
    expect(new Driver(mailbox, 'alice@example.com').send(rcpt()).seen).toMatchObject({
      value: 'awaitingData',
      context: { reply: 250, reason: 'local-mailbox' },
    });
  });

  it('refuses an unknown local user with 550 unknown-user at RCPT time', () => {
    const { mailbox } = world();
    expect(new Driver(mailbox, 'nobody@example.com').send(rcpt()).seen).toMatchObject({
      value: 'refused',
      context: { reply: 550, reason: 'unknown-user' },
    });
  });

  it('matches the mailbox without case', () => {
    const { mailbox } = world();
    expect(new Driver(mailbox, 'ALICE@example.com').send(rcpt()).context.reply).toBe(250);
  });
});

describe('verify: list', () => {
  it('answers 250 for an address on the recipient list', () => {
    const { listed } = world();
    expect(new Driver(listed, 'alice@example.com').send(rcpt()).seen).toMatchObject({
      value: 'awaitingData',
      context: { reply: 250, reason: 'on-recipient-list' },
    });
  });

  it('refuses an address not on the list with 550 and never calls ahead', () => {
    const { listed } = world();
    expect(new Driver(listed, 'nobody@example.com').send(rcpt()).seen).toMatchObject({
      value: 'refused',
      context: { reply: 550, reason: 'not-on-recipient-list' },
    });
  });
});

describe('verify: call-ahead', () => {
  const verifying = () => new Driver(world().relay, 'alice@example.com').send(rcpt());

  it('waits in verifying with no answer yet', () => {
    const d = verifying();
    expect(d.value).toBe('verifying');
    expect(d.context.reply).toBe(0);
  });

  it('passes a 2xx answer back as 250', () => {
    expect(verifying().send(callAheadResult(250)).seen).toMatchObject({
      value: 'awaitingData',
      context: { reply: 250, reason: 'call-ahead-accepted' },
    });
  });

  it('passes a 5xx answer back as 550', () => {
    expect(verifying().send(callAheadResult(550)).seen).toMatchObject({
      value: 'refused',
      context: { reply: 550, reason: 'call-ahead-refused' },
    });
    expect(verifying().send(callAheadResult(554)).context.reply).toBe(550);
  });

  it('turns a 4xx answer into 451 without deferOk', () => {
    expect(verifying().send(callAheadResult(451)).seen).toMatchObject({
      value: 'refused',
      context: { reply: 451, reason: 'call-ahead-failed' },
    });
  });

  it('turns no answer at all (0, timed out) into 451 without deferOk', () => {
    expect(verifying().send(callAheadResult(0)).seen).toMatchObject({
      value: 'refused',
      context: { reply: 451, reason: 'call-ahead-failed' },
    });
  });

  it('accepts with 250 on a temporary failure when deferOk is set', () => {
    const { relay } = world({ [RELAY]: { deferOk: true } });
    for (const code of [0, 421, 451]) {
      expect(new Driver(relay, 'alice@example.com').send(rcpt(), callAheadResult(code)).seen).toMatchObject({
        value: 'awaitingData',
        context: { reply: 250, reason: 'call-ahead-defer-ok' },
      });
    }
  });

  it('still refuses a 5xx with deferOk: deferOk is only for temporary failures', () => {
    const { relay } = world({ [RELAY]: { deferOk: true } });
    expect(new Driver(relay, 'alice@example.com').send(rcpt(), callAheadResult(550)).context).toMatchObject({ reply: 550 });
  });

  it('answers for its own mailbox without calling ahead', () => {
    const { mailbox } = world({ [MAILBOX]: { verify: 'call-ahead' } });
    expect(new Driver(mailbox, 'alice@example.com').send(rcpt()).seen).toMatchObject({
      value: 'awaitingData',
      context: { reply: 250, reason: 'local-mailbox' },
    });
  });

  it('refuses an unknown user at once when its route is local (nobody to ask)', () => {
    const { mailbox } = world({ [MAILBOX]: { verify: 'call-ahead' } });
    expect(new Driver(mailbox, 'nobody@example.com').send(rcpt()).seen).toMatchObject({
      value: 'refused',
      context: { reply: 550, reason: 'unknown-user' },
    });
  });

  it('refuses with 550 no-route when there is no next hop to ask (null MX)', () => {
    const { relay } = world();
    expect(new Driver(relay, 'x@void.test').send(rcpt()).seen).toMatchObject({
      value: 'refused',
      context: { reply: 550, reason: 'no-route' },
    });
  });

  it('is what a call-ahead session meets too: the RCPT of a call-ahead is answered the same way', () => {
    const { filter } = world();
    expect(new Driver(filter, 'alice@example.com').send(rcpt(RELAY, true)).value).toBe('verifying');
  });
});

describe('DATA and the hop limit', () => {
  const ready = (hopLimit: number) => {
    const { backup } = world({ [BACKUP]: { hopLimit } });
    return new Driver(backup, 'alice@example.com').send(rcpt());
  };

  it('accepts a message that has passed fewer hosts than the limit', () => {
    expect(ready(50).send(data('sender', 49)).seen).toMatchObject({ value: 'accepted', context: { reply: 250, reason: 'accepted' } });
  });

  it('refuses a message that has passed as many hosts as the limit with 554 5.4.6', () => {
    expect(ready(50).send(data('sender', 50)).seen).toMatchObject({ value: 'refused', context: { reply: 554, reason: 'hop-limit' } });
  });

  it('honours a host-specific hop limit', () => {
    expect(ready(3).send(data('sender', 3)).context.reply).toBe(554);
    expect(ready(3).send(data('sender', 2)).context.reply).toBe(250);
  });
});

describe('DATA and the spam policy', () => {
  // The filter blocks both relays, whitelists LISTED, and quarantines by default in this world.
  const atFilter = (over: Parameters<typeof world>[0] = {}) =>
    new Driver(world(over).filter, 'alice@example.com').send(rcpt(), callAheadResult(250));

  it('quarantines mail from a blocked host: 250, then silently discarded', () => {
    expect(atFilter().send(data(RELAY, 1)).seen).toMatchObject({ value: 'quarantined', context: { reply: 250, reason: 'quarantined' } });
  });

  it('refuses mail from a blocked host at end of DATA with action reject', () => {
    const over = { [FILTER]: { spam: { blocks: [RELAY], whitelist: [], action: 'reject' as const } } };
    expect(atFilter(over).send(data(RELAY, 1)).seen).toMatchObject({ value: 'refused', context: { reply: 550, reason: 'spam-rejected' } });
  });

  it('accepts mail from a blocked host that is whitelisted', () => {
    expect(atFilter().send(data(LISTED, 1)).seen).toMatchObject({ value: 'accepted', context: { reply: 250, reason: 'accepted' } });
  });

  it('accepts mail from a host it does not block', () => {
    expect(atFilter().send(data('smtp.sender.test', 0)).value).toBe('accepted');
  });

  it('checks the hop limit before the spam policy', () => {
    const over = { [FILTER]: { hopLimit: 2 } };
    expect(atFilter(over).send(data(RELAY, 2)).context).toMatchObject({ reply: 554, reason: 'hop-limit' });
  });
});

describe('a relay built from the FORMAT.md fields alone', () => {
  it('needs nothing but its env: accepts and verify are read from the host', () => {
    const t = topology({
      dns: { 'example.com': { mx: [{ preference: 10, host: 'r.test' }] } },
      hosts: [
        host('r.test', { role: 'relay', accepts: ['example.com'], verify: 'list', recipients: [], route: { kind: 'bestMxElse', dest: { host: 'm.test', port: 25 } } }),
        host('m.test', { role: 'mailbox', accepts: ['example.com'], mailboxes: ['a@example.com'], verify: 'local', route: { kind: 'local' } }),
      ],
    });
    expect(new Driver(relayMachine(envOf(t, 'r.test')), 'a@example.com').send(rcpt()).context.reason).toBe('not-on-recipient-list');
    expect(new Driver(mailboxMachine(envOf(t, 'm.test')), 'a@example.com').send(rcpt()).context.reason).toBe('local-mailbox');
  });
});
