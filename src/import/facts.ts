/**
 * What an import starts from, whatever the source: the records a DNS server answered or a zone
 * file holds, by owner name, in FORMAT.md's own shape (names lower-cased, no trailing dot), and the
 * domains the user asked about. Only positive answers are records; a name that does not exist or
 * has no address simply has no entry, which is what makes an MX dangling.
 */
import type { DnsEntry } from '../../models/topology/types.js';

export interface DnsFacts {
  /** Where the records come from, for the file's header: "DNS server 127.0.0.1:53", "zone file db.example". */
  source: string;
  /** The domains whose mail routing is imported, in the order asked. */
  domains: string[];
  /** Owner name → what the source says about it. */
  records: Record<string, DnsEntry>;
  /**
   * Names the source cannot speak for (a zone file knows only its own zone): they are taken to
   * resolve, and the hosts that stand for them say so.
   */
  assumed: string[];
  /** What the source said that a reader should know: a relative MX target, a skipped record. */
  notes: string[];
}

export const MAX_CNAME_CHAIN = 8;

/** The record set of `name`, created on first use. */
export function entryOf(records: Record<string, DnsEntry>, name: string): DnsEntry {
  return (records[name] ??= {});
}

/** An MX target written as an address rather than a name (RFC 5321 §5.1 says it must be a name). */
export function isIpLiteral(name: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(name) || name.includes(':') || name.startsWith('[');
}

/** DNS names compare without case and without the root's trailing dot. */
export function canonical(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.length > 1 && lower.endsWith('.') ? lower.slice(0, -1) : lower;
}
