/**
 * Topologies built to exercise the client rules of FORMAT.md 1.1 (with Exim's hosts_max_try and
 * callout as staged) in every combination the random arbitraries reach too rarely (they draw at
 * most three MX records): a sender facing a list of MX hosts that answer 451 while their own
 * destination is down, with each `software`, with more candidates than Exim and Postfix try in one
 * attempt, with the mailbox host locked by `allowFrom` (421 or 550), a server outside the model,
 * a CNAME, and a null MX mixed into the list; and a verifier whose call-ahead must walk past its
 * first destination. Each is small enough for the differential (a few thousand states at most).
 */
import { loadTopology } from '../../models/topology/load.js';
import type { Software, Topology } from '../../models/topology/types.js';

/** How the MX list ends, or, for a lock `-first`, starts. */
export type Tail = 'open' | 'lock421' | 'lock550' | 'lock421-first' | 'lock550-first' | 'external' | 'cname';
const TAILS: readonly Tail[] = ['open', 'lock421', 'lock550', 'lock421-first', 'lock550-first', 'external', 'cname'];

export interface ClientCase {
  software: Software;
  /** MX records besides the mailbox host: 2 (three MX in all) or 5 (six, past Exim's and Postfix's five). */
  filters: 2 | 5;
  /** With five filters: one down for good (mx3), or all but mx1 (four failed connections in a row). */
  down: 'one' | 'most';
  tail: Tail;
  /** A null MX `0 .` mixed into the list. */
  nullMx: boolean;
}

export function clientCases(): ClientCase[] {
  const out: ClientCase[] = [];
  for (const software of ['generic', 'postfix', 'exim'] as const) {
    for (const filters of [2, 5] as const) {
      for (const down of filters === 5 ? (['one', 'most'] as const) : (['one'] as const)) {
        for (const tail of TAILS) out.push({ software, filters, down, tail, nullMx: false });
      }
      // A null MX ends generic and Postfix delivery at once; Exim ignores it and goes on as without.
      out.push({ software, filters, down: 'one', tail: 'open', nullMx: true });
    }
  }
  return out;
}

/**
 * The MX list: filters mx1…mxN (mx1 and mx2 at one preference, so the order between them is a
 * choice), each verifying by call-ahead to `inner.example.com` (transient) and answering 451 while
 * it is down; of five, mx3 is down for good, or mx2 to mx5 are (a failed connection is tried but is
 * no session). Then the tail: the mailbox host, open or locked against everyone but the filters
 * (or locked and listed first, so the refusal comes before the 451s); a server outside the model;
 * or the mailbox host (transient) through a CNAME, with a backup MX listed through a CNAME last:
 * it must recognise itself there and truncate the list, not relay to itself.
 */
export function clientTopology(c: ClientCase): Topology {
  const mx: string[] = [];
  const hosts: string[] = [];
  for (let i = 1; i <= c.filters; i++) {
    mx.push(`"${i === 1 ? 10 : i * 10 - 10} mx${i}.filter.test"`);
    hosts.push(`  mx${i}.filter.test: { role: filter, accepts: [example.com], route: { to: ["inner.example.com"] } }`);
  }
  const last = (c.filters + 1) * 10;
  const dns: string[] = [];
  const lock = (reply: number) => `, allowFrom: [${Array.from({ length: c.filters }, (_, i) => `mx${i + 1}.filter.test`).join(', ')}], allowFromReply: ${reply}`;
  const mailbox = (extra: string) => `  mail.example.com: { role: mailbox, mailboxes: ["alice@example.com"]${extra} }`;
  switch (c.tail) {
    case 'open':
    case 'lock421':
    case 'lock550':
      mx.push(`"${last} mail.example.com"`);
      hosts.push(mailbox(c.tail === 'open' ? '' : lock(c.tail === 'lock421' ? 421 : 550)));
      break;
    case 'lock421-first':
    case 'lock550-first':
      mx.unshift('"5 mail.example.com"');
      hosts.push(mailbox(lock(c.tail === 'lock421-first' ? 421 : 550)));
      break;
    case 'external':
      mx.push(`"${last} mx.outside.test"`);
      dns.push('  mx.outside.test: { a: ["192.0.2.25"] }');
      break;
    case 'cname':
      mx.push(`"${last} alias.example.com"`, `"${last + 10} mx-backup.example.com"`);
      dns.push('  alias.example.com: { cname: mail.example.com }', '  mx-backup.example.com: { cname: backup.example.net }');
      hosts.push(mailbox(''), '  backup.example.net: { role: backup-mx, accepts: [example.com] }');
      break;
  }
  if (c.nullMx) mx.unshift('"0 ."');
  hosts.push('  inner.example.com: { role: mailbox, mailboxes: ["alice@example.com"] }');
  const faults = ['    inner.example.com: transient'];
  if (c.filters === 5) for (const i of c.down === 'one' ? [3] : [2, 3, 4, 5]) faults.push(`    mx${i}.filter.test: down`);
  // So that the backup MX gets the message now and then, and must find itself behind its CNAME.
  if (c.tail === 'cname') faults.push('    mail.example.com: transient');
  const text = [
    'version: 1',
    `defaults: { software: ${c.software} }`,
    'dns:',
    `  example.com: { mx: [${mx.join(', ')}] }`,
    ...dns,
    'hosts:',
    ...hosts,
    'network:',
    '  faults:',
    ...faults,
    'messages:',
    '  - { from: "bob@sender.test", to: "alice@example.com" }',
  ].join('\n');
  const file = `(client ${c.software} ${c.filters + 1} MX${c.filters === 5 ? ` ${c.down} down` : ''} ${c.tail}${c.nullMx ? ' null MX' : ''})`;
  const loaded = loadTopology(text, file);
  if (!loaded.ok) throw new Error(`${file} does not load: ${JSON.stringify(loaded.errors)}`);
  return loaded.topology;
}

