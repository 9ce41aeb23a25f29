/**
 * The fidelity scenarios (docs/fidelity.md): FORMAT.md's four examples (both halves of the third),
 * the scenarios that exercise backup MX, hop-limit loops, allowFrom, spam quarantine and MailHop's
 * best-MX rule, one scenario per row of issue 11's client table, the null MX, and the call-ahead
 * experiments. Each is staged on the MTAs it names, every host that can run it forced onto that
 * MTA (`mxproof stage --mta`). Where the staged MTA disagrees with mxproof for the file as written,
 * the scenario names the properties and the `software` that makes the model agree; the suite then
 * requires exactly that disagreement, and agreement once the model is told the software.
 */
import { join } from 'node:path';
import type { PropertyId, Software } from '../../models/topology/types.js';
import type { StageMta } from '../../src/stage/index.js';
import { EXAMPLES, ROOT } from '../helpers.js';

export interface Expectation {
  /** Properties on which this MTA disagrees with mxproof's verdicts for the file as written. */
  disagreements?: PropertyId[];
  /** The `software` with which mxproof (every host and the implicit sender) gives this MTA's verdicts. */
  agreesWith?: Software;
}

export interface Scenario {
  name: string;
  file: string;
  exercises: string;
  /** The MTAs it is staged on, each with what is expected there. */
  on: Partial<Record<StageMta, Expectation>>;
}

const RULES = join(ROOT, 'test', 'fixtures', 'rules');
const OWN = join(ROOT, 'test', 'fidelity', 'topologies');
const BOTH = { exim: {}, postfix: {} };

