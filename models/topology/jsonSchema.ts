/**
 * The JSON Schema editors use to complete and check topology files (`# yaml-language-server:
 * $schema=...`), generated from the zod schema so the two cannot drift apart. The committed copy
 * is schema/topology.schema.json; a test keeps it equal to this.
 */
import * as z from 'zod';
import { topologySchema } from './schema.js';

/**
 * `summaries`: what each built-in property means, by id (the registry's summaries; models cannot
 * read the registry), shown by editors on the ids of `expect`.
 */
export function topologyJsonSchema(summaries: Readonly<Record<string, string>>): Record<string, unknown> {
  // draft-07: the newest draft yaml-language-server and most editors fully understand.
  // io 'input': the schema of what a user writes, not of the parsed value.
  const schema = z.toJSONSchema(topologySchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as unknown as {
    properties: { expect: { properties: Record<string, Record<string, unknown>> } };
  };
  const ids = schema.properties.expect.properties;
  for (const id of Object.keys(ids)) ids[id] = { description: summaries[id], ...ids[id] };
  return schema as unknown as Record<string, unknown>;
}
