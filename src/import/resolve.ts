/**
 * Live DNS: what a resolver answers for each domain's mail routing, asked with node:dns's
 * `Resolver` (c-ares), at the system's resolvers or one server the user names. Follows CNAME
 * chains one query at a time (`resolve4` would follow them silently, hiding an MX that points at
 * an alias), records a null MX (`{ exchange: "", priority: 0 }` from c-ares) as `0 .`, keeps an
 * IP-literal MX as written, and never looks up an address for either. A name that does not exist
 * is an answer (the MX is dangling); a server that fails (SERVFAIL, REFUSED), does not answer in
 * time or cannot be reached is an error that names the query, never a stack trace.
 */
import { isIP } from 'node:net';
import { lookup } from 'node:dns/promises';
import { Resolver } from 'node:dns/promises';
import { canonical, entryOf, isIpLiteral, MAX_CNAME_CHAIN, type DnsFacts } from './facts.js';

export type LookupFailure = 'nxdomain' | 'servfail' | 'refused' | 'timeout' | 'unreachable' | 'bad-server' | 'other';

/** A lookup that did not give an answer mxproof can import. */
export class DnsLookupError extends Error {
  constructor(
    readonly failure: LookupFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface ResolveOptions {
  /** `HOST[:PORT]` (IPv6 as `[ADDR]:PORT`); the system's resolvers when absent. */
  server?: string;
  /** How long one query waits for an answer, in milliseconds. */
  timeoutMs?: number;
  /** How many times a query is sent before it times out. */
  tries?: number;
}

type RecordType = 'MX' | 'CNAME' | 'A' | 'AAAA';

/** `HOST[:PORT]` → the form `setServers` takes; a host name is resolved by the system first. */
export async function serverAddress(server: string): Promise<string> {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(server) ?? /^([^:]+)(?::(\d+))?$/.exec(server) ?? (isIP(server) === 6 ? [server, server, undefined] : null);
  if (m === null) throw new DnsLookupError('bad-server', `--server ${server} is not HOST[:PORT] (e.g. 127.0.0.1:5353 or [::1]:53)`);
  const [, host = '', port] = m;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) throw new DnsLookupError('bad-server', `--server ${server}: port ${port} is out of range 1..65535`);
  let address = host;
  if (isIP(host) === 0) {
    try {
      address = (await lookup(host)).address;
    } catch {
      throw new DnsLookupError('bad-server', `--server ${server}: cannot find the address of ${host}`);
    }
  }
  const bracket = isIP(address) === 6 ? `[${address}]` : address;
  return port === undefined ? address : `${bracket}:${port}`;
}

/** Looks up every domain's MX, the CNAME chains and the addresses of its targets. */
export async function lookupDomains(domains: readonly string[], options: ResolveOptions = {}): Promise<DnsFacts> {
  const resolver = new Resolver({ timeout: options.timeoutMs ?? 2500, tries: options.tries ?? 2 });
  let source = 'the system resolver';
  if (options.server !== undefined) {
    const address = await serverAddress(options.server);
    try {
      resolver.setServers([address]);
    } catch (err) {
      throw new DnsLookupError('bad-server', `--server ${options.server}: ${(err as Error).message}`);
    }
    source = `DNS server ${options.server}`;
  }
  const facts: DnsFacts = { source, domains: [...new Set(domains.map(canonical))], records: {}, assumed: [], notes: [] };
  const ask = new Asker(resolver, source);
  for (const domain of facts.domains) {
    const owner = await followCnames(ask, facts, domain, true);
    if (owner === null) continue;
    const mx = await ask.query('MX', owner);
    if (mx === 'nxdomain' || mx === 'nodata') {
      // No MX: the domain's own address is its implicit MX (RFC 5321 §5.1).
      await addresses(ask, facts, owner);
      continue;
    }
    entryOf(facts.records, owner).mx = mx.map((r) => ({ preference: r.priority, host: r.exchange === '' ? '.' : canonical(r.exchange) }));
    for (const r of entryOf(facts.records, owner).mx!) {
      if (r.host === '.' || isIpLiteral(r.host)) continue;
      const end = await followCnames(ask, facts, r.host, false);
      if (end !== null) await addresses(ask, facts, end);
    }
  }
  return facts;
}

/**
 * Follows `name`'s CNAME chain, recording each link; the name at its end, or null when a name on
 * it does not exist. For a domain asked about (`mustExist`), not existing is an error.
 */
async function followCnames(ask: Asker, facts: DnsFacts, name: string, mustExist: boolean): Promise<string | null> {
  let at = name;
  for (let hops = 0; hops < MAX_CNAME_CHAIN; hops++) {
    if (facts.records[at]?.cname !== undefined) {
      at = facts.records[at]!.cname!;
      continue;
    }
    const answer = await ask.query('CNAME', at);
    if (answer === 'nxdomain') {
      if (mustExist && at === name) throw new DnsLookupError('nxdomain', `${name} does not exist (NXDOMAIN from ${ask.source})`);
      return null;
    }
    if (answer === 'nodata') return at;
    const target = canonical(answer[0]!);
    entryOf(facts.records, at).cname = target;
    at = target;
  }
  facts.notes.push(`the CNAME chain from ${name} is longer than ${MAX_CNAME_CHAIN} links; followed no further`);
  return null;
}

async function addresses(ask: Asker, facts: DnsFacts, name: string): Promise<void> {
  if (facts.records[name]?.a !== undefined || facts.records[name]?.aaaa !== undefined) return;
  for (const type of ['A', 'AAAA'] as const) {
    const answer = await ask.query(type, name);
    if (answer === 'nxdomain' || answer === 'nodata') continue;
    entryOf(facts.records, name)[type === 'A' ? 'a' : 'aaaa'] = answer.map((ip) => ip.toLowerCase());
  }
}

interface Answers {
  MX: { exchange: string; priority: number }[];
  CNAME: string[];
  A: string[];
  AAAA: string[];
}

/** One query at a time, each asked once; c-ares error codes become answers or DnsLookupErrors. */
class Asker {
  private readonly memo = new Map<string, unknown>();

