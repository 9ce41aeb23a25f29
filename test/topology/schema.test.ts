import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { topologyJsonSchema } from '../../models/topology/jsonSchema.js';
import { PROPERTY_IDS } from '../../models/topology/types.js';
import { BUILT_IN } from '../../properties/index.js';
import { SCHEMA_FILE, schemaText, writeSchema } from '../../scripts/generate-schema.js';

// `UPDATE_SCHEMA=1 npx vitest run test/topology/schema.test.ts` regenerates the committed file.
if (process.env.UPDATE_SCHEMA === '1') writeSchema();

describe('schema/topology.schema.json', () => {
  it('is the JSON Schema generated from the zod schema', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(schemaText());
  });

  it('carries what editors need: draft, title, descriptions, every property id', () => {
    const summaries = Object.fromEntries(BUILT_IN.properties.map((p) => [p.id, p.summary]));
    const schema = topologyJsonSchema(summaries) as {
      $schema: string;
      title: string;
      properties: Record<string, { description?: string; properties?: Record<string, { description?: string }> }>;
    };
    expect(schema.$schema).toMatch(/json-schema\.org/);
    expect(schema.title).toMatch(/mxproof/);
    for (const key of ['version', 'dns', 'hosts', 'network', 'messages', 'limits', 'expect']) {
      expect(schema.properties[key]?.description, key).toBeTruthy();
    }
    expect(Object.keys(schema.properties.expect?.properties ?? {})).toEqual([...PROPERTY_IDS]);
    // Each built-in id is described by its property's summary, from the registry.
    for (const p of BUILT_IN.properties) expect(schema.properties.expect?.properties?.[p.id]?.description).toBe(p.summary);
  });
});
