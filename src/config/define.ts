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
import type { RoleDefinition, RolePreset } from '../../models/roles/types.js';

/** A property of a config file: `goalFlags` is the engine's business, not the user's. */
export type ConfigProperty = SafetyMailProperty | Omit<LivenessMailProperty, 'goalFlags'> | StaticMailProperty;

/**
 * A role of the config's own (models/roles/types.ts): hosts name it in `role`. `preset` defaults to
 * an mta's (accepts nothing, verifies nothing, routes by MX), field by field; `note` to `summary`.
 * Its machine is usually composed with `roleMachine` from the shared states (see the README's
 * "Roles of your own").
 */
export type ConfigRole = Omit<RoleDefinition, 'origin' | 'preset' | 'note'> & { preset?: Partial<RolePreset>; note?: string };

export interface MxproofConfig {
  /** Properties checked after the built-in ones, in this order; an id must be new. */
  properties?: readonly ConfigProperty[];
  /** Roles hosts may name besides the built-in ones; an id must be new. */
  roles?: readonly ConfigRole[];
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
