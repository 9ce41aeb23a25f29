/**
 * The packed engine asks a safety property only about transitions carrying one of the effects
 * EFFECTS_JUDGED lists for it, so the list must name every effect the property can object to.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MailSystem } from '../../models/system/mailSystem.js';
import { EFFECT_LABEL } from '../../models/system/labels.js';
import type { Effect } from '../../models/system/types.js';
import type { PropertyId } from '../../models/topology/types.js';
import { EFFECTS_JUDGED } from '../../properties/check.js';
import { PROPERTIES } from '../../properties/index.js';
import { EXAMPLES, load } from '../helpers.js';

const sample: Record<Effect['kind'], Effect> = {
  'call-ahead-repeat': { kind: 'call-ahead-repeat', message: 0, caller: 'a', target: 'b' },
  'call-ahead-too-deep': { kind: 'call-ahead-too-deep', message: 0, caller: 'a', target: 'b', depth: 9 },
  'relayed-to-visited': { kind: 'relayed-to-visited', message: 0, host: 'a' },
  'hop-limit-bounce': { kind: 'hop-limit-bounce', message: 0, host: 'a' },
  discarded: { kind: 'discarded', message: 0, host: 'a' },
  'accepted-invalid': { kind: 'accepted-invalid', message: 0, host: 'a' },
  bounced: { kind: 'bounced', message: 0, by: 'a', code: 550, reason: 'r' },
  delivered: { kind: 'delivered', message: 0, host: 'a' },
  accepted: { kind: 'accepted', message: 0, host: 'a' },
};

describe('the effects each safety property judges', () => {
  const system = new MailSystem(load(join(EXAMPLES, 'postini-mailhop.yaml')));

  it.each(PROPERTIES.filter((p) => p.kind === 'safety').map((p) => [p.id, p] as const))('are listed for %s', (id, p) => {
    if (p.kind !== 'safety') return;
    const after = system.initialStates()[0]!;
    const objects = (Object.keys(sample) as Effect['kind'][]).filter((kind) => p.violation(sample[kind], system, after) !== null);
    expect(objects.length).toBeGreaterThan(0);
    expect([...p.judges].sort()).toEqual(objects.sort());
    expect(EFFECTS_JUDGED[id as PropertyId]).toBe(p.judges);
  });

  it('have a label bit each', () => {
    const bits = Object.values(EFFECT_LABEL);
    expect(new Set(bits).size).toBe(Object.keys(sample).length);
    for (const b of bits) expect(b & (b - 1)).toBe(0);
  });
});