  constructor(
    private readonly resolver: Resolver,
    readonly source: string,
  ) {}

  async query<T extends RecordType>(type: T, name: string): Promise<Answers[T] | 'nxdomain' | 'nodata'> {
    const key = `${type} ${name}`;
    if (this.memo.has(key)) return this.memo.get(key) as Answers[T] | 'nxdomain' | 'nodata';
    let answer: Answers[T] | 'nxdomain' | 'nodata';
    try {
      answer = (await this.ask(type, name)) as Answers[T];
      if (answer.length === 0) answer = 'nodata';
    } catch (err) {
      answer = this.failure(err, type, name);
    }
    this.memo.set(key, answer);
    return answer;
  }

  private ask(type: RecordType, name: string): Promise<unknown[]> {
    switch (type) {
      case 'MX':
        return this.resolver.resolveMx(name);
      case 'CNAME':
        return this.resolver.resolveCname(name);
      case 'A':
        return this.resolver.resolve4(name);
      case 'AAAA':
        return this.resolver.resolve6(name);
    }
  }

  private failure(err: unknown, type: RecordType, name: string): 'nxdomain' | 'nodata' {
    const code = (err as NodeJS.ErrnoException | null)?.code ?? String(err);
    const query = `${type} ${name}`;
    switch (code) {
      case 'ENOTFOUND':
        return 'nxdomain';
      case 'ENODATA':
        return 'nodata';
      case 'ESERVFAIL':
        throw new DnsLookupError('servfail', `SERVFAIL for ${query} from ${this.source}: the server could not give an answer (a broken or unreachable zone, or a DNSSEC failure)`);
      case 'EREFUSED':
        throw new DnsLookupError('refused', `REFUSED for ${query} by ${this.source}: it does not answer this query (not a recursive resolver for it?)`);
      case 'ETIMEOUT':
        throw new DnsLookupError('timeout', `no answer for ${query} from ${this.source} in time (timeout)`);
      case 'ECONNREFUSED':
        throw new DnsLookupError('unreachable', `${this.source} cannot be reached for ${query} (connection refused: no DNS server there)`);
      default:
        throw new DnsLookupError('other', `${query} from ${this.source} failed: ${code}`);
    }
  }
}
