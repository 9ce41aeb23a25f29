/**
 * Writes schema/topology.schema.json, the JSON Schema editors use, from the zod schema.
 *
 * Node 20 cannot run TypeScript directly and the project has no TS runner, so this module runs
 * through the schema test: `UPDATE_SCHEMA=1 npx vitest run test/topology/schema.test.ts`.
 * Without the variable, that test only checks the committed file is up to date.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { topologyJsonSchema } from '../models/topology/jsonSchema.js';
import { BUILT_IN } from '../properties/index.js';

export const SCHEMA_FILE = fileURLToPath(new URL('../schema/topology.schema.json', import.meta.url));

/** The file's exact text: two-space JSON and a final newline, as editors and git like it. */
export function schemaText(): string {
  const summaries = Object.fromEntries(BUILT_IN.properties.map((p) => [p.id, p.summary]));
  return JSON.stringify(topologyJsonSchema(summaries), null, 2) + '\n';
}

export function writeSchema(): void {
  writeFileSync(SCHEMA_FILE, schemaText());
}
