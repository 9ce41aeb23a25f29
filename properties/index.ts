/** The catalogue: every property of FORMAT.md, in the order reports list them. */
import type { PropertyId } from '../models/topology/types.js';
import { callAheadBounded } from './callAheadBounded.js';
import { dnsWellFormed } from './dnsWellFormed.js';
import { eventualDelivery } from './eventualDelivery.js';
import { noBackscatter } from './noBackscatter.js';
import { noForwardingLoop } from './noForwardingLoop.js';
import { noOpenRelay } from './noOpenRelay.js';
import { noSilentLoss } from './noSilentLoss.js';
import type { MailProperty } from './types.js';

export const PROPERTIES: readonly MailProperty[] = [
  eventualDelivery,
  callAheadBounded,
  noForwardingLoop,
  noSilentLoss,
  noBackscatter,
  noOpenRelay,
  dnsWellFormed,
];

export function propertyById(id: string): MailProperty | undefined {
  return PROPERTIES.find((p) => p.id === id);
}

export type { MailProperty } from './types.js';
export type { PropertyId };
