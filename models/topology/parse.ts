/**
 * Parsing of the strings the format packs several things into: MX records, H[:P] hops,
 * addresses, and names. Each returns the value or a message saying what would be valid; the
 * caller attaches the position. Names are normalized here: lower case, no trailing dot.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { HostPort, MxRecord } from './types.js';
import { hasInvisible, show } from './text.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (message: string): Parsed<never> => ({ ok: false, message });

/** DNS names compare without case and without the root's trailing dot. */
export function normalizeName(name: string): string {
  const lower = name.toLowerCase();
  return lower.length > 1 && lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** Letters, digits, `-` and `_` in dot-separated labels (`_` for service names such as `_dmarc`). */
const NAME = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;

/** A host or domain name; `what` says which in the message. A leading `*.` label is a wildcard owner. */
export function parseName(raw: string, what: string, allowWildcard = false): Parsed<string> {
  const name = normalizeName(raw);
  const body = allowWildcard && name.startsWith('*.') ? name.slice(2) : name;
  if (NAME.test(body)) return ok(name);
  return fail(`${show(raw)} is not a valid ${what}: expected dot-separated labels of letters, digits, \`-\` and \`_\`, e.g. \`mx.example.com\``);
}

const MX_HELP = 'expected "PREFERENCE HOST" with PREFERENCE an integer 0..65535, e.g. "10 mx.example.com" (a null MX is exactly "0 .")';

/**
 * "PREFERENCE HOST". The host is taken as written (an IP literal or a name without address is a
 * `dns-well-formed` verdict, not a load error); only a null MX must be exactly "0 .".
 */
export function parseMx(raw: string): Parsed<MxRecord> {
  const m = /^\s*(\S+)\s+(\S+)\s*$/.exec(raw);
  if (!m) return fail(`${show(raw)} is not an MX record; ${MX_HELP}`);
  const [, pref = '', target = ''] = m;
  if (!/^\d+$/.test(pref)) return fail(`MX preference ${show(pref)} is not a number; ${MX_HELP}`);
  const preference = Number(pref);
  if (preference > 65535) return fail(`MX preference ${pref} is out of range 0..65535; ${MX_HELP}`);
  if (target === '.') {
    return preference === 0 ? ok({ preference: 0, host: '.' }) : fail(`a null MX is exactly "0 .", not ${show(raw)}`);
  }
  return ok({ preference, host: normalizeName(target) });
}

const HOP_HELP = 'expected H[:P], a host name with an optional port 1..65535 (default 25), e.g. "mail.example.com:2525"';

/** H[:P]; the port defaults to 25 (SMTP). Whether H is a known host is the caller's check. */
export function parseHostPort(raw: string): Parsed<HostPort> {
  const m = /^([^:\s]+)(?::([^:]*))?$/.exec(raw.trim());
  if (!m) return fail(`${show(raw)} is not a host and port; ${HOP_HELP}`);
  const [, host = '', port] = m;
  if (port === undefined) return ok({ host: normalizeName(host), port: 25 });
  if (!/^\d+$/.test(port)) return fail(`port ${show(port)} in ${show(raw)} is not a number; ${HOP_HELP}`);
  const n = Number(port);
  if (n < 1 || n > 65535) return fail(`port ${port} in ${show(raw)} is out of range 1..65535; ${HOP_HELP}`);
  return ok({ host: normalizeName(host), port: n });
}

/**
 * local@domain. Lower-cased as a whole: local parts are compared case-insensitively, which is
 * what every mailbox server the models stand for does in practice.
 */
export function parseAddress(raw: string): Parsed<string> {
  const help = 'expected local@domain, e.g. "alice@example.com"';
  if (/[\s<>]/.test(raw)) return fail(`${show(raw)} is not an address: no spaces or angle brackets; ${help}`);
  if (hasInvisible(raw)) return fail(`${show(raw)} is not an address: it holds a control or invisible character; ${help}`);
  const parts = raw.split('@');
  if (parts.length !== 2) {
    return fail(`${show(raw)} is not an address: it has ${parts.length - 1} \`@\`, an address has exactly one; ${help}`);
  }
  const [local = '', domain = ''] = parts;
  if (local === '') return fail(`${show(raw)} is not an address: the part before \`@\` is empty; ${help}`);
  if (domain === '') return fail(`${show(raw)} is not an address: the domain after \`@\` is empty; ${help}`);
  const literal = /^\[[^\]]+\]$/.test(domain);
  if (!literal) {
    const d = parseName(domain, 'domain');
    if (!d.ok) return fail(`${show(raw)} is not an address: ${d.message}`);
    return ok(`${local.toLowerCase()}@${d.value}`);
  }
  return ok(raw.toLowerCase());
}

/** The domain of a parsed (normalized) address. */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}

export function parseIp(raw: string, family: 4 | 6): Parsed<string> {
  const good = family === 4 ? isIPv4(raw) : isIPv6(raw);
  return good ? ok(raw.toLowerCase()) : fail(`${show(raw)} is not an IPv${family} address${family === 4 ? ', e.g. "192.0.2.7"' : ', e.g. "2001:db8::7"'}`);
}
