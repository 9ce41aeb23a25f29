/**
 * Addresses a sender would reach itself at: loopback (`127.0.0.0/8`, `::1`) and unspecified
 * (`0.0.0.0`, `::`, which connect() treats as this host). An MX that resolves to one makes every
 * sender deliver to itself, and real MTAs refuse to ("lowest numbered MX record points to local
 * host" in Exim, "mail for … loops back to myself" in Postfix), so mail for the domain never
 * leaves the sender. IPv4-mapped IPv6 forms (`::ffff:127.0.0.1`) count too.
 */
import { BlockList, isIPv4 } from 'node:net';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

const UNSPECIFIED = new BlockList();
UNSPECIFIED.addAddress('0.0.0.0', 'ipv4');
UNSPECIFIED.addAddress('::', 'ipv6');

/** `loopback`, `unspecified`, or null for an address that names some other host. */
export function selfAddressKind(ip: string): 'loopback' | 'unspecified' | null {
  const family = isIPv4(ip) ? 'ipv4' : 'ipv6';
  if (LOOPBACK.check(ip, family)) return 'loopback';
  if (UNSPECIFIED.check(ip, family)) return 'unspecified';
  return null;
}
