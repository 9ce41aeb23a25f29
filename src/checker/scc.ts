/**
 * Strongly connected components of a graph in CSR form (`targets[offsets[v] .. offsets[v + 1])` are
 * the successors of `v`), by Tarjan's algorithm run with an explicit call stack: explored graphs are
 * routinely a million states deep, far past what JavaScript recursion survives.
 */

export interface Components {
  /** Number of components. */
  count: number;
  /**
   * Component of each node. Components are numbered in the order Tarjan completes them, which is a
   * reverse topological order of the condensation: an edge between components goes from a higher
   * number to a lower one.
   */
  componentOf: Int32Array;
}

export function stronglyConnectedComponents(offsets: Int32Array, targets: Int32Array): Components {
  const n = offsets.length - 1;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const componentOf = new Int32Array(n).fill(-1);
  // Tarjan's node stack. A node is on it exactly when it has an index but no component yet, so no
  // separate on-stack flag is kept.
  const stack = new Int32Array(n);
  let stackTop = 0;
  // The explicit call stack: the node of each frame and the next edge it has yet to look at.
  const frameNode = new Int32Array(n);
  const frameEdge = new Int32Array(n);
  let frames = 0;
  let nextIndex = 0;
  let count = 0;

  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    index[root] = low[root] = nextIndex++;
    stack[stackTop++] = root;
    frameNode[0] = root;
    frameEdge[0] = offsets[root]!;
    frames = 1;

    while (frames > 0) {
      const v = frameNode[frames - 1]!;
      const end = offsets[v + 1]!;
      let e = frameEdge[frames - 1]!;
      let descended = false;
      while (e < end) {
        const w = targets[e++]!;
        if (index[w] === -1) {
          frameEdge[frames - 1] = e;
          index[w] = low[w] = nextIndex++;
          stack[stackTop++] = w;
          frameNode[frames] = w;
          frameEdge[frames] = offsets[w]!;
          frames++;
          descended = true;
          break;
        }
        if (componentOf[w] === -1 && index[w]! < low[v]!) low[v] = index[w]!;
      }
      if (descended) continue;

      // Every edge of v is done: v roots a component or hands its low link to its caller.
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack[--stackTop]!;
          componentOf[w] = count;
        } while (w !== v);
        count++;
      }
      frames--;
      if (frames > 0) {
        const caller = frameNode[frames - 1]!;
        if (low[v]! < low[caller]!) low[caller] = low[v]!;
      }
    }
  }
  return { count, componentOf };
}

/**
 * Marks the bottom components: those no edge leaves. A node with no successors is a component of
 * its own with nothing leaving it, so a deadlock is a bottom component too.
 */
export function bottomComponents(offsets: Int32Array, targets: Int32Array, components: Components): Uint8Array {
  const { count, componentOf } = components;
  const bottom = new Uint8Array(count).fill(1);
  const n = offsets.length - 1;
  for (let v = 0; v < n; v++) {
    const c = componentOf[v]!;
    if (bottom[c] === 0) continue;
    const end = offsets[v + 1]!;
    for (let e = offsets[v]!; e < end; e++) {
      if (componentOf[targets[e]!] !== c) {
        bottom[c] = 0;
        break;
      }
    }
  }
  return bottom;
}
