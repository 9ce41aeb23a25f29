/**
 * Builds `properties` (FORMAT.md 1.1 "Path properties of your own") and checks `expect` against
 * every property id the file may name: the seven built-in ones, a config file's, and its own.
 */
import type { ConfigProperties } from './budget.js';
import type { BuildContext } from './context.js';
import { parseName } from './parse.js';
import type { RawTopology } from './schema.js';
import { didYouMean, listOf, show } from './text.js';
import { PROPERTY_IDS, type PathProperty, type Topology, type Verdict } from './types.js';

/**
 * An id is read on the command line (`--property ID`), as a SARIF rule id and in JUnit names:
 * FORMAT.md fixes only that it is not a built-in id; mxproof also keeps it to a plain word.
 */
export const PROPERTY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function buildPathProperties(ctx: BuildContext, raw: RawTopology['properties'], config?: ConfigProperties): PathProperty[] {
  const out: PathProperty[] = [];
  for (const [id, spec] of Object.entries(raw ?? {})) {
    const at = ['properties', id];
    if ((PROPERTY_IDS as readonly string[]).includes(id)) {
      ctx.error(at, `\`${id}\` is a built-in property; a property of your own needs another id`);
      continue;
    }
    if (config?.ids.includes(id) === true) {
      ctx.error(at, `\`${id}\` is a property of ${config.source}; a path property of the file needs another id`);
      continue;
    }
    if (!PROPERTY_ID.test(id)) {
      ctx.error(at, `${show(id)} is not a property id: use letters, digits, \`-\`, \`_\` and \`.\` (at most 64), e.g. \`scanned-by-gateway\``);
      continue;
    }
    const kinds = (['waypoint', 'avoid'] as const).filter((k) => spec[k] !== undefined);
    if (kinds.length !== 1) {
      const got = kinds.length === 0 ? 'neither' : 'both';
      ctx.error(at, `a path property has exactly one of \`waypoint: [HOST, ...]\` or \`avoid: [HOST, ...]\`; \`${id}\` has ${got}`);
      continue;
    }
    const kind = kinds[0]!;
    const written = spec[kind]!;
    if (written.length === 0) ctx.error([...at, kind], `\`${kind}\` names no host; list at least one host from \`hosts\``);
    const hosts: string[] = [];
    written.forEach((name, i) => {
      const host = ctx.hostRef([...at, kind, i], name, `properties.${id}.${kind}`);
      if (host !== null && !hosts.includes(host)) hosts.push(host);
    });
    const domains: string[] = [];
    (spec.for ?? []).forEach((d, i) => {
      const parsed = parseName(d, 'domain');
      if (!parsed.ok) ctx.error([...at, 'for', i], parsed.message);
      else if (!domains.includes(parsed.value)) domains.push(parsed.value);
    });
    out.push({ id, kind, hosts, for: domains });
  }
  return out;
}

export function buildExpect(ctx: BuildContext, raw: RawTopology['expect'], own: readonly PathProperty[], config?: ConfigProperties): Topology['expect'] {
  const known = [...PROPERTY_IDS, ...(config?.ids ?? []), ...own.map((p) => p.id)];
  const out: Record<string, Verdict> = {};
  for (const [id, verdict] of Object.entries(raw ?? {})) {
    if (verdict === undefined) continue;
    if (!known.includes(id)) {
      const where = config === undefined ? ', or in an mxproof.config file' : ` or in ${config.source}`;
      ctx.error(['expect', id], `unknown property ${show(id)}${didYouMean(id, known)}; valid: ${listOf(known)} (a property of your own is declared under \`properties\`${where})`);
      continue;
    }
    out[id] = verdict;
  }
  return out;
}
