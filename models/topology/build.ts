/**
 * The step after the schema: parses the packed strings, checks references and role
 * requirements, applies presets and defaults, and produces the normalized `Topology`.
 */
import { checkpoint, type LoadOptions } from './budget.js';
import { BuildContext, type Provenance } from './context.js';
import { buildDns } from './dns.js';
import { buildHost, hostNames } from './hosts.js';
import { buildMessages, buildNetwork } from './rest.js';
import { buildExpect, buildPathProperties } from './pathProperties.js';
import type { RawTopology } from './schema.js';
import { keysInOrder, type Source } from './source.js';
import { buildPositions } from './positions.js';
import type { LoadError } from './errors.js';
import type { Topology } from './types.js';

export type Built = { ok: true; topology: Topology } | { ok: false; errors: LoadError[] };

/** Hosts built between two looks at the budget. */
const HOSTS_PER_CHECK = 1024;

/** `provenance`: when `raw` is what is left of a file the schema refused in parts (salvage.ts). */
export function buildTopology(raw: RawTopology, src: Source, file: string, budget?: LoadOptions, provenance?: Provenance): Built {
  const ctx = new BuildContext(src, file, provenance);
  const hostsRaw = raw.hosts ?? {};
  // Every host must be known before any reference to one is checked.
  const entries = hostNames(ctx, hostsRaw, keysInOrder(src, ['hosts']));
  checkpoint(budget, 'building');
  const dns = buildDns(ctx, raw.dns ?? {});
  checkpoint(budget, 'building');
  const defaults = { software: raw.defaults?.software ?? 'generic' } as const;
  const roles = budget?.config?.roles !== undefined && budget.config.roles.size > 0 ? budget.config.roles : undefined;
  const hosts = entries.map((e, i) => {
    if (i % HOSTS_PER_CHECK === HOSTS_PER_CHECK - 1) checkpoint(budget, 'building');
    return buildHost(ctx, e, defaults, roles);
  });
  const network = buildNetwork(ctx, raw.network);
  const messages = buildMessages(ctx, raw.messages);
  const properties = buildPathProperties(ctx, raw.properties, budget?.config);
  const expect = buildExpect(ctx, raw.expect, properties, budget?.config);
  if (ctx.errors.length > 0) return { ok: false, errors: ctx.errors };
  checkpoint(budget, 'building');
  const positions = buildPositions(src);
  checkpoint(budget, 'building');
  return {
    ok: true,
    topology: {
      version: 1,
      file,
      dns,
      hosts,
      network,
      messages,
      defaults,
      // Hosts + 1: deep enough for a chain through every host, one more to see it repeat.
      limits: { callAheadDepth: raw.limits?.callAheadDepth ?? hosts.length + 1 },
      properties,
      expect,
      positions,
      ...(roles === undefined ? {} : { roles }),
    },
  };
}
