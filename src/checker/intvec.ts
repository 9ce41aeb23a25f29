/**
 * A growable vector of 32-bit integers. Per-state and per-edge bookkeeping lives here rather than in
 * plain arrays: four bytes a slot, no boxing, and doubling keeps pushes amortised O(1) on runs of
 * millions of states.
 */
export class IntVec {
  private data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(Math.max(capacity, 16));
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  get(i: number): number {
    return this.data[i]!;
  }

  /** The filled part, sharing memory with the vector (no copy). */
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}
