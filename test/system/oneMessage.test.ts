/**
 * Checking one message of a file (`checkTopology(t, { messages: [i] })`, the engine's `onlyParts`):
 * that message is explored alone with the transient faults it may meet, the others never move.
 * Its verdicts and figures are those of the file with that message alone, and its counterexamples
 * are runs of the whole file, which replay on it.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replay } from '../../src/checker/index.js';
import { MailSystem } from '../../models/system/mailSystem.js';
import { checkTopology } from '../../properties/check.js';
import type { CheckResult } from '../../properties/result.js';
import { load, ROOT } from '../helpers.js';

const MIGRATION = join(ROOT, 'test', 'fixtures', 'cli', 'migration.yaml');

/** Verdicts of the properties both checks apply (not-applicable reads the whole file's messages). */
const applied = (a: CheckResult, b: CheckResult) =>
  a.properties.flatMap((p, i) => (p.verdict === 'not-applicable' || b.properties[i]!.verdict === 'not-applicable' ? [] : [[p.id, p.verdict, p.counterexample?.steps.length]]));

describe('checking one message of a file', () => {
  const t = load(MIGRATION);

  it.each([0, 1, 2])('gives message %i the verdicts and figures it has alone in the file', (i) => {
    const one = checkTopology(t, { messages: [i] });
    const alone = checkTopology({ ...t, messages: [t.messages[i]!] });
    expect(applied(one, alone)).toEqual(applied(alone, one));
    expect(applied(one, alone).length).toBeGreaterThanOrEqual(4);
    expect([one.stats.states, one.stats.transitions, one.stats.complete]).toEqual([alone.stats.states, alone.stats.transitions, true]);
  });

  it('shows a counterexample of the whole file, in which only that message moves', () => {
    const one = checkTopology(t, { messages: [2] });
    const loop = one.properties.find((p) => p.id === 'no-forwarding-loop')!;
    expect(loop.verdict).toBe('violated');
    expect(loop.reason).toContain('<dave@example.com>');
    const run = replay(new MailSystem(t), loop.counterexample!.path!);
    expect(run.ok).toBe(true);
    expect(loop.counterexample!.steps.every((s) => s.message === 2 || s.kind === 'fault')).toBe(true);
    // The whole file's check finds the same shortest loop, through dave's message.
    const whole = checkTopology(t).properties.find((p) => p.id === 'no-forwarding-loop')!;
    expect(whole.counterexample!.steps.length).toBe(loop.counterexample!.steps.length);
  });
});
