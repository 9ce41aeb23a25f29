/**
 * The built-in relay's best-MX choice is made by its machine: its routing state chooses the hop
 * `to-destination` or `to-best-mx` (or `route`, under a per-domain override) with `chooseHop`, and
 * the hop every part of the model reads is the one it chose — candidate for candidate and why for
 * why what MailHop's rule (`bestMxElse` in models/routing/nextHop.ts) gives any other host.
 */
import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { initialHostContext, nextHopOf, type HostEnv } from '../../models/machines/env.js';
import { declaredHops } from '../../models/machines/hops.js';
import { machineForHost } from '../../models/machines/index.js';
import { hopOfHost, hostEnv } from '../../models/roles/hostEnv.js';
import { BUILT_IN_BY_ID } from '../../models/roles/registry.js';
import { nextHop } from '../../models/routing/nextHop.js';
import type { DnsEntry, Route } from '../../models/topology/types.js';
import { ROUTE, envOf, host, hp, mx, topology } from '../machines/fixtures.js';

const RELAY = 'relay.test';
const DEST = 'mail.example.com:2525';

/** A relay for example.com beside another MX and the customer's server; `dns` and `routes` vary the case. */
function relayWorld(dns: DnsEntry, routes: Record<string, Route> = {}, software: 'generic' | 'exim' = 'generic') {
  return topology({
    dns: { 'example.com': dns },
    hosts: [
      host(RELAY, { role: 'relay', accepts: ['example.com'], route: { kind: 'bestMxElse', dest: hp(DEST) }, routes, software }),
      host('other.test', { role: 'relay', accepts: ['example.com'], route: { kind: 'bestMxElse', dest: hp(DEST) } }),
      host('mail.example.com', { role: 'mailbox', mailboxes: ['alice@example.com'] }),
    ],
  });
}

/** The hop the relay's machine records on ROUTE, as XState's own transition() gives it. */
function chosen(env: HostEnv, rcpt: string): string {
  const machine = machineForHost(env);
  const accepted = machine.resolveState({ value: 'accepted', context: initialHostContext(rcpt) });
  const [after] = transition(machine, accepted, ROUTE);
  return (after.context as { hop: string }).hop;
}

const OVERRIDE: Record<string, Route> = { 'example.com': { kind: 'to', to: [hp('mail.example.com')] } };

/** Every kind of answer MailHop's rule can give: to the destination, forward, and each way MX delivery fails. */
const CASES: [string, DnsEntry, Record<string, Route>, 'generic' | 'exim', string][] = [
  ['best MX', { mx: mx(`10 ${RELAY}`, '20 other.test') }, {}, 'generic', 'to-destination'],
  ['one of equally best MX', { mx: mx('10 other.test', `10 ${RELAY}`) }, {}, 'generic', 'to-destination'],
  ['a worse MX', { mx: mx('10 other.test', `20 ${RELAY}`) }, {}, 'generic', 'to-best-mx'],
  ['not in the MX list', { mx: mx('10 other.test') }, {}, 'generic', 'to-best-mx'],
  ['the domain has a null MX', { mx: mx('0 .') }, {}, 'generic', 'to-best-mx'],
  ['a null MX beside its record, on Exim (which reads past it)', { mx: mx('0 .', `10 ${RELAY}`) }, {}, 'exim', 'to-destination'],
  ['no MX target resolves', { mx: mx('10 nowhere.test') }, {}, 'generic', 'to-best-mx'],
  ['best MX, under a per-domain override', { mx: mx(`10 ${RELAY}`) }, OVERRIDE, 'generic', 'route'],
  ['a worse MX, under a per-domain override', { mx: mx('10 other.test', `20 ${RELAY}`) }, OVERRIDE, 'generic', 'route'],
];

describe("the relay's machine chooses its hop", () => {
  it.each(CASES)('%s: the machine chooses the hop its rule names, and that hop is what the route gives', (_, dns, routes, software, name) => {
    const t = relayWorld(dns, routes, software);
    const env = envOf(t, RELAY);
    expect(chosen(env, 'alice@example.com')).toBe(name);
    const hops = declaredHops(env, 'alice@example.com');
    // The hop every part of the model reads is the declared hop the machine chose, not one computed beside it …
    expect(nextHopOf(env, 'alice@example.com')).toBe(hops[name]);
    // … and it is exactly MailHop's rule (or the override) as nextHop gives it: candidates, order, why, failure.
    expect(hops[name]).toEqual(nextHop(t, t.hosts[0]!, 'alice@example.com'));
  });

  it('declares the two halves of MailHop’s rule only where the route for the domain is that rule', () => {
    const plain = envOf(relayWorld({ mx: mx(`10 ${RELAY}`) }), RELAY);
    expect(Object.keys(declaredHops(plain, 'alice@example.com')).sort()).toEqual(['route', 'to-best-mx', 'to-destination']);
    const overridden = envOf(relayWorld({ mx: mx(`10 ${RELAY}`) }, OVERRIDE), RELAY);
    expect(Object.keys(declaredHops(overridden, 'alice@example.com'))).toEqual(['route']);
  });

  it('asks the machine: where the relay routes follows what its machine chooses', () => {
    const t = relayWorld({ mx: mx(`10 ${RELAY}`, '20 other.test') });
    const relay = BUILT_IN_BY_ID.get('relay')!;
    expect(relay.hops).toBeDefined();
    // The same relay, with a machine that has the best-MX test the other way round: the hop follows the machine.
    const contrary = { ...relay, machine: (e: HostEnv) => relay.machine({ ...e, host: { ...e.host, name: 'other.test' } }) };
    const env: HostEnv = { topology: t, host: t.hosts[0]!, role: contrary };
    expect(nextHopOf(env, 'alice@example.com')).toBe(declaredHops(env, 'alice@example.com')['to-best-mx']);
    expect(nextHopOf(envOf(t, RELAY), 'alice@example.com')).toMatchObject({ why: `${RELAY} is the best MX of example.com: deliver to ${DEST}` });
  });

  it('gives the route explanation and the diagram the hop the checker reads', () => {
    const t = relayWorld({ mx: mx('10 other.test', `20 ${RELAY}`) });
    const env = hostEnv(t, t.hosts[0]!);
    expect(hostEnv(t, t.hosts[0]!)).toBe(env);
    expect(hopOfHost(t, t.hosts[0]!, 'alice@example.com')).toBe(nextHopOf(env, 'alice@example.com'));
    expect(chosen(env, 'alice@example.com')).toBe('to-best-mx');
  });
});
