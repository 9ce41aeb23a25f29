/**
 * The JSON Schema editors use to complete and check topology files (`# yaml-language-server:
 * $schema=...`), generated from the zod schema so the two cannot drift apart. The committed copy
 * is schema/topology.schema.json; a test keeps it equal to this.
 */
import * as z from 'zod';
import { topologySchema } from './schema.js';

export function topologyJsonSchema(): Record<string, unknown> {
  // draft-07: the newest draft yaml-language-server and most editors fully understand.
  // io 'input': the schema of what a user writes, not of the parsed value.
  return z.toJSONSchema(topologySchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
