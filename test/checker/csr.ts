/** CSR arrays from an edge list over nodes 0 .. n-1. */
export function csr(n: number, edges: readonly (readonly [number, number])[]): { offsets: Int32Array; targets: Int32Array } {
  const offsets = new Int32Array(n + 1);
  for (const [from] of edges) offsets[from + 1]!++;
  for (let v = 0; v < n; v++) offsets[v + 1]! += offsets[v]!;
  const fill = offsets.slice(0, n);
  const targets = new Int32Array(edges.length);
  for (const [from, to] of edges) targets[fill[from]!++] = to;
  return { offsets, targets };
}
