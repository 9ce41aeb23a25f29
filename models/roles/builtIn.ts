/**
 * The five roles of FORMAT.md ("Role presets"), one registration each: preset, machine, note.
 * Adding a built-in role is its machine file (models/machines) and one line here.
 */
import { backupMxMachine } from '../machines/backupMx.js';
import { filterMachine } from '../machines/filter.js';
import { mailboxMachine } from '../machines/mailbox.js';
import { mtaMachine } from '../machines/mta.js';
import { relayHops, relayMachine } from '../machines/relay.js';
import type { BuiltInRole } from '../topology/types.js';
import type { RequiredRoute, RoleDefinition } from './types.js';

const builtIn = (def: Omit<RoleDefinition, 'origin'> & { id: BuiltInRole }): RoleDefinition & { id: BuiltInRole } => ({ ...def, origin: 'built-in' });

// Relay and filter routes are requirements, not defaults: their whole behaviour (MailHop's best-MX
// rule, Postini's fixed destination) lives in them.
const BEST_MX_ELSE: RequiredRoute = {
  required: 'bestMxElse',
  form: '`route: { bestMxElse: H[:P] }`',
  why: "MailHop Relay's rule: deliver to H:P when it is the best MX, else forward to the best MX",
};
const FIXED_TO: RequiredRoute = {
  required: 'to',
  form: '`route: { to: [H[:P], ...] }`',
  why: 'a filter always delivers to its configured destination, never by MX',
};

export const BUILT_IN_ROLES: readonly (RoleDefinition & { id: BuiltInRole })[] = [
  builtIn({ id: 'mailbox', summary: "the customer's own server", preset: { accepts: 'own-mailboxes', verify: 'local', route: { kind: 'local' } }, machine: mailboxMachine, note: "The customer's own server: final delivery for its mailboxes; other mail by its route." }),
  builtIn({ id: 'relay', summary: 'MailHop Relay', preset: { accepts: 'required', verify: { withRecipients: 'list', otherwise: 'call-ahead' }, route: BEST_MX_ELSE }, hops: relayHops, machine: relayMachine, note: 'MailHop-style relay: the best-preference MX delivers to its destination, any other forwards to the best MX.' }),
  builtIn({ id: 'filter', summary: 'Postini-style filtering service', preset: { accepts: 'required', verify: 'call-ahead', route: FIXED_TO }, machine: filterMachine, note: 'Postini-style filtering service: accepts registered domains and always delivers to its configured destination.' }),
  builtIn({ id: 'backup-mx', summary: 'MailHop Backup MX or any secondary MX', preset: { accepts: 'required', verify: 'none', route: { kind: 'mx' } }, machine: backupMxMachine, note: 'Backup MX: queues while better MX hosts are down and forwards to them by MX.' }),
  builtIn({ id: 'mta', summary: 'any other mail server, including senders', preset: { accepts: [], verify: 'none', route: { kind: 'mx' } }, machine: mtaMachine, note: 'Any other mail server, and the sending MTA: routes by MX, defers on 4xx, bounces on 5xx.' }),
];
