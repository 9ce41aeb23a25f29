/**
 * One small world most machine tests share: the founding article's cast plus a backup MX.
 *
 *   example.com   MX 10 mx.postini.test, 20 backup.example.net
 *   relayed.test  MX 10 mx1.mailhop.test            (the relay is the best MX here)
 *   void.test     MX 0 .                            (null MX: accepts no mail)
 */
import { backupMxMachine } from '../../models/machines/backupMx.js';
import { filterMachine } from '../../models/machines/filter.js';
import { mailboxMachine } from '../../models/machines/mailbox.js';
import { mtaMachine } from '../../models/machines/mta.js';
import { relayMachine } from '../../models/machines/relay.js';
import type { Host } from '../../models/topology/types.js';
import { envOf, host, hp, mx, topology } from './fixtures.js';

export const RELAY = 'mx1.mailhop.test';
export const FILTER = 'mx.postini.test';
export const BACKUP = 'backup.example.net';
export const MAILBOX = 'mail.example.com';
export const LISTED = 'listed.mailhop.test';
export const SENDER = 'smtp.sender.test';

export function world(overrides: Partial<Record<string, Partial<Host>>> = {}) {
  const t = topology({
    dns: {
      'example.com': { mx: mx(`10 ${FILTER}`, `20 ${BACKUP}`) },
      'relayed.test': { mx: mx(`10 ${RELAY}`) },
      'void.test': { mx: mx('0 .') },
    },
    hosts: [
      host(RELAY, {
        role: 'relay',
        accepts: ['example.com', 'relayed.test', 'void.test'],
        verify: 'call-ahead',
        route: { kind: 'bestMxElse', dest: hp(`${MAILBOX}:2525`) },
        ...overrides[RELAY],
      }),
      host(LISTED, {
        role: 'relay',
        accepts: ['example.com'],
        verify: 'list',
        recipients: ['alice@example.com'],
        route: { kind: 'bestMxElse', dest: hp(`${MAILBOX}:2525`) },
        ...overrides[LISTED],
      }),
      host(FILTER, {
        role: 'filter',
        accepts: ['example.com'],
        verify: 'call-ahead',
        route: { kind: 'to', to: [hp(RELAY)] },
        spam: { blocks: [RELAY, LISTED], whitelist: [LISTED], action: 'quarantine' },
        ...overrides[FILTER],
      }),
      host(BACKUP, { role: 'backup-mx', accepts: ['example.com'], verify: 'none', ...overrides[BACKUP] }),
      host(MAILBOX, {
        role: 'mailbox',
        accepts: ['example.com', 'relayed.test'],
        mailboxes: ['alice@example.com', 'bob@relayed.test'],
        verify: 'local',
        route: { kind: 'local' },
        listen: [25, 2525],
        ...overrides[MAILBOX],
      }),
      host(SENDER, { ...overrides[SENDER] }),
    ],
  });
  return {
    topology: t,
    relay: relayMachine(envOf(t, RELAY)),
    listed: relayMachine(envOf(t, LISTED)),
    filter: filterMachine(envOf(t, FILTER)),
    backup: backupMxMachine(envOf(t, BACKUP)),
    mailbox: mailboxMachine(envOf(t, MAILBOX)),
    sender: mtaMachine(envOf(t, SENDER)),
  };
}
