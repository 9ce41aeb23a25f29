/**
 * The callout-cache plugin (examples/plugins/callout-cache) and the host memory it needs
 * (models/system/memory.ts): the founding loop is checked exactly as without the cache; a cached
 * answer is given on the second call-ahead of the same message instead of calling ahead again;
 * only definite answers are kept; the reductions (messages apart, packed tables, symmetric hosts)
 * give what the unreduced run gives; and explore finds no failure of a cached answer.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTopology } from '../../properties/check.js';
import { loadTopology } from '../../src/api/load.js';
import { cli } from '../cli/run.js';
import { EXAMPLES } from '../helpers.js';
import { CHAIN, CONFIG, DIR, FAULTY, load, messages, reachable, reasonsAt, remembered, summary, UNCACHED, withCacheConfig } from './cacheHelpers.js';

withCacheConfig();

describe('callout cache: the founding loop', () => {
  it('is checked with a cache at both verifiers exactly as without one: verdicts, counterexamples, state counts', () => {
    const cached = load(readFileSync(join(DIR, 'founding-loop.yaml'), 'utf8'), 'founding-loop.yaml');
    expect(cached.hosts.map((h) => h.role)).toEqual(['caching-filter', 'caching-relay', 'mailbox']);
    const uncached = loadTopology(readFileSync(join(EXAMPLES, 'postini-mailhop.yaml'), 'utf8'), 'postini-mailhop.yaml');
    if (!uncached.ok) throw new Error('the founding example does not load');
    const withCache = checkTopology(cached);
    expect(summary(withCache)).toEqual(summary(checkTopology(uncached.topology)));
    expect(summary(withCache)).toMatchObject({ states: 16, transitions: 16 });
    // As the file expects: the loop is not broken.
    for (const p of withCache.properties) expect([p.id, p.verdict]).toEqual([p.id, cached.expect[p.id]]);
  });

  it('never fills the cache: every call-ahead in the loop ends in a timeout or a 4xx, which are not kept', () => {
    const topology = load(readFileSync(join(DIR, 'founding-loop.yaml'), 'utf8'), 'founding-loop.yaml');
    const states = reachable(topology);
    expect(remembered(topology, states)).toEqual(new Set());
    // The verifiers did answer from their call-aheads, temporarily: what a cache of definite answers skips.
    expect(reasonsAt(topology, states, 'mx1.mailhop.test')).toContain('call-ahead-failed');
    expect(reasonsAt(topology, states, 'mx.postini.test')).toContain('call-ahead-failed');
  });

  it('never fills the cache either when any of its hosts fails now and then: a failed connection is a 451', () => {
    const text = readFileSync(join(DIR, 'founding-loop.yaml'), 'utf8').replace(
      'network:\n',
      'network:\n  faults: { mx.postini.test: transient, mx1.mailhop.test: transient, mail.example.com: transient }\n',
    );
    const topology = load(text, 'founding-loop.yaml');
    expect(Object.keys(topology.network.faults)).toHaveLength(3);
    const states = reachable(topology);
    expect(states.length).toBeGreaterThan(100);
    expect(remembered(topology, states)).toEqual(new Set());
  });
});

describe('callout cache: a second call-ahead of the same message', () => {
  it('is answered from the cache, without calling ahead again', () => {
    const topology = load(CHAIN);
    const states = reachable(topology);
    expect(remembered(topology, states)).toEqual(new Set(['mx.scan.test=250']));
    expect(reasonsAt(topology, states, 'mx.scan.test')).toEqual(new Set(['call-ahead-accepted', 'cached-call-ahead-accepted']));
    // The trace says so where it happens: when the call-ahead's answer comes back.
    const said = states.filter((st) => st.step?.details.includes('mx.scan.test remembers 250 for <alice@example.com> beyond this session'));
    expect(said.map((st) => [st.step!.actor, st.step!.peer, st.step!.kind])).toEqual([['mail.example.com', 'mx.scan.test', 'reply']]);
    // Without the cache the scanning filter calls ahead both times.
    const uncached = load(UNCACHED);
    expect(reasonsAt(uncached, reachable(uncached), 'mx.scan.test')).toEqual(new Set(['call-ahead-accepted']));
  });

  it('saves the second call-ahead: two states and two transitions fewer (its connect and its answer), the same verdicts', () => {
    const cached = checkTopology(load(CHAIN));
    const uncached = checkTopology(load(UNCACHED));
    expect(cached.properties.map((p) => [p.id, p.verdict])).toEqual(uncached.properties.map((p) => [p.id, p.verdict]));
    expect([cached.stats.states, cached.stats.transitions]).toEqual([18, 17]);
    expect([uncached.stats.states, uncached.stats.transitions]).toEqual([20, 19]);
  });

  it('with the server failing now and then, keeps only definite answers: never a 451 nor a timeout', () => {
    const topology = load(FAULTY(CHAIN));
    const states = reachable(topology);
    expect(remembered(topology, states)).toEqual(new Set(['mx.scan.test=250']));
    // It did meet the temporary failure, and asked again after it.
    expect(reasonsAt(topology, states, 'mx.scan.test')).toContain('call-ahead-failed');
    const scan = topology.hosts.findIndex((h) => h.name === 'mx.scan.test');
    const failedWithoutMemory = messages(states).some((m) => m.frames.some((f) => f.host === scan && f.snap.reason === 'call-ahead-failed') && m.memory === undefined);
    expect(failedWithoutMemory).toBe(true);
    const result = checkTopology(topology);
    expect(result.properties.filter((p) => p.verdict === 'violated')).toEqual([]);
    expect([result.stats.states, result.stats.transitions]).toEqual([68, 134]);
    expect([checkTopology(load(FAULTY(UNCACHED))).stats.states]).toEqual([88]);
  });

  it('keeps a definite refusal too (5xx), for an address nobody holds', () => {
    const topology = load(CHAIN.replace('to: "alice@example.com"', 'to: "nobody@example.com"'));
    expect(remembered(topology, reachable(topology))).toEqual(new Set(['mx.scan.test=550']));
  });
});

describe('callout cache: the reductions', () => {
  it('check two messages with memory apart, packed, as the product of their objects does', () => {
    const two = FAULTY(CHAIN.replace('mailboxes: ["alice@example.com"]', 'mailboxes: ["alice@example.com", "bob@example.com"]')).replace(
      'messages:\n',
      'messages:\n  - { from: "carol@sender.test", to: "bob@example.com" }\n',
    );
    const topology = load(two, 'two.yaml');
    expect(topology.messages.map((m) => m.to)).toEqual(['bob@example.com', 'alice@example.com']);
    const reduced = checkTopology(topology);
    const whole = checkTopology(topology, { packed: false, independentParts: false, symmetry: false });
    expect(reduced.stats.statesStored).toBeLessThan(reduced.stats.states);
    expect(summary(reduced)).toEqual(summary(whole));
  });
});

describe('callout cache: symmetric hosts with memory', () => {
  // Two alike caching filters as equal MX: the folding swaps whose memory a value is.
  const TWINS = `version: 1
dns:
  example.com:
    mx: ["10 f1.test", "10 f2.test"]
hosts:
  f1.test: { role: caching-filter, accepts: [example.com], route: { to: ["mail.example.com"] } }
  f2.test: { role: caching-filter, accepts: [example.com], route: { to: ["mail.example.com"] } }
  mail.example.com: { role: mailbox, mailboxes: ["alice@example.com"] }
network:
  faults: { f1.test: transient, f2.test: transient, mail.example.com: transient }
messages:
  - { from: "bob@sender.test", to: "alice@example.com" }
`;
  it('fold into the same verdicts and figures as checked unfolded', () => {
    const topology = load(TWINS, 'twins.yaml');
    expect(remembered(topology, reachable(topology))).toEqual(new Set(['f1.test=250', 'f2.test=250']));
    const safety = ['call-ahead-bounded', 'no-forwarding-loop', 'no-silent-loss', 'no-open-relay'];
    const folded = checkTopology(topology, { properties: safety });
    const unfolded = checkTopology(topology, { properties: safety, symmetry: false, independentParts: false });
    expect(folded.stats.symmetricHosts).toEqual([['f1.test', 'f2.test']]);
    expect(folded.stats.statesStored).toBeLessThan(folded.stats.states);
    expect(summary(folded)).toEqual(summary(unfolded));
  });
});

describe('callout cache: explore where the cache fills', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'mxproof-cache-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  interface Report {
    checked: number;
    clean: string[];
    findings: { property: string; hosts: string[]; reason: string }[];
  }
  const explore = async (rules: string): Promise<Report> => {
    const run = await cli('explore', rules, '--config', relative(process.cwd(), CONFIG), '--runs', '300', '--format', 'json', '--quiet');
    expect(run.stderr).toBe('');
    return JSON.parse(run.stdout) as Report;
  };

  it('finds what it finds without the cache: no failure of a cached answer', async () => {
    const rules = join(DIR, 'chain-rules.yaml');
    const uncached = join(dir, 'chain-rules.yaml');
    writeFileSync(uncached, readFileSync(rules, 'utf8').replaceAll('role: caching-filter', 'role: filter'));
    const [withCache, without] = [await explore(relative(process.cwd(), rules)), await explore(uncached)];
    const found = (r: Report) => ({ clean: r.clean, findings: r.findings.map((f) => [f.property, f.hosts.length, f.reason]) });
    expect(found(withCache)).toEqual(found(without));
    // Not a vacuous comparison: what breaks is a random domain whose MX is the edge filter, which
    // does not accept it (relay denied), with or without a cache.
    expect(withCache.findings.map((f) => [f.property, f.hosts.length])).toEqual([['eventual-delivery', 4]]);
  }, 120_000);
});
