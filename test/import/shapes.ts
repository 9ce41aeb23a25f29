/**
 * The DNS shapes `import dns` and `import zone` are tested on, one domain each under example.test:
 * what the records are, and whether `dns-well-formed` must flag the domain. The same shapes are
 * written by hand as a zone file (test/fixtures/import/shapes.zone), so the two imports come from
 * two independent spellings of them.
 */
import type { StageDns } from '../../src/stage/plan.js';

export interface Shape {
  domain: string;
  mx: [number, string][];
  /** Address records (IPv4 or IPv6) by name. */
  addresses: Record<string, string[]>;
  cnames: Record<string, string>;
  /** dns-well-formed must flag this domain. */
  broken: boolean;
}

const d = (label: string) => `${label}.example.test`;

export const SHAPES: Shape[] = [
  { domain: d('single'), mx: [[10, 'mail.single.example.test']], addresses: { 'mail.single.example.test': ['192.0.2.10'] }, cnames: {}, broken: false },
  {
    domain: d('backup'),
    mx: [[10, 'mail.backup.example.test'], [20, 'mx.backup.example.net']],
    addresses: { 'mail.backup.example.test': ['192.0.2.11'], 'mx.backup.example.net': ['192.0.2.12', '2001:db8::12'] },
    cnames: {},
    broken: false,
  },
  {
    domain: d('mailhop-backup'),
    mx: [[10, 'mail.mailhop-backup.example.test'], [20, 'mx2.mailhop.org']],
    addresses: { 'mail.mailhop-backup.example.test': ['192.0.2.13'], 'mx2.mailhop.org': ['192.0.2.14'] },
    cnames: {},
    broken: false,
  },
  {
    domain: d('filtered'),
    mx: [[10, 'mx1-eu1.ppe-hosted.com'], [20, 'filtered-example-test.mail.protection.outlook.com']],
    addresses: { 'mx1-eu1.ppe-hosted.com': ['192.0.2.20'], 'filtered-example-test.mail.protection.outlook.com': ['192.0.2.21'] },
    cnames: {},
    broken: false,
  },
  { domain: d('google'), mx: [[1, 'smtp.google.com']], addresses: { 'smtp.google.com': ['192.0.2.22'] }, cnames: {}, broken: false },
  {
    domain: d('relayed'),
    mx: [[10, 'mx1.mailhop.org'], [20, 'mail.relayed.example.test']],
    addresses: { 'mx1.mailhop.org': ['192.0.2.23'], 'mail.relayed.example.test': ['192.0.2.24'] },
    cnames: {},
    broken: false,
  },
  { domain: d('no-mail'), mx: [[0, '.']], addresses: {}, cnames: {}, broken: false },
  { domain: d('implicit'), mx: [], addresses: { 'implicit.example.test': ['192.0.2.25'] }, cnames: {}, broken: false },
  { domain: d('null-mixed'), mx: [[0, '.'], [10, 'mail.null-mixed.example.test']], addresses: { 'mail.null-mixed.example.test': ['192.0.2.26'] }, cnames: {}, broken: true },
  {
    domain: d('alias'),
    mx: [[10, 'mx.alias.example.test']],
    addresses: { 'real.alias.example.test': ['192.0.2.27'] },
    cnames: { 'mx.alias.example.test': 'real.alias.example.test' },
    broken: true,
  },
  { domain: d('literal'), mx: [[10, '192.0.2.28']], addresses: {}, cnames: {}, broken: true },
  { domain: d('dangling'), mx: [[10, 'mail.dangling.example.test'], [20, 'gone.dangling.example.test']], addresses: { 'mail.dangling.example.test': ['192.0.2.29'] }, cnames: {}, broken: true },
  { domain: d('loopback'), mx: [[10, 'mx.loopback.example.test']], addresses: { 'mx.loopback.example.test': ['127.0.0.1'] }, cnames: {}, broken: true },
];

/** The shapes as the records a dnsmasq serves (src/stage/dnsmasq.ts). */
export function shapesDns(shapes: readonly Shape[] = SHAPES): StageDns {
  return {
    mx: shapes.flatMap((s) => s.mx.map(([preference, host]) => ({ owner: s.domain, preference, host }))),
    a: shapes.flatMap((s) => Object.entries(s.addresses).flatMap(([name, list]) => list.map((address) => ({ name, address })))),
    cname: shapes.flatMap((s) => Object.entries(s.cnames).map(([alias, target]) => ({ alias, target }))),
  };
}
