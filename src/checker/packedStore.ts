/**
 * The states of a packed model: their words back to back in one growable Int32Array (state `id`
 * at `id * width`), an open-addressing hash table over those words (linear probing, kept at most
 * three quarters full; each slot holds the state's hash beside its id, so a probe that meets
 * another state is told apart without reading its words — and a one-word state is its own exact
 * hash, so its lookups never read the words at all), and, as in store.ts, a parent id and
 * an action index per state so the breadth-first path to any state is rebuilt by walking back.
 * No per-state object or string: a state costs its words plus about 30 bytes.
 */
import { ParentLinks, type StatePath } from './parents.js';

const EMPTY = -1;

export class PackedStore {
  /** The words of every state, `width` per state, in id order. */
  words: Int32Array;
  size = 0;
  private table: Int32Array;
  private mask: number;
  /** Slot where the last failed `find` stopped: `insert` fills it. */
  private slot = 0;
  private readonly links = new ParentLinks(16);

  /** Hash of the state `find` last looked for. */
  private lastHash = 0;

  constructor(readonly width: number) {
    // Small to start: a product run opens one store per part, and most parts hold a handful of
    // states. Both arrays double as they fill.
    this.words = new Int32Array(Math.max(width, 1) * 16);
    // Slot s is table[2s] (hash) and table[2s + 1] (id, or EMPTY).
    this.table = new Int32Array(2 * 32).fill(EMPTY);
    this.mask = 31;
  }

  /** The id of the state at `buf[at .. at + width)`, or -1 when it is not stored. */
  find(buf: Int32Array, at: number): number {
    const { width, words, table, mask } = this;
    if (width === 1) {
      const key = buf[at]!;
      let h = mix(key) & mask;
      for (;;) {
        const id = table[2 * h + 1]!;
        if (id === EMPTY) {
          this.slot = h;
          this.lastHash = key;
          return -1;
        }
        if (table[2 * h] === key) return id;
        h = (h + 1) & mask;
      }
    }
    const full = hash(buf, at, width);
    let h = full & mask;
    for (;;) {
      const id = table[2 * h + 1]!;
      if (id === EMPTY) {
        this.slot = h;
        this.lastHash = full;
        return -1;
      }
      if (table[2 * h] === full) {
        const base = id * width;
        let i = 0;
        while (i < width && words[base + i] === buf[at + i]) i++;
        if (i === width) return id;
      }
      h = (h + 1) & mask;
    }
  }

  /** Stores the state `find` just failed to find (nothing may be stored in between); returns its id. */
  insert(buf: Int32Array, at: number, parent: number, via: number): number {
    const id = this.size++;
    const { width } = this;
    if ((id + 1) * width > this.words.length) {
      const grown = new Int32Array(this.words.length * 2);
      grown.set(this.words);
      this.words = grown;
    }
    const words = this.words;
    const base = id * width;
    for (let i = 0; i < width; i++) words[base + i] = buf[at + i]!;
    this.table[2 * this.slot] = this.lastHash;
    this.table[2 * this.slot + 1] = id;
    this.links.push(parent, via);
    if (this.size * 4 > (this.mask + 1) * 3) this.rehash();
    return id;
  }

  private rehash(): void {
    const capacity = (this.mask + 1) * 2;
    const table = new Int32Array(2 * capacity).fill(EMPTY);
    const mask = capacity - 1;
    const old = this.table;
    for (let s = 0; s < old.length; s += 2) {
      const id = old[s + 1]!;
      if (id === EMPTY) continue;
      const full = old[s]!;
      let h = (this.width === 1 ? mix(full) : full) & mask;
      while (table[2 * h + 1] !== EMPTY) h = (h + 1) & mask;
      table[2 * h] = full;
      table[2 * h + 1] = id;
    }
    this.table = table;
    this.mask = mask;
  }

  parentOf(id: number): number {
    return this.links.parentOf(id);
  }

  /** The index of the action taken from the parent or, for an initial state, its initial index. */
  viaOf(id: number): number {
    return this.links.viaOf(id);
  }

  /** The breadth-first path from an initial state to `id`. */
  pathTo(id: number): StatePath {
    return this.links.pathTo(id);
  }

  /** Bytes held for the states stored: words, hash table, parent and action index. */
  bytes(): number {
    return this.size * this.width * 4 + this.table.length * 4 + this.size * 8;
  }
}

/** MurmurHash3's finaliser: spreads one word over the table. */
function mix(key: number): number {
  let h = Math.imul(key ^ (key >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Multiply-xorshift over the words (after MurmurHash3's finaliser): cheap and well spread. */
function hash(buf: Int32Array, at: number, width: number): number {
  let h = 0x2545f491;
  for (let i = 0; i < width; i++) {
    h = Math.imul(h ^ buf[at + i]!, 0x9e3779b1);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