/** What the first destination of a verifying filter does with its call-ahead. */
export type CalloutFirst = 'down' | 'lock421' | 'lock550' | 'defers' | 'loops' | 'refuses';
const FIRSTS: readonly CalloutFirst[] = ['down', 'lock421', 'lock550', 'defers', 'loops', 'refuses'];

export function calloutCases(): { first: CalloutFirst; deferOk: boolean }[] {
  return FIRSTS.flatMap((first) => [false, true].map((deferOk) => ({ first, deferOk })));
}

/**
 * A call-ahead that walks its candidates (as staged on Exim's callout): the MX, a filter, verifies
 * by call-ahead to its destinations `first.test` then `mail.example.com` (transient). The first is
 * down; locked against the filter with 421 (move on) or 550 (a definite answer); a filter whose own
 * destination is down, so it answers 451 (move on); a filter calling back (the chain repeats and
 * times out: move on); or a mailbox without alice (550, definite).
 */
export function calloutTopology(c: { first: CalloutFirst; deferOk: boolean }): Topology {
  const first: Record<CalloutFirst, string> = {
    down: 'role: mailbox, mailboxes: ["alice@example.com"]',
    lock421: 'role: mailbox, mailboxes: ["alice@example.com"], allowFrom: [gone.example.com], allowFromReply: 421',
    lock550: 'role: mailbox, mailboxes: ["alice@example.com"], allowFrom: [gone.example.com], allowFromReply: 550',
    defers: 'role: filter, accepts: [example.com], route: { to: ["gone.example.com"] }',
    loops: 'role: filter, accepts: [example.com], route: { to: ["mx.filter.test"] }',
    refuses: 'role: mailbox, mailboxes: ["bob@example.com"]',
  };
  const text = [
    'version: 1',
    'dns:',
    '  example.com: { mx: ["10 mx.filter.test"] }',
    'hosts:',
    `  mx.filter.test: { role: filter, accepts: [example.com], deferOk: ${c.deferOk}, route: { to: ["first.test", "mail.example.com"] } }`,
    `  first.test: { ${first[c.first]} }`,
    '  gone.example.com: { role: mailbox, mailboxes: ["alice@example.com"] }',
    '  mail.example.com: { role: mailbox, mailboxes: ["alice@example.com"] }',
    'network:',
    '  faults:',
    '    mail.example.com: transient',
    '    gone.example.com: down',
    ...(c.first === 'down' ? ['    first.test: down'] : []),
    'messages:',
    '  - { from: "bob@sender.test", to: "alice@example.com" }',
  ].join('\n');
  const file = `(call-ahead first ${c.first}${c.deferOk ? ', deferOk' : ''})`;
  const loaded = loadTopology(text, file);
  if (!loaded.ok) throw new Error(`${file} does not load: ${JSON.stringify(loaded.errors)}`);
  return loaded.topology;
}
