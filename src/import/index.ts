/**
 * Imports: a domain's real mail set-up as a FORMAT.md topology. `importDns` asks a resolver,
 * `importZone` reads a BIND zone file, both through the same inference (infer.ts) and writer
 * (yaml.ts); `importPostfix` reads a Postfix configuration (postfix.ts).
 */
import { BUILT_IN_CATALOGUE, type CatalogueEntry } from './catalogue.js';
import type { DnsFacts } from './facts.js';
import { inferTopology } from './infer.js';
import { lookupDomains, type ResolveOptions } from './resolve.js';
import { assertLoads, importedToYaml } from './yaml.js';
import { parseZone } from './zone.js';

export interface ImportResult {
  text: string;
  notes: string[];
}

function fromFacts(facts: DnsFacts, command: string, userCatalogue: readonly CatalogueEntry[]): ImportResult {
  const imported = inferTopology(facts, [...userCatalogue, ...BUILT_IN_CATALOGUE]);
  const header = [
    `Imported by \`${command}\` from ${facts.source}. The dns section is what it said; the hosts are inferred from it, each with a comment saying where it came from and what is assumed. Fill in what DNS cannot show (mailboxes, ports, recipient lists, IP locks) before trusting a verdict.`,
  ];
  const text = importedToYaml(imported, header);
  assertLoads(text, 'imported.yaml');
  return { text, notes: imported.notes };
}

export async function importDns(domains: readonly string[], options: ResolveOptions & { catalogue?: readonly CatalogueEntry[] } = {}): Promise<ImportResult> {
  const facts = await lookupDomains(domains, options);
  const command = `mxproof import dns ${domains.join(' ')}${options.server === undefined ? '' : ` --server ${options.server}`}`;
  return fromFacts(facts, command, options.catalogue ?? []);
}

export function importZone(text: string, file: string, options: { origin?: string; domains?: readonly string[]; catalogue?: readonly CatalogueEntry[] } = {}): ImportResult {
  const facts = parseZone(text, file, options);
  const command = `mxproof import zone ${file}${options.origin === undefined ? '' : ` --origin ${options.origin}`}`;
  return fromFacts(facts, command, options.catalogue ?? []);
}

export { BUILT_IN_CATALOGUE, type CatalogueEntry } from './catalogue.js';
export { DnsLookupError } from './resolve.js';
export { ZoneError } from './zone.js';
export { loadCatalogue } from './userCatalogue.js';
