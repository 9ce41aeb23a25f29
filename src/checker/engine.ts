/**
 * Which engine explores a model, and `explore`, the engine's one entry point. Every engine runs
 * the same breadth-first loop (breadthFirst.ts) and says which it was in `ExploreResult.engine`:
 *
 * - `packed-apart`: a packed model whose parts are explored one by one and combined (product.ts),
 *   when every property is judged one part at a time (`partwise`) and `independentParts` is asked;
 * - `packed`: the model's packed form (explorePacked.ts), when it offers one and every property can
 *   be judged on it (safety by labels, liveness by goal flags);
 * - `unpacked`: the model's own objects (unpacked.ts), otherwise.
 */
import { explorePacked } from './explorePacked.js';
import type { Model, Property } from './model.js';
import type { PackedModel } from './packed.js';
import { exploreParts, exploreProduct } from './product.js';
import type { ExploreOptions, ExploreResult } from './result.js';
import { exploreUnpacked } from './unpacked.js';

export function explore<S, A>(
  model: Model<S, A>,
  properties: readonly Property<S, A>[],
  options: ExploreOptions = {},
): ExploreResult<S, A> {
  // The packed form when the model offers one: building it (and, before this, reading and loading
  // the file) is the time before the search that `setupMs` reports.
  const packed = options.packed === false ? null : (model.packed?.() ?? null);
  const setupMs = options.startedAt === undefined ? undefined : (options.now ?? (() => performance.now()))() - options.startedAt;
  const result = search(model, packed, properties, options);
  return setupMs === undefined ? result : { ...result, setupMs };
}

function search<S, A>(model: Model<S, A>, packed: PackedModel<S> | null, properties: readonly Property<S, A>[], options: ExploreOptions): ExploreResult<S, A> {
  // Packed when every property can be judged on the packed form.
  const packs = packed !== null && properties.every((p) => (p.kind === 'safety' ? p.labels !== undefined : p.goalFlags !== undefined));
  const splits = packs && packed.initialCount === 1 && !options.keepFingerprints && properties.every((p) => p.partwise === true);
  if (options.onlyParts !== undefined) {
    if (!splits) throw new Error('onlyParts needs a packed model with one initial state and properties judged part by part');
    if (options.onlyParts.some((p, i, all) => !Number.isInteger(p) || p < 0 || p >= packed.parts || all.indexOf(p) !== i)) {
      throw new RangeError(`onlyParts must name distinct parts 0 .. ${packed.parts - 1}`);
    }
    return exploreParts(model, packed, properties, options.onlyParts, options);
  }
  if (packs) {
    if (splits && options.independentParts && packed.parts > 1) return exploreProduct(model, packed, properties, options);
    return explorePacked(model, packed, properties, options);
  }
  return exploreUnpacked(model, properties, options);
}

/** The reachable state space alone, as fingerprints in discovery order: an oracle's view of a model. */
export function exploreReachable<S, A>(
  model: Model<S, A>,
  options: Omit<ExploreOptions, 'keepFingerprints'> = {},
): { complete: boolean; fingerprints: string[] } {
  const result = explore(model, [], { ...options, keepFingerprints: true });
  return { complete: result.complete, fingerprints: result.fingerprints ?? [] };
}
