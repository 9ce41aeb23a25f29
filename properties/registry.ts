/**
 * The one list of properties every part of mxproof reads: the checker, `--property` and `expect`
 * validation, SARIF rules, replay, the docs. It holds the built-in properties (properties/index.ts
 * registers them, one line each), then those a config file adds (src/api/config.ts); a check adds
 * the topology file's own path properties last. Reports list properties in this order.
 *
 * Where a property comes from decides what the checker may assume of it: a built-in or path
 * property is written against the reductions' contracts (it speaks of one message, and names
 * hosts only as symmetry.ts knows), a config file's property only as far as it says so.
 */
import type { Topology } from '../models/topology/types.js';
import { pathProperty } from './pathProperty.js';
import type { MailProperty } from './types.js';

/** Where a property is defined: mxproof itself, the topology file's `properties`, or a config file. */
export type PropertyOrigin = { kind: 'built-in' } | { kind: 'path' } | { kind: 'config'; source: string };

export interface RegisteredProperty {
  property: MailProperty;
  origin: PropertyOrigin;
}

const BUILT_IN: PropertyOrigin = { kind: 'built-in' };
const PATH: PropertyOrigin = { kind: 'path' };

export class PropertyRegistry {
  private readonly byId: ReadonlyMap<string, RegisteredProperty>;

  private constructor(readonly entries: readonly RegisteredProperty[]) {
    const byId = new Map<string, RegisteredProperty>();
    for (const e of entries) {
      // A clash is a bug of the caller: config ids are checked against the registry before they are added.
      if (byId.has(e.property.id)) throw new Error(`property ${e.property.id} is registered twice`);
      byId.set(e.property.id, e);
    }
    this.byId = byId;
  }

  /** The built-in properties, in the order reports list them. */
  static builtIn(properties: readonly MailProperty[]): PropertyRegistry {
    return new PropertyRegistry(properties.map((property) => ({ property, origin: BUILT_IN })));
  }

  /** These properties, then `more` from `origin`; no id of `more` may be registered already. */
  plus(more: readonly MailProperty[], origin: PropertyOrigin): PropertyRegistry {
    return new PropertyRegistry([...this.entries, ...more.map((property) => ({ property, origin }))]);
  }

  get properties(): MailProperty[] {
    return this.entries.map((e) => e.property);
  }

  get ids(): string[] {
    return this.entries.map((e) => e.property.id);
  }

  get(id: string): RegisteredProperty | undefined {
    return this.byId.get(id);
  }

  /** The properties a config file added, with that file. */
  get fromConfig(): RegisteredProperty[] {
    return this.entries.filter((e) => e.origin.kind === 'config');
  }

  /** What a check of `topology` judges: these, then the file's own path properties. */
  forTopology(topology: Topology): RegisteredProperty[] {
    return [...this.entries, ...topology.properties.map((spec) => ({ property: pathProperty(spec), origin: PATH }))];
  }
}
