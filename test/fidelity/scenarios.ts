/**
 * The fidelity scenarios (docs/fidelity.md): FORMAT.md's four examples (both halves of the third)
 * and the scenarios that exercise backup MX, hop-limit loops, allowFrom, spam quarantine and
 * MailHop's best-MX rule. A scenario that stages a known disagreement names it: the suite then
 * requires exactly that disagreement, so a change on either side shows up.
 */
import { join } from 'node:path';
import type { PropertyId } from '../../models/topology/types.js';
import type { StageOptions } from '../../src/stage/index.js';
import { EXAMPLES, ROOT } from '../helpers.js';

export interface Scenario {
  name: string;
  file: string;
  exercises: string;
  options?: StageOptions;
  /** Properties on which the real MTAs are known to disagree with mxproof (docs/fidelity.md). */
  disagreements?: PropertyId[];
}

const RULES = join(ROOT, 'test', 'fixtures', 'rules');
const OWN = join(ROOT, 'test', 'fidelity', 'topologies');

export const SCENARIOS: Scenario[] = [
  { name: 'founding loop', file: join(EXAMPLES, 'postini-mailhop.yaml'), exercises: 'FORMAT.md example 1: nested call-aheads between filter and relay' },
  { name: 'relay alone', file: join(EXAMPLES, 'mailhop-only.yaml'), exercises: 'FORMAT.md example 2: MailHop best MX → port 2525 around a port-25 block' },
  { name: 'filter alone', file: join(EXAMPLES, 'postini-only.yaml'), exercises: 'FORMAT.md example 3: filter → customer server on port 25' },
  { name: 'filter alone, port 25 blocked', file: join(EXAMPLES, 'postini-only-blocked.yaml'), exercises: 'FORMAT.md example 3, blocked: deferred on every attempt, no loop' },
  { name: 'founding loop, filter verify none', file: join(EXAMPLES, 'postini-mailhop-verify-none.yaml'), exercises: 'FORMAT.md example 4: a message loop ended by the hop limit (50)' },
  { name: 'backup MX, primary transient', file: join(RULES, 'backup-mx-primary-transient.yaml'), exercises: 'backup MX queues while the primary is down and drains when it returns' },
  { name: 'backup MX without recipient list', file: join(RULES, 'backup-mx-without-recipient-list.yaml'), exercises: 'backup MX accepts an unknown user and bounces it later (backscatter)' },
  { name: 'MailHop relays pointing at each other', file: join(RULES, 'mailhop-relays-pointing-at-each-other.yaml'), exercises: 'hop-limit loop between two relays (hopLimit 10)' },
  { name: 'IP lock, filter transient', file: join(RULES, 'ip-lock-second-mx-filter-transient.yaml'), exercises: 'allowFrom on the second MX; delivered once the filter is back' },
  { name: 'IP lock, filter down', file: join(RULES, 'ip-lock-second-mx-filter-down.yaml'), exercises: 'allowFrom on the second MX; never delivered while the filter is down' },
  { name: 'filter quarantines the relay', file: join(RULES, 'filter-quarantines-blocked-relay.yaml'), exercises: 'spam quarantine: accepted, then discarded (silent loss)' },
  { name: 'relay, best MX down', file: join(OWN, 'relay-best-mx-down.yaml'), exercises: "MailHop's rule never falls back to a worse MX" },
  {
    name: 'filter defers, second MX delivers',
    file: join(OWN, 'filter-defers-second-mx-delivers.yaml'),
    exercises: 'a 4xx from the best MX: the sender tries the next MX in the same attempt (FORMAT.md 1.1; a disagreement before it)',
  },
  {
    name: 'IP lock answering 550, filter transient',
    file: join(OWN, 'ip-lock-550-second-mx-filter-transient.yaml'),
    exercises: 'allowFrom as a real IP lock (550 at connect): an Exim sender bounces',
    disagreements: ['eventual-delivery'],
  },
];
