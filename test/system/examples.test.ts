/** Every bundled example keeps the verdicts FORMAT.md fixes for it, stated in its `expect` block. */
import { describe, expect, it } from 'vitest';
import { checkTopology } from '../../properties/check.js';
import { PROPERTY_IDS } from '../../models/topology/types.js';
import { EXAMPLES, exampleFiles, load } from '../helpers.js';
import { join } from 'node:path';

describe('the bundled examples', () => {
  it.each(exampleFiles())('%s gets exactly the verdicts of its expect block', (file) => {
    const topology = load(file);
    const result = checkTopology(topology);
    expect(Object.keys(topology.expect).length).toBeGreaterThanOrEqual(4);
    expect(result.stats.complete).toBe(true);
    for (const p of result.properties) {
      if (topology.expect[p.id] !== undefined) expect(`${p.id}: ${p.verdict}`).toBe(`${p.id}: ${topology.expect[p.id]}`);
    }
  });

  it('cover the four examples of FORMAT.md with their verdicts', () => {
    const verdicts = (name: string) =>
      Object.fromEntries(checkTopology(load(join(EXAMPLES, name))).properties.map((p) => [p.id, p.verdict]));
    expect(verdicts('postini-mailhop.yaml')).toMatchObject({
      'call-ahead-bounded': 'violated',
      'eventual-delivery': 'violated',
      'no-forwarding-loop': 'holds',
      'no-silent-loss': 'holds',
    });
    const allHold = Object.fromEntries(PROPERTY_IDS.map((id) => [id, id === 'no-backscatter' ? 'not-applicable' : 'holds']));
    expect(verdicts('mailhop-only.yaml')).toEqual(allHold);
    expect(verdicts('postini-only.yaml')).toEqual(allHold);
    expect(verdicts('postini-only-blocked.yaml')).toMatchObject({ 'eventual-delivery': 'violated', 'no-forwarding-loop': 'holds', 'call-ahead-bounded': 'holds' });
    expect(verdicts('postini-mailhop-verify-none.yaml')).toMatchObject({
      'no-forwarding-loop': 'violated',
      'eventual-delivery': 'violated',
      'call-ahead-bounded': 'holds',
    });
  });
});
