/**
 * A user's own catalogue entries, from a YAML file (`--catalogue FILE`): services of their own or
 * of a provider the built-in catalogue does not know, recognised first. The file is
 *
 *   services:
 *     - id: acme-filter
 *       name: ACME Mail Filter
 *       match: ["*.filter.acme.test"]
 *       role: filter                 # mailbox | filter | relay | backup-mx
 *       verify: call-ahead           # optional: none | local | list | call-ahead
 *       documented: checks each recipient with the destination first
 *       docs: ["https://acme.test/docs/recipients"]
 *
 * Every problem is returned with the entry and field it is in; nothing here throws.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { CatalogueEntry } from './catalogue.js';

const Entry = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'an id of lower-case letters, digits and -'),
  name: z.string().min(1),
  match: z.array(z.string().regex(/^[A-Za-z0-9*_.-]+$/, 'a name or glob of letters, digits, -, _, . and *')).min(1),
  role: z.enum(['mailbox', 'filter', 'relay', 'backup-mx']),
  verify: z.enum(['none', 'local', 'list', 'call-ahead']).optional(),
  deferOk: z.boolean().optional(),
  ipLock: z.union([z.literal(421), z.literal(550)]).optional(),
  documented: z.string().default('an entry of your own catalogue'),
  docs: z.array(z.string()).default([]),
});

const File = z.strictObject({ services: z.array(Entry) });

export type Loaded = { ok: true; entries: CatalogueEntry[] } | { ok: false; errors: string[] };

export function parseCatalogue(text: string, file: string): Loaded {
  let data: unknown;
  try {
    data = parse(text);
  } catch (err) {
    return { ok: false, errors: [`${file}: not YAML: ${(err as Error).message.split('\n')[0]}`] };
  }
  const parsed = File.safeParse(data);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => `${file}: ${i.path.length === 0 ? '(top level)' : i.path.join('.')}: ${i.message}`),
    };
  }
  return { ok: true, entries: parsed.data.services };
}

export function loadCatalogue(file: string): Loaded {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { ok: false, errors: [`${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})`] };
  }
  return parseCatalogue(text, file);
}
