/**
 * `diff` on the founding loop: adding a recipient list to the relay ends the call-ahead loop and
 * leaves the message loop (DOMAIN.md: remove one of the four ingredients and the call-ahead loop
 * breaks; the relay still forwards to the best MX). Verdict changes are classified by one table.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changeOf, compareResults, diff } from '../../src/api/diff.js';
import { renderDiffJson, renderDiffText } from '../../src/report/diff.js';
import type { Verdict } from '../../models/topology/types.js';
import { EXAMPLES, ROOT } from '../helpers.js';

const BEFORE = join(EXAMPLES, 'postini-mailhop.yaml');
const AFTER = join(ROOT, 'test', 'fixtures', 'diff', 'postini-mailhop-relay-recipients.yaml');

function founding() {
  const outcome = diff(readFileSync(BEFORE, 'utf8'), readFileSync(AFTER, 'utf8'), { beforeFile: 'before.yaml', afterFile: 'after.yaml' });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome.diff;
}

describe('diff of the founding loop before and after the relay gets a recipient list', () => {
  it('the fixture is the example plus the recipients line, apart from its header comment', () => {
    const body = (text: string) => text.split('\n').filter((l) => !l.startsWith('#'));
    const before = body(readFileSync(BEFORE, 'utf8'));
    const after = body(readFileSync(AFTER, 'utf8'));
    const added = after.indexOf('    recipients: ["alice@example.com"]');
    expect(after[added - 3]).toBe('  mx1.mailhop.test:');
    after.splice(added, 1);
    expect(after).toEqual(before);
  });

  it('reports call-ahead-bounded fixed and no-forwarding-loop broken, and fails', () => {
    const d = founding();
    expect(d.fixed).toEqual(['call-ahead-bounded']);
    expect(d.broken).toEqual(['no-forwarding-loop']);
    expect(d.status).toBe('failed');
    const change = Object.fromEntries(d.properties.map((p) => [p.id, `${p.before.verdict} → ${p.after.verdict}: ${p.change}`]));
    expect(change).toEqual({
      'eventual-delivery': 'violated → violated: unchanged',
      'call-ahead-bounded': 'violated → holds: fixed',
      'no-forwarding-loop': 'holds → violated: broken',
      'no-silent-loss': 'holds → holds: unchanged',
      'no-backscatter': 'not-applicable → not-applicable: unchanged',
      'no-open-relay': 'holds → holds: unchanged',
      'dns-well-formed': 'holds → holds: unchanged',
    });
  });

  it('the loop that remains is a message loop: filter → relay → filter, the mail accepted each time', () => {
    const loop = founding().properties.find((p) => p.id === 'no-forwarding-loop')!.after;
    expect(loop.reason).toBe('the message for <alice@example.com> is relayed back to mx.postini.test, which it already passed through');
    const handOffs = loop.counterexample!.steps.filter((s) => s.kind === 'command' && s.depth === 0 && s.text.startsWith('DATA → 250'));
    expect(handOffs.map((s) => `${s.from} → ${s.to}`)).toEqual(['sender → mx.postini.test', 'mx.postini.test → mx1.mailhop.test', 'mx1.mailhop.test → mx.postini.test']);
    // No call-ahead repeats any more: every call-ahead is answered at once from the list.
    expect(loop.counterexample!.steps.some((s) => s.repeats !== undefined)).toBe(false);
  });

  it('prints the new counterexample of what broke and the old one of what was fixed', () => {
    const text = renderDiffText(founding());
    expect(text).toMatch(/✓ call-ahead-bounded\s+violated → holds\s+fixed/);
    expect(text).toMatch(/✗ no-forwarding-loop\s+holds → violated\s+broken/);
    const broke = text.indexOf('no-forwarding-loop broke:');
    const fixed = text.indexOf('call-ahead-bounded was fixed');
    expect(broke).toBeGreaterThan(0);
    expect(fixed).toBeGreaterThan(broke);
    expect(text.slice(broke, fixed)).toContain('new counterexample');
    expect(text.slice(broke, fixed)).toContain('mx.postini.test already passed this message on before: a forwarding loop');
    expect(text.slice(fixed)).toContain('old counterexample, which no longer happens');
    expect(text.slice(fixed)).toContain('↺ repeats step 3');
  });

  it('says the same in JSON', () => {
    const json = JSON.parse(renderDiffJson(founding()));
    expect(json).toMatchObject({ before: 'before.yaml', after: 'after.yaml', status: 'failed', broken: ['no-forwarding-loop'], fixed: ['call-ahead-bounded'] });
    const byId = Object.fromEntries(json.properties.map((p: { id: string }) => [p.id, p]));
    expect(byId['no-forwarding-loop'].counterexample.steps.length).toBeGreaterThan(10);
    expect(byId['call-ahead-bounded'].counterexample.steps).toHaveLength(5);
    expect(byId['no-silent-loss'].counterexample).toBeNull();
  });
});

describe('verdict changes', () => {
  const table: [Verdict, Verdict, string][] = [
    ['holds', 'violated', 'broken'],
    ['not-applicable', 'violated', 'broken'],
    ['violated', 'holds', 'fixed'],
    ['violated', 'not-applicable', 'fixed'],
    ['holds', 'holds', 'unchanged'],
    ['violated', 'violated', 'unchanged'],
    ['holds', 'not-applicable', 'changed'],
    ['not-applicable', 'holds', 'changed'],
    ['holds', 'inconclusive', 'undecided'],
    ['inconclusive', 'violated', 'undecided'],
    ['inconclusive', 'inconclusive', 'undecided'],
    ['violated', 'inconclusive', 'undecided'],
  ];
  it.each(table)('%s → %s is %s', (before, after, change) => {
    expect(changeOf(before, after)).toBe(change);
  });

  it('is inconclusive overall when nothing broke but something is undecided', () => {
    const result = (verdict: Verdict) => ({
      file: 'f',
      properties: [{ id: 'no-open-relay' as const, verdict }, { id: 'dns-well-formed' as const, verdict: 'holds' as const }],
      stats: { states: 1, transitions: 0, maxDepth: 0, durationMs: 0, setupMs: 0, complete: true, engine: 'packed-apart' as const },
    });
    expect(compareResults(result('holds'), result('inconclusive')).status).toBe('inconclusive');
    expect(compareResults(result('violated'), result('holds')).status).toBe('passed');
    expect(compareResults(result('holds'), result('violated')).status).toBe('failed');
  });
});
