/**
 * A BIND zone file (RFC 1035 §5) as DnsFacts, parsed by `dns-zonefile`. Two things it gets wrong
 * are put right before it sees the text: a record line with a blank owner takes the previous
 * line's owner (dns-zonefile reads it as `@`), and each `$ORIGIN` starts a section of its own
 * (dns-zonefile keeps only the last). Names are then made absolute as BIND does: `@` is the origin,
 * a name with a trailing dot is absolute, any other is relative to the origin. `$INCLUDE` and
 * `$GENERATE` are refused: the file alone must say everything imported from it.
 */
import zonefile from 'dns-zonefile';
import { canonical, entryOf, isIpLiteral, type DnsFacts } from './facts.js';

export class ZoneError extends Error {}

interface Section {
  origin: string;
  text: string;
}

/** Strips a comment (`;` outside quotes) and counts parentheses, which continue a record. */
function scan(line: string): { body: string; depth: number } {
  let quoted = false;
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"' && line[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && c === ';') return { body: line.slice(0, i), depth };
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
  }
  return { body: line, depth };
}

const absolute = (name: string, origin: string): string => {
  if (name === '@') return origin;
  if (name.endsWith('.')) return canonical(name);
  return origin === '' ? canonical(name) : `${canonical(name)}.${origin}`;
};

/** Splits the file at each $ORIGIN and writes every record with its owner spelt out. */
function sections(text: string, origin: string): Section[] {
  const out: Section[] = [];
  let current: Section = { origin, text: '' };
  let ttl = '';
  let owner: string | null = null;
  let depth = 0;
  text.split(/\r?\n/).forEach((raw, index) => {
    const { body, depth: change } = scan(raw);
    const continuing = depth > 0;
    depth += change;
    if (continuing || body.trim() === '') {
      current.text += `${body}\n`;
      return;
    }
    const directive = /^\$(\w+)\s*(\S*)/.exec(body);
    if (directive !== null) {
      const [, word = '', arg = ''] = directive;
      switch (word.toUpperCase()) {
        case 'ORIGIN':
          out.push(current);
          current = { origin: absolute(arg, current.origin), text: ttl };
          return;
        case 'TTL':
          ttl = `$TTL ${arg}\n`;
          current.text += ttl;
          return;
        default:
          throw new ZoneError(`line ${index + 1}: $${word} is not supported; import a file with every record written out`);
      }
    }
    if (/^\s/.test(body)) {
      if (owner === null) throw new ZoneError(`line ${index + 1}: a record with no owner name before any record that has one`);
      current.text += `${owner}.${body}\n`;
      return;
    }
    const first = body.split(/\s+/, 1)[0]!;
    owner = absolute(first, current.origin);
    current.text += `${body}\n`;
  });
  out.push(current);
  return out.filter((s) => s.text.trim() !== '');
}

/** The records of a zone file; `origin` for a file without `$ORIGIN`, else the file's own. */
export function parseZone(text: string, file: string, options: { origin?: string; domains?: readonly string[] } = {}): DnsFacts {
  const origin = options.origin === undefined ? '' : canonical(options.origin);
  const facts: DnsFacts = { source: `zone file ${file}`, domains: [], records: {}, assumed: [], notes: [] };
  // The zones the file speaks for: each $ORIGIN and each SOA owner.
  const apexes = new Set<string>();
  for (const section of sections(text, origin)) {
    if (section.origin !== '') apexes.add(section.origin);
    let zone: ReturnType<typeof zonefile.parse>;
    try {
      zone = zonefile.parse(section.text);
    } catch (err) {
      throw new ZoneError(`cannot parse it: ${(err as Error).message}`);
    }
    const name = (n: string) => {
      if (section.origin === '' && n !== '.' && !n.endsWith('.') && !isIpLiteral(n)) {
        throw new ZoneError(`the relative name ${n} needs an origin: give --origin, or start the file with $ORIGIN`);
      }
      return absolute(n, section.origin);
    };
    if (zone.soa !== undefined) apexes.add(name(zone.soa.name));
    for (const r of zone.mx ?? []) {
      const owner = name(r.name);
      let host = r.host === '.' ? '.' : name(r.host);
      if (r.host !== '.' && !r.host.endsWith('.') && isIpLiteral(r.host)) {
        facts.notes.push(`MX of ${owner}: ${r.host} is written without a trailing dot, so resolvers read it as the name ${host}`);
      }
      if (r.host === '.') host = '.';
      (entryOf(facts.records, owner).mx ??= []).push({ preference: Number(r.preference), host });
      if (!facts.domains.includes(owner)) facts.domains.push(owner);
    }
    for (const r of zone.cname ?? []) entryOf(facts.records, name(r.name)).cname = name(r.alias);
    for (const r of zone.a ?? []) (entryOf(facts.records, name(r.name)).a ??= []).push(r.ip.toLowerCase());
    for (const r of zone.aaaa ?? []) (entryOf(facts.records, name(r.name)).aaaa ??= []).push(r.ip.toLowerCase());
  }
  // The domains asked about, else every owner with MX records; a name outside every zone of the
  // file is one the file cannot speak for.
  if (options.domains !== undefined && options.domains.length > 0) facts.domains = [...new Set(options.domains.map(canonical))];
  const zones = new Set([...apexes, ...(origin === '' ? [] : [origin])]);
  const inZone = (n: string) => [...zones].some((z) => n === z || n.endsWith(`.${z}`)) || facts.records[n] !== undefined;
  for (const entry of Object.values(facts.records)) {
    for (const r of entry.mx ?? []) {
      if (r.host !== '.' && !isIpLiteral(r.host) && !inZone(r.host) && !facts.assumed.includes(r.host)) facts.assumed.push(r.host);
    }
  }
  return facts;
}
