/**
 * Fidelity (issue 7): each scenario staged on real Exim daemons in a network namespace of its own,
 * with dnsmasq as DNS, and the outcome compared with mxproof's verdicts for the same file.
 * Skipped, with the reason in the test name, only where staging cannot run: no exim, dnsmasq,
 * swaks or `ip netns` (not root, not Linux). CI installs them and sets MXPROOF_FIDELITY=require,
 * so there it runs, and fails if it cannot.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stageAndCompare, stagingUnavailable, type Fidelity } from '../../src/stage/index.js';
import { runCommand } from '../../src/stage/netns.js';
import { load, ROOT } from '../helpers.js';
import { SCENARIOS, type Scenario } from './scenarios.js';

const unavailable = await stagingUnavailable();
if (unavailable !== null) console.warn(`fidelity suite skipped: ${unavailable}`);

const summary: { name: string; file: string; ms: number; agree: string[]; disagree: string[]; observed: Record<string, string> }[] = [];
const started = Date.now();

async function stage(s: Scenario): Promise<Fidelity> {
  const f = await stageAndCompare(load(s.file), { rounds: 4, ...s.options });
  summary.push({
    name: s.name,
    file: s.file.slice(ROOT.length + 1),
    ms: f.run.durationMs,
    agree: f.comparison.properties.filter((p) => p.agree === true).map((p) => p.id),
    disagree: f.comparison.disagreements,
    observed: Object.fromEntries(f.comparison.properties.map((p) => [p.id, `${p.predicted} / ${p.observed}`])),
  });
  return f;
}

/** Nothing of the run is left: no namespace of this process, no process running a staged configuration. */
async function expectCleanedUp(f: Fidelity): Promise<void> {
  expect(f.run.cleanup).toEqual([]);
  const namespaces = await runCommand('ip', ['netns', 'list'], 10_000);
  expect(namespaces.stdout).not.toContain(`mxproof-stage-${process.pid}-`);
  const leftovers = readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(f.run.dir);
      } catch {
        return false;
      }
    });
  expect(leftovers).toEqual([]);
}

function expectVerdicts(f: Fidelity, s: Scenario): void {
  const report = f.comparison.properties.map((p) => `${p.id}: mxproof ${p.predicted}, staged ${p.observed} — ${p.why}`).join('\n');
  expect(f.comparison.disagreements, report).toEqual(s.disagreements ?? []);
}

describe.skipIf(unavailable !== null)('fidelity: staged on real Exim, compared with mxproof', () => {
  afterAll(() => {
    const total = Date.now() - started;
    mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
    writeFileSync(join(ROOT, 'test-artifacts', 'fidelity.json'), JSON.stringify({ totalMs: total, scenarios: summary }, null, 2));
    console.log(
      [`fidelity: ${summary.length} scenarios in ${(total / 1000).toFixed(1)} s`, ...summary.map((s) => `  ${(s.ms / 1000).toFixed(1).padStart(5)} s  ${s.disagree.length === 0 ? 'agree   ' : 'DISAGREE'}  ${s.name}`)].join('\n'),
    );
  });

  const [founding, relayAlone] = SCENARIOS;

  it(`${founding!.name}: nested call-aheads between filter and relay, ended by the connection limit; 4xx at the sender on every attempt`, async () => {
    const f = await stage(founding!);
    expectVerdicts(f, founding!);
    const o = f.observation;
    const msg = o.messages[0]!;
    // The sender: deferred with a 4xx on every attempt, never delivered, still queued.
    const attempts = msg.attempts.filter((a) => a.host === 'sender');
    expect(attempts.length).toBe(f.run.roundsRun);
    for (const a of attempts) {
      expect(a.outcome, a.line).toBe('deferred');
      expect(a.text, a.line).toMatch(/after RCPT TO:<alice@example\.com>: 4\d\d /);
    }
    expect(msg.delivered).toBeNull();
    expect(msg.queuedAt).toEqual(['sender']);
    // One chain per attempt, alternating filter → relay → filter …, repeating, ended at the limit.
    expect(o.chains.length).toBe(f.run.roundsRun);
    for (const c of o.chains) {
      expect(c.root.server).toBe('mx.postini.test');
      expect(c.repeats).toEqual({ caller: 'mx.postini.test', target: 'mx1.mailhop.test' });
      c.path.forEach((s, i) => expect(s.server).toBe(i % 2 === 0 ? 'mx1.mailhop.test' : 'mx.postini.test'));
      expect(c.path.length).toBeGreaterThan(f.run.plan.topology.limits.callAheadDepth);
      expect(c.end).toMatch(/421 Too many concurrent SMTP connections|timeout|timed out/i);
    }
    expect(o.connectionRefusals.some((r) => /too many connections/.test(r.reason))).toBe(true);
    await expectCleanedUp(f);
  }, 90_000);

  it(`${relayAlone!.name}: delivered to the mailbox on port 2525`, async () => {
    const f = await stage(relayAlone!);
    expectVerdicts(f, relayAlone!);
    const msg = f.observation.messages[0]!;
    expect(msg.delivered?.host).toBe('mail.example.com');
    expect(msg.receptions.map((r) => r.host)).toEqual(['sender', 'mx1.mailhop.test', 'mail.example.com']);
    const mailbox = f.run.hosts.find((h) => h.name === 'mail.example.com')!.mail['alice@example.com'] ?? '';
    expect(mailbox).toContain(f.run.plan.messages[0]!.messageId);
    expect(f.run.hosts.find((h) => h.name === 'mx1.mailhop.test')!.mainlog).toMatch(/=> alice@example.com R=mailhop_destination T=mxp_smtp H=mail\.example\.com \[127\.0\.1\.2\]:2525/);
    await expectCleanedUp(f);
  }, 90_000);

  for (const s of SCENARIOS.slice(2)) {
    it(`${s.name}: ${s.disagreements ? `known disagreement on ${s.disagreements.join(', ')}` : 'agrees with mxproof'} (${s.exercises})`, async () => {
      const f = await stage(s);
      expectVerdicts(f, s);
      await expectCleanedUp(f);
    }, 90_000);
  }

  it('every scenario together took less than three minutes', () => {
    expect(Date.now() - started).toBeLessThan(180_000);
  });
});

if (unavailable !== null) {
  describe('fidelity', () => {
    // CI sets MXPROOF_FIDELITY=require: there a missing tool is a failure, not a skip.
    if (process.env.MXPROOF_FIDELITY === 'require') {
      it('can stage on this machine (MXPROOF_FIDELITY=require)', () => expect.fail(`staging cannot run here: ${unavailable}`));
    } else it.skip(`skipped: staging cannot run here (${unavailable})`, () => {});
  });
}
