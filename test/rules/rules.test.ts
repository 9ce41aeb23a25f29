/**
 * One small topology per DOMAIN.md rule (test/fixtures/rules/*.yaml). Each file's `expect:` block
 * holds the verdicts a mail engineer would give it; this checks the whole system against them and,
 * for each violation, that the counterexample speaks of the hosts and codes that make it one.
 *
 * Regressions named after the failures this suite found: an MX to a CNAME must still deliver; a
 * depth-limited call-ahead chain proves nothing (inconclusive); a counterexample's steps are the
 * steps its path takes; a repeating counterexample is a fair run.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MailSystem } from '../../models/system/mailSystem.js';
import type { SystemAction } from '../../models/system/types.js';
import { formatLoadError, loadTopologyFile } from '../../models/topology/load.js';
import { PROPERTY_IDS, type PropertyId, type Topology } from '../../models/topology/types.js';
import { checkTopology } from '../../properties/check.js';
import type { CheckResult, Counterexample, PropertyResult } from '../../properties/result.js';
import { replay } from '../../src/checker/path.js';

const DIR = new URL('../fixtures/rules/', import.meta.url);

interface Rule {
  /** The fixture, without `.yaml`. */
  file: string;
  /** What the topology shows, as a sentence. */
  says: string;
  /** For each violated property: what its counterexample (reason and steps) must mention. */
  mentions?: Partial<Record<PropertyId, (string | RegExp)[]>>;
  /** Properties deliberately left out of the fixture's `expect:` block (it says why). */
  unasked?: PropertyId[];
}

