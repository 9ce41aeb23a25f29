/**
 * Warnings about a valid topology: fields the file sets that the model never reads for that host,
 * so the file does not say what its author meant. They change no verdict and no exit code; the
 * CLI prints them beside the report, in the same `file:line:col: field:` shape as load errors.
 *
 * Only settings FORMAT.md ties to another one are flagged, each once:
 * - `recipients` is read only by `verify: list` (a backup MX given a list still verifies `none`,
 *   its preset, unless told `verify: list`: it then accepts mail for anybody and bounces later);
 * - `deferOk` only changes how a failed call-ahead is answered (`verify: call-ahead`);
 * - `selfCheck` only changes delivery by MX (`route: mx`, or a per-domain route by MX);
 * - `allowFromReply` only says how `allowFrom` refuses, so without `allowFrom` nobody is refused.
 */
import { byPosition, type LoadError } from './errors.js';
import { normalizeName } from './parse.js';
import type { Host, SourcePos, Topology } from './types.js';

export function adviceFor(topology: Topology): LoadError[] {
  // Positions are keyed by the file's spelling of a host name (names hold no `/` or `~` to
  // escape): index the hosts' fields once by the normalized name.
  const fields = new Map<string, SourcePos>();
  for (const [key, pos] of Object.entries(topology.positions)) {
    const [, root, name, field, deeper] = key.split('/');
    if (root === 'hosts' && name !== undefined && field !== undefined && deeper === undefined) fields.set(`${normalizeName(name)}/${field}`, pos);
  }
  const positionOf = (host: Host, field: string): SourcePos | undefined => fields.get(`${host.name}/${field}`);
  const out: LoadError[] = [];
  const warn = (host: Host, field: string, message: string): void => {
    const pos = positionOf(host, field) ?? { line: 1, col: 1 };
    out.push({ file: topology.file, line: pos.line, col: pos.col, field: `hosts["${host.name}"].${field}`, message });
  };

  for (const host of topology.hosts) {
    const verify = `verify: ${host.verify}${positionOf(host, 'verify') === undefined ? ` (the ${host.role} preset)` : ''}`;
    if (host.recipients.length > 0 && host.verify !== 'list') {
      warn(host, 'recipients', `ignored: only verify: list reads the recipient list, and this host has ${verify}; add verify: list to answer RCPT from it`);
    }
    if (host.deferOk && host.verify !== 'call-ahead') {
      warn(host, 'deferOk', `ignored: deferOk only applies to verify: call-ahead, and this host has ${verify}`);
    }
    const byMx = host.route.kind === 'mx' || Object.values(host.routes).some((r) => r.kind === 'mx');
    if (!host.selfCheck && !byMx) {
      const how = host.route.kind === 'to' ? 'to fixed hosts' : host.route.kind === 'local' ? 'locally' : 'by bestMxElse';
      warn(host, 'selfCheck', `ignored: selfCheck only applies to delivery by MX (route: mx), and this host routes ${how}`);
    }
    if (host.allowFrom === null && positionOf(host, 'allowFromReply') !== undefined) {
      warn(host, 'allowFromReply', 'ignored: allowFromReply is how allowFrom refuses a client it does not list, and this host has no allowFrom: anyone may connect');
    }
  }
  return out.sort(byPosition);
}
