/** Builds a `Route` from its written form, checking each named hop is a known host. */
import type { BuildContext } from './context.js';
import { parseHostPort } from './parse.js';
import type { RawRoute } from './schema.js';
import type { Path } from './source.js';
import type { HostPort, Route } from './types.js';

/** A known host with its port, or null after reporting why not. */
export function hop(ctx: BuildContext, path: Path, raw: string, where: string): HostPort | null {
  const parsed = parseHostPort(raw);
  if (!parsed.ok) {
    ctx.error(path, parsed.message);
    return null;
  }
  const host = ctx.hostRef(path, parsed.value.host, where);
  return host === null ? null : { host, port: parsed.value.port };
}

/** The route, or null when some hop is invalid (each problem reported at its own path). */
export function buildRoute(ctx: BuildContext, path: Path, raw: RawRoute, where: string): Route | null {
  if (raw === 'local' || raw === 'mx') return { kind: raw };
  if ('to' in raw) {
    const hops = raw.to.map((h, i) => hop(ctx, [...path, 'to', i], h, where));
    return hops.every((h) => h !== null) ? { kind: 'to', to: hops as HostPort[] } : null;
  }
  const dest = hop(ctx, [...path, 'bestMxElse'], raw.bestMxElse, where);
  return dest === null ? null : { kind: 'bestMxElse', dest };
}
