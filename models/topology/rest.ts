/** Builds the parts that only refer to hosts: network, messages, limits and expectations. */
import type { BuildContext } from './context.js';
import { parseAddress } from './parse.js';
import { hop } from './routes.js';
import type { RawTopology } from './schema.js';
import type { Fault, HostPort, Message, Topology } from './types.js';

export function buildNetwork(ctx: BuildContext, raw: RawTopology['network']): Topology['network'] {
  const blocked: HostPort[] = [];
  (raw?.blocked ?? []).forEach((text, i) => {
    const h = hop(ctx, ['network', 'blocked', i], text, 'network.blocked');
    if (h) blocked.push(h);
  });
  const faults: Record<string, Fault> = {};
  for (const [key, fault] of Object.entries(raw?.faults ?? {})) {
    const path = ['network', 'faults', key];
    const host = ctx.hostRef(path, key, 'network.faults');
    if (host !== null && ctx.firstSighting('fault host', host, path)) faults[host] = fault;
  }
  return { blocked, faults };
}

export function buildMessages(ctx: BuildContext, raw: RawTopology['messages']): Message[] {
  return (raw ?? []).map((m, i) => {
    const address = (field: 'from' | 'to'): string => {
      const parsed = parseAddress(m[field]);
      if (parsed.ok) return parsed.value;
      ctx.error(['messages', i, field], parsed.message);
      return m[field];
    };
    const from = address('from');
    const to = address('to');
    const via = m.via === undefined ? null : ctx.hostRef(['messages', i, 'via'], m.via, 'via');
    return { from, to, via };
  });
}
