/**
 * `import postfix --into FILE`: the imported host joins an existing topology (replacing a host of
 * the same name, in place), whose DNS says which of its hosts the configuration's mynetworks holds:
 * those become the host's allowFrom when its client restrictions let only mynetworks in. A route to
 * a host the file does not have is refused rather than written into a file `check` would not load.
 */
import { readFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import { isMap, isPair, isScalar, parseDocument, visit } from 'yaml';
import type { ImportResult } from './index.js';
import type { ImportedHost } from './infer.js';
import { PostfixImportError } from './postfixConfig.js';
import { assertLoads, wrap } from './yaml.js';

/** What the mapping of one Postfix configuration (postfix.ts) hands to the merge. */
export interface Mapped {
  host: ImportedHost;
  /** Next hops its routes name, with the domains routed to each and their ports. */
  nextHops: Map<string, { domains: Set<string>; ports: Set<number> }>;
  /** Accepted domains and the address a test message goes to for each. */
  domains: { domain: string; to: string; byMx: boolean }[];
  warnings: string[];
}

/** Hosts of `into` (by their A/AAAA records) inside the networks mynetworks lists. */
function hostsIn(networks: readonly string[], dns: Record<string, { a?: string[]; aaaa?: string[] }>, hosts: readonly string[]): string[] {
  const list = new BlockList();
  for (const n of networks) {
    const [addr = '', bits] = n.replace(/^\[|\]/g, '').split('/');
    const family = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (isIP(addr) === 0) continue;
    if (bits === undefined) list.addAddress(addr, family);
    else list.addSubnet(addr, Number(bits), family);
  }
  return hosts.filter((h) => [...(dns[h]?.a ?? []).map((a) => [a, 'ipv4'] as const), ...(dns[h]?.aaaa ?? []).map((a) => [a, 'ipv6'] as const)].some(([a, f]) => list.check(a, f)));
}

export /** Puts the host into an existing topology file, replacing a host of the same name. */
function mergeInto(file: string, mapped: Mapped, networks: string[] | undefined, command: string): ImportResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new PostfixImportError(`--into ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new PostfixImportError(`--into ${file}: not a topology file (${doc.errors[0]!.message.split('\n')[0]})`);
  const data = (doc.toJS() ?? {}) as { hosts?: Record<string, unknown>; dns?: Record<string, { a?: string[]; aaaa?: string[] }> };
  const { host } = mapped;
  if (networks !== undefined) {
    const names = Object.keys(data.hosts ?? {}).filter((h) => h !== host.name);
    const locked = hostsIn(networks, data.dns ?? {}, [...names, ...Object.keys(data.dns ?? {}).filter((n) => !names.includes(n))]).filter((h) => names.includes(h));
    if (locked.length > 0) {
      host.fields.allowFrom = locked;
      host.fields.allowFromReply = 550;
      mapped.warnings.push(`smtpd_client_restrictions lets only mynetworks connect, which holds ${locked.join(', ')}; Postfix refuses the others at RCPT (smtpd_delay_reject), modelled as a 550 at connect`);
    } else {
      delete host.fields.allowFrom;
      mapped.warnings.push(`smtpd_client_restrictions lets only mynetworks (${networks.join(' ')}) connect, but no host of ${file} has an address there: allowFrom left out`);
    }
  }
  finishComment(host, mapped.warnings);
  host.comment[0] = `${host.comment[0]} Merged by \`${command} --into ${file}\`.`;
  let hosts = doc.get('hosts');
  if (!isMap(hosts)) {
    doc.set('hosts', doc.createNode({}));
    hosts = doc.get('hosts');
  }
  if (!isMap(hosts)) throw new PostfixImportError(`--into ${file}: its hosts are not a map`);
  const known = new Set(Object.keys(data.hosts ?? {}).map((h) => h.toLowerCase()));
  const missing = [...mapped.nextHops.keys()].filter((n) => n !== host.name && !known.has(n));
  if (missing.length > 0) throw new PostfixImportError(`it routes to ${missing.join(', ')}, which ${missing.length === 1 ? 'is not a host' : 'are not hosts'} of ${file}: add ${missing.length === 1 ? 'it' : 'them'} there first`);
  const node = doc.createNode(host.fields);
  visit(node, {
    Seq(_, seq) {
      if (seq.items.every((i) => isScalar(i))) seq.flow = true;
    },
  });
  const existing = hosts.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value).toLowerCase() === host.name);
  if (existing !== undefined && isPair(existing)) existing.value = node;
  else hosts.add(doc.createPair(host.name, node));
  const pair = hosts.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value).toLowerCase() === host.name);
  if (pair !== undefined && isPair(pair) && isScalar(pair.key)) pair.key.commentBefore = wrap(host.comment, 98).map((l) => ` ${l}`).join('\n');
  const out = doc.toString({ lineWidth: 0 });
  assertLoads(out, file);
  return { text: out, notes: mapped.warnings };
}

/** The warnings, as the last lines of the host's comment. */
export function finishComment(host: ImportedHost, warnings: readonly string[]): void {
  if (warnings.length > 0) host.comment.push('Not modelled:', ...warnings.map((w) => `- ${w}`));
}
