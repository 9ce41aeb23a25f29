/**
 * One registry of properties: the built-in ones in FORMAT.md's order, a config's after them, the
 * file's path properties last; every reader (the checker, SARIF, `--property`) takes its list
 * from here, so a property registered once is known everywhere.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROPERTY_IDS } from '../../models/topology/types.js';
import { EFFECTS_JUDGED, propertiesOf } from '../../properties/check.js';
import { BUILT_IN, PROPERTIES } from '../../properties/index.js';
import type { SafetyMailProperty } from '../../properties/types.js';
import { EXAMPLES, load } from '../helpers.js';

const own: SafetyMailProperty = { id: 'mine', kind: 'safety', summary: 'mine', judges: ['accepted'], violation: () => null };

describe('the property registry', () => {
  it('registers the built-in properties in the order FORMAT.md lists their ids', () => {
    expect(BUILT_IN.ids).toEqual([...PROPERTY_IDS]);
    expect(PROPERTIES.map((p) => p.id)).toEqual([...PROPERTY_IDS]);
    expect(BUILT_IN.entries.every((e) => e.origin.kind === 'built-in')).toBe(true);
  });

  it('derives the effects each safety property judges from the properties themselves', () => {
    const safety = PROPERTIES.filter((p) => p.kind === 'safety');
    expect(Object.keys(EFFECTS_JUDGED)).toEqual(safety.map((p) => p.id));
  });

  it('adds a config’s properties after the built-in ones, and the file’s path properties last', () => {
    const registry = BUILT_IN.plus([own], { kind: 'config', source: 'mxproof.config.mjs' });
    const gateway = load(join(EXAMPLES, 'gateway.yaml'));
    const listed = registry.forTopology(gateway);
    expect(listed.map((e) => e.property.id)).toEqual([...PROPERTY_IDS, 'mine', 'scanned-by-gateway', 'old-server-unused']);
    expect(listed.map((e) => e.origin.kind)).toEqual([...PROPERTY_IDS.map(() => 'built-in'), 'config', 'path', 'path']);
    expect(propertiesOf(gateway, registry).map((p) => p.id)).toEqual(listed.map((e) => e.property.id));
    expect(registry.fromConfig.map((e) => e.property.id)).toEqual(['mine']);
    // The built-in registry itself is unchanged: a config adds to a copy.
    expect(BUILT_IN.ids).toEqual([...PROPERTY_IDS]);
  });

  it('refuses an id registered twice (config ids are checked before they reach it)', () => {
    expect(() => BUILT_IN.plus([{ ...own, id: 'no-silent-loss' }], { kind: 'config', source: 'x' })).toThrow(/no-silent-loss is registered twice/);
  });
});