const RULES: Rule[] = [
  {
    file: 'backup-mx-without-recipient-list',
    says: 'a backup MX without a recipient list accepts mail for a nonexistent user, to bounce it later',
    mentions: { 'no-backscatter': ['backup.example.net', 'nobody@example.com', 'forged@victim.test'] },
  },
  {
    file: 'backup-mx-with-recipient-list',
    says: 'the same backup MX answering from a recipient list refuses the nonexistent user in the dialogue',
  },
  {
    file: 'backup-mx-call-ahead-without-defer-ok',
    says: 'a call-ahead backup MX without deferOk refuses while the primary is down, and the sender delivers once it is back',
  },
  {
    file: 'backup-mx-call-ahead-primary-down',
    says: 'a call-ahead backup MX without deferOk, with the primary down for good, answers 451 forever',
    mentions: { 'eventual-delivery': ['backup.example.net', 'mail.example.com', '451', 'alice@example.com'] },
  },
  {
    file: 'backup-mx-call-ahead-with-defer-ok',
    says: 'a call-ahead backup MX with deferOk accepts while the primary is down — and so accepts the nonexistent user too',
    mentions: { 'no-backscatter': ['backup.example.net', 'nobody@example.com', 'mail.example.com is down'] },
  },
  {
    file: 'backup-mx-primary-transient',
    says: 'a backup MX queues for a transiently down primary and drains to it when it returns',
  },
  {
    file: 'backup-mx-primary-down',
    says: 'a backup MX whose primary never returns keeps the mail queued forever',
    mentions: { 'eventual-delivery': ['backup.example.net', 'retries', 'mail.example.com is down'] },
  },
  {
    file: 'relays-forwarding-to-each-other',
    says: 'two relays forwarding to each other loop the message until the hop limit bounces it',
    mentions: {
      'no-forwarding-loop': ['relay-a.test', 'relay-b.test'],
      'eventual-delivery': ['relay-a.test', 'relay-b.test', '554 5.4.6'],
    },
  },
  {
    file: 'mailhop-relays-pointing-at-each-other',
    says: 'a best-MX relay delivering to a relay that forwards back to the best MX is a message loop',
    mentions: {
      'no-forwarding-loop': ['relay-a.test', 'relay-b.test', 'best MX'],
      'eventual-delivery': ['relay-a.test', 'relay-b.test', '554 5.4.6'],
    },
  },
  {
    file: 'backup-mx-without-self-check',
    says: 'secondary MX hosts without self-truncation bounce the mail between themselves while the primary is down',
    mentions: {
      'no-forwarding-loop': [/mx[23]\.example\.net/, 'already passed'],
      'eventual-delivery': [/mx[23]\.example\.net/, 'mail.example.com is down', '554 5.4.6'],
    },
  },
  {
    file: 'backup-mx-with-self-check',
    says: 'the same secondaries with self-truncation only ever forward to the primary',
  },
  {
    file: 'filter-quarantines-blocked-relay',
    says: 'a filter quarantining the relay it blocks loses the mail silently',
    mentions: {
      'no-silent-loss': ['mx.postini.test', 'mx1.mailhop.test', 'quarantine'],
      'eventual-delivery': ['mx.postini.test', 'quarantine'],
    },
  },
  {
    file: 'filter-whitelists-relay',
    says: 'the same filter with the relay whitelisted passes the mail',
  },
  {
    file: 'filter-rejects-blocked-relay',
    says: 'a filter rejecting the relay it blocks bounces the mail: not delivered, but not silently lost',
    mentions: { 'eventual-delivery': ['mx.postini.test', 'mx1.mailhop.test', '550 5.7.1', 'bounces'] },
  },
  {
    file: 'dangling-mx',
    says: 'a dangling MX beside a good one is bad DNS, but the mail arrives through the good one',
    mentions: { 'dns-well-formed': ['old-mx.example.com', 'no address'] },
  },
  {
    file: 'dangling-mx-alone',
    says: 'a dangling MX alone leaves senders nowhere to connect: they bounce at once',
    mentions: {
      'dns-well-formed': ['old-mx.example.com'],
      'eventual-delivery': ['old-mx.example.com', '550 5.4.4', 'no MX target of example.com resolves', 'bounce'],
    },
  },
  {
    file: 'mx-to-cname',
    says: 'an MX pointing at a CNAME is bad DNS that real MTAs deliver through anyway',
    mentions: { 'dns-well-formed': ['mx.example.com', 'CNAME'] },
  },
  {
    file: 'mx-to-ip-literal',
    says: 'an MX naming an IP literal is bad DNS; the next MX takes the mail',
    mentions: { 'dns-well-formed': ['192.0.2.25', 'IP literal'] },
  },
  {
    file: 'mx-to-loopback',
    says: 'an MX whose target resolves to 127.0.0.1 sends every sender to itself',
    mentions: { 'dns-well-formed': ['mx.example.com', '127.0.0.1 (loopback)'] },
  },
  {
    file: 'cname-beside-other-records',
    says: 'a name with a CNAME and an MX of its own is bad DNS',
    mentions: { 'dns-well-formed': ['example.com', 'CNAME', 'www.hosting.test', 'RFC 1034'] },
  },
  {
    file: 'null-mx-beside-other-records',
    says: 'a null MX beside other MX records is bad DNS',
    mentions: { 'dns-well-formed': ['example.com', 'null MX'] },
  },
  {
    file: 'null-mx-alone',
    says: 'a null MX alone makes every sender bounce at once with 556, even for a mailbox that exists',
    mentions: { 'eventual-delivery': ['556', '5.1.10', 'null MX', 'alice@example.com'] },
  },
  {
    file: 'open-relay',
    says: 'a host accepting every domain from anyone is an open relay',
    mentions: { 'no-open-relay': ['smarthost.example.com'] },
  },
  {
    file: 'relay-for-all-with-allow-from',
    says: 'a host accepting every domain but only from the hosts it names is not an open relay',
  },
  {
    file: 'ip-lock-second-mx-filter-transient',
    says: 'an IP-locked mailbox host listed as second MX refuses the sender, who waits for the filter to return',
  },
  {
    file: 'ip-lock-second-mx-filter-down',
    says: 'an IP-locked mailbox host listed as second MX, with the filter down for good, never gets the mail',
    mentions: { 'eventual-delivery': ['mail.example.com accepts connections only from mx.postini.test', 'mx.postini.test is down'] },
  },
  {
    file: 'equal-preference-one-down',
    says: 'of two equal-preference MX hosts, one down, the sender delivers through the other',
  },
  {
    file: 'implicit-mx',
    says: 'a domain without MX records that is itself a host receives its mail there (implicit MX)',
  },
  {
    file: 'founding-loop-relay-with-recipient-list',
    says: 'the founding loop with the relay answering from a user list: no call-ahead loop, but a message loop',
    mentions: {
      'no-forwarding-loop': ['mx.postini.test', 'mx1.mailhop.test'],
      'eventual-delivery': ['mx.postini.test', 'mx1.mailhop.test', '554 5.4.6'],
    },
  },
  {
    file: 'founding-loop-relay-as-second-mx',
    says: "FORMAT.md's shape example: the founding loop with the relay also second MX still never delivers",
    mentions: {
      'call-ahead-bounded': ['mx.postini.test', 'mx1.mailhop.test', 'repeats'],
      'eventual-delivery': ['mx.postini.test', '451'],
    },
  },
  {
    file: 'mailbox-transient',
    says: "a transient fault on the filter's destination only delays the mail",
  },
  {
    file: 'call-ahead-depth-exceeded',
    says: 'a legitimate call-ahead chain deeper than limits.callAheadDepth is reported, and proves nothing against delivery',
    mentions: { 'call-ahead-bounded': ['mx.inner.test', 'mail.example.com', '2 deep'] },
    unasked: ['no-forwarding-loop', 'no-silent-loss'],
  },
  {
    file: 'call-ahead-depth-sufficient',
    says: 'the same two-deep call-ahead chain within the default limit delivers',
  },
  {
    file: 'unknown-user-refused-at-rcpt',
    says: 'a mailbox host refuses an unknown user at RCPT time, at the first hop',
  },
  {
    file: 'rcpt-451-then-next-mx',
    says: 'a filter answering 451 as MX 10 does not stop the sender: it tries MX 20 in the same attempt and delivers',
  },
  {
    file: 'two-451-then-accept-postfix',
    says: 'Postfix talks to two servers per attempt: 451, 451, accept is never delivered',
    mentions: { 'eventual-delivery': ['mx1.filter.test', 'mx2.filter.test', '451', 'retries later'] },
  },
  {
    file: 'two-451-then-accept-exim',
    says: 'Exim tries up to five hosts: 451, 451, accept is delivered via MX 30',
  },
  {
    file: 'two-451-then-accept-generic',
    says: 'a generic client tries every candidate: 451, 451, accept is delivered via MX 30',
  },
  {
    file: 'ip-lock-550-last-exim',
    says: 'Exim bounces when the last MX it tries refuses it with 550 at connect (an IP lock)',
    mentions: { 'eventual-delivery': ['mail.example.com', '550', 'IP Authorization', 'bounce'] },
  },
  {
    file: 'ip-lock-550-last-postfix',
    says: 'Postfix defers when the last MX it tries refuses it with 550 at connect, and retries forever',
    mentions: { 'eventual-delivery': ['mail.example.com', 'refused: 550', 'retries'] },
  },
  {
    file: 'ip-lock-550-then-next-mx',
    says: 'a 550 greeting from an MX that is not the last makes the sender move on to the next one',
  },
  {
    file: 'null-mx-beside-other-records-exim',
    says: 'Exim ignores a null MX mixed with real records and delivers to them; the DNS is still wrong',
    mentions: { 'dns-well-formed': ['null MX'] },
  },
  {
    file: 'smarthost-to-external-recipient',
    says: 'an IP-locked smarthost relaying to a recipient outside the model delivers by handing the message on, and is not backscatter',
  },
  {
    file: 'backup-mx-behind-cname',
    says: 'a backup MX listed under a CNAME recognises itself, does not relay to itself, and drains to the primary',
    mentions: { 'dns-well-formed': ['mx2.example.com', 'CNAME'] },
  },
  {
    file: 'six-mx-down-then-accept-exim',
    says: 'Exim, past hosts_max_try, still tries the first host of each worse preference: six MX down, the seventh delivers',
  },
  {
    file: 'six-mx-down-then-accept-postfix',
    says: 'Postfix tries five addresses per attempt: six MX down, the seventh is never tried',
    mentions: { 'eventual-delivery': ['d5.test', 'smtp_mx_address_limit = 5'] },
  },
  {
    file: 'mx-host-denies-relay',
    says: 'an MX host that does not accept the domain refuses with 550 relay denied, and the sender bounces',
    mentions: { 'eventual-delivery': ['mx.isp.test', '550 5.7.1 relay access denied', 'bounces'] },
  },
];

