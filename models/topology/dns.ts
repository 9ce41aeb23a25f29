/**
 * Builds the DNS table. Records are loaded as written even when they are bad DNS (MX to a CNAME,
 * to an IP literal, to a name without address, a null MX beside other records): those are the
 * `dns-well-formed` property's verdicts, not load errors. Only unreadable records are errors.
 */
import type { BuildContext } from './context.js';
import { parseIp, parseMx, parseName } from './parse.js';
import type { RawDnsEntry } from './schema.js';
import type { Path } from './source.js';
import type { DnsEntry, MxRecord } from './types.js';

function ips(ctx: BuildContext, path: Path, list: string[], family: 4 | 6): string[] {
  const out: string[] = [];
  list.forEach((raw, i) => {
    const parsed = parseIp(raw, family);
    if (parsed.ok) out.push(parsed.value);
    else ctx.error([...path, i], parsed.message);
  });
  return out;
}

function mxRecords(ctx: BuildContext, path: Path, list: string[]): MxRecord[] {
  const out: MxRecord[] = [];
  list.forEach((raw, i) => {
    const parsed = parseMx(raw);
    if (parsed.ok) out.push(parsed.value);
    else ctx.error([...path, i], parsed.message);
  });
  // Kept in file order: reports point at a record by its index in the file. Lookups sort by
  // preference themselves (models/routing/dns.ts).
  return out;
}

function entry(ctx: BuildContext, path: Path, raw: RawDnsEntry): DnsEntry {
  const out: DnsEntry = {};
  if (raw.mx !== undefined) out.mx = mxRecords(ctx, [...path, 'mx'], raw.mx);
  if (raw.a !== undefined) out.a = ips(ctx, [...path, 'a'], raw.a, 4);
  if (raw.aaaa !== undefined) out.aaaa = ips(ctx, [...path, 'aaaa'], raw.aaaa, 6);
  if (raw.cname !== undefined) {
    const target = parseName(raw.cname, 'DNS name');
    if (target.ok) out.cname = target.value;
    else ctx.error([...path, 'cname'], target.message);
  }
  return out;
}

export function buildDns(ctx: BuildContext, dns: Record<string, RawDnsEntry>): Record<string, DnsEntry> {
  const out: Record<string, DnsEntry> = {};
  for (const [key, raw] of Object.entries(dns)) {
    const path: Path = ['dns', key];
    const owner = parseName(key, 'DNS name', true);
    if (!owner.ok) {
      ctx.error(path, owner.message);
      continue;
    }
    if (!ctx.firstSighting('DNS name', owner.value, path)) continue;
    out[owner.value] = entry(ctx, path, raw);
  }
  return out;
}
