/**
 * Where a host sends a recipient's mail next, as data: the types alone, in a file that imports
 * nothing, so that the topology's types (which carry the roles a config registers, whose hops
 * are NextHops) can name them without an import cycle. nextHop.ts computes them.
 */

export interface Candidate {
  host: string;
  port: number;
  group: number;
}

export type NextHop =
  | { kind: 'local' }
  | { kind: 'candidates'; candidates: Candidate[]; why: string }
  /** No usable next hop: a permanent failure, bounced with this code and enhanced status. */
  | { kind: 'fail'; code: number; status: string; why: string };
