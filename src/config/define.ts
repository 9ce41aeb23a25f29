/**
 * What a config file (`mxproof.config.ts`, `.mjs` or `.js`) exports by default: properties of the
 * user's own, checked beside the built-in ones without forking mxproof. A property has the shape of
 * a built-in one (properties/types.ts): a safety predicate over each step's effects and the state
 * after it, an eventual-delivery-style liveness goal, or a static fact of the topology.
 *
 *   import { defineConfig } from 'mxproof';
 *   export default defineConfig({
 *     properties: [{
 *       id: 'no-legacy', kind: 'safety', judges: ['accepted'], perMessage: true,
 *       summary: 'no message is accepted by a host tagged legacy',
 *       violation: (effect, system) =>
 *         effect.kind === 'accepted' && system.topology.hosts.find((h) => h.name === effect.host)?.tags.includes('legacy')
 *           ? `${effect.host} (tagged legacy) accepts the message` : null,
 *     }],
 *   });
 */
import type { LivenessMailProperty, SafetyMailProperty, StaticMailProperty } from '../../properties/types.js';

/** A property of a config file: `goalFlags` is the engine's business, not the user's. */
export type ConfigProperty = SafetyMailProperty | Omit<LivenessMailProperty, 'goalFlags'> | StaticMailProperty;

export interface MxproofConfig {
  /** Properties checked after the built-in ones, in this order; an id must be new. */
  properties?: readonly ConfigProperty[];
  /**
   * Where the config was read from, named in its errors: `loadConfig` sets it. A config built in
   * a program is `(config)` unless it says otherwise.
   */
  source?: string;
}

/** Types a config file's default export; returns it unchanged. */
export function defineConfig<const C extends MxproofConfig>(config: C): C {
  return config;
}