export const SCENARIOS: Scenario[] = [
  { name: 'founding loop', file: join(EXAMPLES, 'postini-mailhop.yaml'), exercises: 'FORMAT.md example 1: nested call-aheads between filter and relay', on: BOTH },
  { name: 'relay alone', file: join(EXAMPLES, 'mailhop-only.yaml'), exercises: 'FORMAT.md example 2: MailHop best MX → port 2525 around a port-25 block', on: BOTH },
  { name: 'filter alone', file: join(EXAMPLES, 'postini-only.yaml'), exercises: 'FORMAT.md example 3: filter → customer server on port 25', on: BOTH },
  { name: 'filter alone, port 25 blocked', file: join(EXAMPLES, 'postini-only-blocked.yaml'), exercises: 'FORMAT.md example 3, blocked: deferred on every attempt, no loop', on: BOTH },
  { name: 'founding loop, filter verify none', file: join(EXAMPLES, 'postini-mailhop-verify-none.yaml'), exercises: 'FORMAT.md example 4: a message loop ended by the hop limit (50)', on: BOTH },
  { name: 'backup MX, primary transient', file: join(RULES, 'backup-mx-primary-transient.yaml'), exercises: 'backup MX queues while the primary is down and drains when it returns', on: BOTH },
  { name: 'backup MX without recipient list', file: join(RULES, 'backup-mx-without-recipient-list.yaml'), exercises: 'backup MX accepts an unknown user and bounces it later (backscatter)', on: BOTH },
  { name: 'MailHop relays pointing at each other', file: join(RULES, 'mailhop-relays-pointing-at-each-other.yaml'), exercises: 'hop-limit loop between two relays (hopLimit 10)', on: BOTH },
  { name: 'IP lock, filter transient', file: join(RULES, 'ip-lock-second-mx-filter-transient.yaml'), exercises: 'allowFrom (421) on the second MX; delivered once the filter is back', on: BOTH },
  { name: 'IP lock, filter down', file: join(RULES, 'ip-lock-second-mx-filter-down.yaml'), exercises: 'allowFrom (421) on the second MX; never delivered while the filter is down', on: BOTH },
  { name: 'filter quarantines the relay', file: join(RULES, 'filter-quarantines-blocked-relay.yaml'), exercises: 'spam quarantine: accepted, then discarded (silent loss)', on: BOTH },
  { name: 'relay, best MX down', file: join(OWN, 'relay-best-mx-down.yaml'), exercises: "MailHop's rule never falls back to a worse MX", on: BOTH },
  {
    name: 'filter defers, second MX delivers',
    file: join(OWN, 'filter-defers-second-mx-delivers.yaml'),
    exercises: 'RCPT 451 at MX 10, MX 20 accepts: the client moves on in the same attempt',
    on: BOTH,
  },
  {
    name: 'IP lock answering 550, filter transient',
    file: join(OWN, 'ip-lock-550-second-mx-filter-transient.yaml'),
    exercises: 'allowFromReply 550 at the last MX while the filter is down: Exim bounces, Postfix defers',
    on: { exim: { disagreements: ['eventual-delivery'], agreesWith: 'exim' }, postfix: {} },
  },
  // Issue 11's table, one row each (the DATA 451 row has no model construct: docs/fidelity.md).
  {
    name: '451 / 451 / accept, software postfix',
    file: join(RULES, 'two-451-then-accept-postfix.yaml'),
    exercises: 'Postfix talks to two servers an attempt (smtp_mx_session_limit): never delivered',
    on: { postfix: {} },
  },
  { name: '451 / 451 / accept, software exim', file: join(RULES, 'two-451-then-accept-exim.yaml'), exercises: 'Exim tries MX 30 in the same attempt: delivered', on: { exim: {} } },
  {
    name: '451 / 451 / accept, software generic',
    file: join(RULES, 'two-451-then-accept-generic.yaml'),
    exercises: 'the generic client tries every candidate: delivered, as Exim; Postfix is the software: postfix row',
    on: { exim: {}, postfix: { disagreements: ['eventual-delivery'], agreesWith: 'postfix' } },
  },
  {
    name: '550 greeting / 451 / accept',
    file: join(OWN, 'greeting550-451-accept.yaml'),
    exercises: 'a 550 greeting that is not the last moves on, and is no Postfix session: delivered via MX 30',
    on: BOTH,
  },
  {
    name: '550 greeting / accept',
    file: join(RULES, 'ip-lock-550-then-next-mx.yaml'),
    exercises: 'a 550 greeting at MX 10 moves on to MX 20 (Exim: not the last host; Postfix: smtp_skip_5xx_greeting)',
    on: BOTH,
  },
  { name: 'down / 550 greeting, software exim', file: join(RULES, 'ip-lock-550-last-exim.yaml'), exercises: 'Exim bounces on a 550 greeting from the last MX', on: { exim: {} } },
  {
    name: 'down / 550 greeting, software postfix',
    file: join(RULES, 'ip-lock-550-last-postfix.yaml'),
    exercises: 'Postfix defers on a 550 greeting from the last MX and retries',
    on: { postfix: {} },
  },
  { name: '421 greeting or down / accept', file: join(OWN, 'greeting421-or-down-then-accept.yaml'), exercises: 'a 421 greeting and a down MX 10 both move on to MX 20', on: BOTH },
  { name: 'RCPT 550 / accept', file: join(OWN, 'rcpt550-then-accept.yaml'), exercises: 'a 550 to RCPT bounces at once; MX 20 is never tried', on: BOTH },
  {
    name: 'null MX mixed with an MX',
    file: join(OWN, 'null-mx-mixed.yaml'),
    exercises: 'Postfix and the generic client bounce (RFC 7505); Exim ignores the `0 .` record',
    on: { exim: { disagreements: ['eventual-delivery'], agreesWith: 'exim' }, postfix: {} },
  },
  { name: 'null MX mixed with an MX, software exim', file: join(RULES, 'null-mx-beside-other-records-exim.yaml'), exercises: 'Exim delivers to MX 10', on: { exim: {} } },
  { name: 'null MX alone', file: join(RULES, 'null-mx-alone.yaml'), exercises: 'a lone null MX (dnsmasq serves `MX 0 .`): every client bounces', on: BOTH },
  {
    name: 'six MX down, MX 70 accepts, software exim',
    file: join(RULES, 'six-mx-down-then-accept-exim.yaml'),
    exercises: 'hosts_max_try = 5 still tries the first host of each worse preference: delivered',
    on: { exim: {} },
  },
  {
    name: 'six MX down, MX 70 accepts, software postfix',
    file: join(RULES, 'six-mx-down-then-accept-postfix.yaml'),
    exercises: 'smtp_mx_address_limit = 5: MX 70 is never tried',
    on: { postfix: {} },
  },
  // The call-ahead experiments (docs/callout-findings.md): the verifier's call-ahead is Exim's callout.
  { name: 'call-ahead: RCPT 451 / accept', file: join(OWN, 'callout-rcpt451-then-accept.yaml'), exercises: 'the call-ahead moves on after a 451', on: { exim: {} } },
  { name: 'call-ahead: 451 / 451 / accept', file: join(OWN, 'callout-451-451-accept.yaml'), exercises: 'the call-ahead has no candidate limit', on: { exim: {} } },
  { name: 'call-ahead: 550 greeting / accept', file: join(OWN, 'callout-greeting550-then-accept.yaml'), exercises: 'the call-ahead stops at a 550 greeting from any candidate', on: { exim: {} } },
  { name: 'call-ahead: 451 / 550 greeting / accept', file: join(OWN, 'callout-451-greeting550-accept.yaml'), exercises: 'moves on after the 451, stops at the 550 greeting', on: { exim: {} } },
  { name: 'call-ahead: 421 greeting / accept', file: join(OWN, 'callout-greeting421-then-accept.yaml'), exercises: 'the call-ahead moves on after a 421 greeting', on: { exim: {} } },
  { name: 'call-ahead: down / accept', file: join(OWN, 'callout-down-then-accept.yaml'), exercises: 'the call-ahead moves on after a failed connection', on: { exim: {} } },
  { name: 'call-ahead: RCPT 550 / accept', file: join(OWN, 'callout-rcpt550-then-accept.yaml'), exercises: 'the call-ahead stops at a 550 to RCPT', on: { exim: {} } },
];

/** Every (scenario, MTA) pair the suite stages, in table order. */
export function stagings(): { scenario: Scenario; mta: StageMta; expect: Expectation }[] {
  return SCENARIOS.flatMap((scenario) => (['exim', 'postfix'] as const).filter((mta) => scenario.on[mta] !== undefined).map((mta) => ({ scenario, mta, expect: scenario.on[mta]! })));
}