const loaded = new Map<string, Topology>();
function load(file: string): Topology {
  let t = loaded.get(file);
  if (t === undefined) {
    const r = loadTopologyFile(new URL(`${file}.yaml`, DIR).pathname);
    if (!r.ok) throw new Error(r.errors.map(formatLoadError).join('\n'));
    loaded.set(file, (t = r.topology));
  }
  return t;
}

const results = new Map<string, { topology: Topology; result: CheckResult }>();
function checked(file: string) {
  let r = results.get(file);
  if (r === undefined) {
    const topology = load(file);
    results.set(file, (r = { topology, result: checkTopology(topology) }));
  }
  return r;
}

const property = (file: string, id: PropertyId): PropertyResult => checked(file).result.properties.find((p) => p.id === id)!;

/** Everything a person reads of a violation: its reason and every step with its details. */
function text(p: PropertyResult): string {
  const steps = p.counterexample?.steps ?? [];
  return [p.reason ?? '', ...steps.flatMap((s) => [s.from, s.to ?? '', s.text, ...s.details])].join('\n');
}

const actionKey = (a: SystemAction) => (a.kind === 'fault' ? `fault ${a.host}` : `message ${a.message} choice ${a.choice}`);

/** Replays a counterexample's path on the model; the steps it shows must be the ones taken. */
function replayed(topology: Topology, ce: Counterexample) {
  const system = new MailSystem(topology);
  const run = replay(system, ce.path!);
  if (!run.ok) throw new Error(`the path ${ce.path} does not replay: ${run.error}`);
  return { system, run };
}

