/**
 * The benchmark's cases, named once: bench.ts measures them in its sections, against.ts measures
 * the same ones on two builds side by side.
 */
import type { FamilySize } from './family.js';

/** From about a thousand states to past eight million. */
export const LADDER: FamilySize[] = [
  { hosts: 4, domains: 1, messages: 1, transient: 3 },
  { hosts: 6, domains: 2, messages: 2, transient: 3 },
  { hosts: 6, domains: 3, messages: 3, transient: 3 },
  { hosts: 6, domains: 2, messages: 3, transient: 3 },
  { hosts: 7, domains: 2, messages: 3, transient: 3 },
  { hosts: 6, domains: 2, messages: 3, transient: 4 },
];

/** One dimension at a time from a base of 15 552 states. */
export const BASE: FamilySize = { hosts: 6, domains: 2, messages: 2, transient: 3 };
export const DRIVERS: [keyof FamilySize, number[]][] = [
  ['messages', [1, 2, 3]],
  ['transient', [0, 1, 2, 3, 4, 5]],
  ['hosts', [4, 6, 8, 10, 12]],
  ['domains', [1, 2, 3]],
];

/** Messages sharing two transient hosts (M = 1 … 8), and the migration: each a worker's dims and a label. */
export const SHARED_CASES: [string, string[]][] = [
  ...Array.from({ length: 8 }, (_, i): [string, string[]] => [`one domain, two transient hosts, M = ${i + 1}`, ['shared', String(i + 1)]]),
  ['migration: 3 hosts, 3 messages, one transient', ['migration']],
];

export const PROVIDER_SIZES = [1, 2, 3, 10, 100, 300, 1_000, 3_000, 10_000];
export const CHAIN_SIZES = [10, 26, 50, 100, 200];

/** The worker's dims of a family size. */
export const familyDims = (size: FamilySize): string[] => [size.hosts, size.domains, size.messages, size.transient].map(String);
