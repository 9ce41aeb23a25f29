/** The engine's public face: explore a model against properties, and paths that replay. */
export type { LivenessProperty, Model, PackedModel, Property, SafetyProperty } from './model.js';
export type { Engine, ExploreOptions, ExploreResult, Progress, PropertyOutcome, StopReason, Trace } from './result.js';
export { explore, exploreReachable } from './engine.js';
export { decodePath, encodePath, replay, type DecodedPath, type PathValue, type ReplayResult } from './path.js';
export { bottomComponents, stronglyConnectedComponents, type Components } from './scc.js';
export { budgetSpent, unexplored } from './budget.js';