it('every fixture in test/fixtures/rules has a rule here', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort();
  expect(files).toEqual(RULES.map((r) => r.file).sort());
});

for (const rule of RULES) {
  describe(rule.says, () => {
    it(`(${rule.file}.yaml) asks for every verdict it can, and is explored completely`, () => {
      const { topology, result } = checked(rule.file);
      const asked = Object.keys(topology.expect).sort();
      expect(asked).toEqual(PROPERTY_IDS.filter((id) => !rule.unasked?.includes(id)).sort());
      expect(result.stats.complete).toBe(true);
    });

    for (const id of PROPERTY_IDS.filter((x) => !rule.unasked?.includes(x))) {
      const expected = load(rule.file).expect[id]!;
      it(`${id} ${verdictWords(expected)}`, () => {
        expect(property(rule.file, id).verdict).toBe(expected);
      });
    }

    for (const [id, needles] of Object.entries(rule.mentions ?? {}) as [PropertyId, (string | RegExp)[]][]) {
      it(`${id}: its counterexample mentions ${needles.map(String).join(', ')}`, () => {
        const p = property(rule.file, id);
        expect(p.verdict).toBe('violated');
        const said = text(p);
        for (const n of needles) expect(said).toMatch(typeof n === 'string' ? new RegExp(escape(n)) : n);
      });
    }

    const dynamic = Object.keys(rule.mentions ?? {}).filter((id) => id !== 'dns-well-formed' && id !== 'no-open-relay') as PropertyId[];
    for (const id of dynamic) {
      it(`${id}: every step shown is the step its path replays`, () => {
        const { topology } = checked(rule.file);
        const ce = property(rule.file, id).counterexample!;
        const { system, run } = replayed(topology, ce);
        const shown = ce.steps.map((s) => `${s.from}: ${s.text}`);
        const taken = run.actions.map((a, i) => {
          const info = system.next(run.states[i]!, a).step!;
          return `${info.actor}: ${info.text}`;
        });
        expect(shown).toEqual(taken);
      });

      if (id !== 'eventual-delivery') continue;
      it(`${id}: a repeating counterexample is a fair run (every action enabled on the cycle is taken)`, () => {
        const { topology } = checked(rule.file);
        const ce = property(rule.file, id).counterexample!;
        if (ce.loopsFrom === null) return; // a run that simply ends (a bounce) has no cycle to be fair about
        const { system, run } = replayed(topology, ce);
        const enabled = new Set<string>();
        const taken = new Set<string>();
        for (let i = ce.loopsFrom - 1; i < run.actions.length; i++) {
          for (const a of system.actions(run.states[i]!)) enabled.add(actionKey(a));
          taken.add(actionKey(run.actions[i]!));
        }
        expect([...enabled].filter((k) => !taken.has(k))).toEqual([]);
      });
    }
  });
}

function verdictWords(v: string): string {
  return v === 'holds' ? 'holds' : v === 'not-applicable' ? 'is not applicable' : `is ${v}`;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
