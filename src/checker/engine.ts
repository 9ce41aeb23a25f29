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
import { exploreParts, exploreProduct } from './product.js';
import type { ExploreOptions, ExploreResult } from './result.js';
import { exploreUnpacked } from './unpacked.js';

export function explore<S, A>(
  model: Model<S, A>,
  properties: readonly Property<S, A>[],
  options: ExploreOptions = {},
): ExploreResult<S, A> {
  const { setupEndedAt, ...result } = search(model, properties, options);
  // Reading, loading and building the model and its packed tables: the time before the search.
  return options.startedAt === undefined ? result : { ...result, setupMs: setupEndedAt - options.startedAt };
}

function search<S, A>(model: Model<S, A>, properties: readonly Property<S, A>[], options: ExploreOptions): ExploreResult<S, A> & { setupEndedAt: number } {
  // The packed form when the model offers one and every property can be judged on it.
  const packed = options.packed === false ? null : (model.packed?.() ?? null);
  const setupEndedAt = (options.now ?? (() => performance.now()))();
  const packs = packed !== null && properties.every((p) => (p.kind === 'safety' ? p.labels !== undefined : p.goalFlags !== undefined));
  const splits = packs && packed.initialCount === 1 && !options.keepFingerprints && properties.every((p) => p.partwise === true);
  if (options.onlyParts !== undefined) {
    if (!splits) throw new Error('onlyParts needs a packed model with one initial state and properties judged part by part');
    if (options.onlyParts.some((p, i, all) => !Number.isInteger(p) || p < 0 || p >= packed.parts || all.indexOf(p) !== i)) {
      throw new RangeError(`onlyParts must name distinct parts 0 .. ${packed.parts - 1}`);
    }
    return { ...exploreParts(model, packed, properties, options.onlyParts, options), setupEndedAt };
  }
  if (packs) {
    if (splits && options.independentParts && packed.parts > 1) return { ...exploreProduct(model, packed, properties, options), setupEndedAt };
    return { ...explorePacked(model, packed, properties, options), setupEndedAt };
  }
  return { ...exploreUnpacked(model, properties, options), setupEndedAt };
}

/** The reachable state space alone, as fingerprints in discovery order: an oracle's view of a model. */
export function exploreReachable<S, A>(
  model: Model<S, A>,
  options: Omit<ExploreOptions, 'keepFingerprints'> = {},
): { complete: boolean; fingerprints: string[] } {
  const result = explore(model, [], { ...options, keepFingerprints: true });
  return { complete: result.complete, fingerprints: result.fingerprints ?? [] };
}
