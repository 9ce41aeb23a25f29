/**
 * The built-in properties of FORMAT.md, registered one line each in the order reports list them.
 * A new built-in property is its own file plus its line here (and, being a change of the format,
 * its id in PROPERTY_IDS; test/properties/registry.test.ts holds the two lists equal).
 */
import type { PropertyId } from '../models/topology/types.js';
import { callAheadBounded } from './callAheadBounded.js';
import { dnsWellFormed } from './dnsWellFormed.js';
import { eventualDelivery } from './eventualDelivery.js';
import { noBackscatter } from './noBackscatter.js';
import { noForwardingLoop } from './noForwardingLoop.js';
import { noOpenRelay } from './noOpenRelay.js';
import { noSilentLoss } from './noSilentLoss.js';
import { PropertyRegistry } from './registry.js';
import type { MailProperty } from './types.js';

export const BUILT_IN: PropertyRegistry = PropertyRegistry.builtIn([
  eventualDelivery,
  callAheadBounded,
  noForwardingLoop,
  noSilentLoss,
  noBackscatter,
  noOpenRelay,
  dnsWellFormed,
]);

/** The built-in properties (the package exports this list). */
export const PROPERTIES: readonly MailProperty[] = BUILT_IN.properties;

export function propertyById(id: string): MailProperty | undefined {
  return BUILT_IN.get(id)?.property;
}

export type { MailProperty } from './types.js';
export { PropertyRegistry, type PropertyOrigin, type RegisteredProperty } from './registry.js';
export type { PropertyId };
