/** A JSON pointer (RFC 6901) into the topology file, as `Topology.positions` keys them. */
export function pointer(...parts: (string | number)[]): string {
  return parts.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
