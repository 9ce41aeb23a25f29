/**
 * Symmetric hosts, folded for safety properties (ExploreOptions.symmetry). Two hosts are
 * symmetric when swapping them everywhere — who holds a message, whom it passed, which next-hop
 * candidates it tried, which transient host is down — maps the mail system onto itself: a pair of
 * identical backup MX at the same preference, say. The engine then stores one state per orbit (its
 * least packed form) instead of every state, which a breadth-first search may do for safety
 * properties without changing any verdict or the length of any shortest counterexample: an
 * automorphism that fixes the initial state preserves reachability, depth and transition labels.
 *
 * Soundness is checked, not argued. Candidate pairs are hosts configured alike (everything but
 * the name, and the same fault); a pair is kept only when the swap, applied to every local state
 * of every recipient's table (localSpace.ts), lands on a local state of that table with the same
 * flags and the same steps — each step's transient host, next states and labels swapped alike —
 * and fixes every message's initial state. Those tables are everything the composed system
 * reads, so a swap that passes is an automorphism of the whole state graph; anything routing,
 * DNS, CNAMEs, routes or verification make asymmetric fails the check and is simply not folded.
 * Swaps that pass generate the group: the full symmetric group of each class of such hosts.
 */
import { nextHopOf } from '../machines/env.js';
import type { NextHop } from '../routing/nextHop.js';
import { has, including, isEmpty, NONE, type TriedSet } from '../routing/triedSet.js';
import type { LocalSpace } from './localSpace.js';
import type { MailWorld } from './world.js';
import type { FaultReads } from './independence.js';
import type { MessageState } from './types.js';

/**
 * The largest group folded. Canonicalising a new state costs one packed image per element, while
 * storing it costs about half a microsecond: past ~24 elements (four alike hosts) folding more
 * saves memory but costs time (the family's five alike backups, h8 d1 m2 t3: 120 elements 1.2 s,
 * 24 elements 0.57 s, none 0.53 s; stored states 164 K, 295 K, 914 K). A larger class is folded
 * on four of its hosts.
 */
export const MAX_GROUP_ORDER = 24;

/**
 * Verifying a swap visits every local state of every table; past this many visits (times the
 * tables' size, plus a floor) detection gives up and keeps the swaps verified so far, so that it
 * never costs more than a few explorations of the tables (issue 13: on a chain of 50 hosts it was
 * half of a safety check, refuting swaps one by one). A subgroup of automorphisms is as sound.
 */
const VERIFY_BUDGET = 4;
const VERIFY_FLOOR = 20_000;

/** The packed layout the group acts on (packed.ts owns it). */
export interface SymmetryLayout {
  width: number;
  /** Per message: its recipient's table, and where its field sits. */
  spaces: readonly LocalSpace[];
  msgWord: Int32Array;
  msgShift: Int32Array;
  msgMask: Int32Array;
  /** Per transient bit: where it sits. */
  bitWord: Int32Array;
  bitShift: Int32Array;
  initialIds: readonly number[];
  baseDown: readonly boolean[];
  /** Bit of each host index that is a transient fault, -1 for the others. */
  transientBit: readonly number[];
  /** The transient faults each message (a part: packed.ts) may connect to. */
  reads: FaultReads;
}

/** One group element: where it sends each host, each transient bit and each local state of each table. */
interface Element {
  hosts: Int32Array;
  bits: Int32Array;
  locals: Map<LocalSpace, Int32Array>;
}

export class MailSymmetry {
  /** The number of elements, the identity included. */
  readonly order: number;
  /** The host classes folded, as host indices. */
  readonly classes: readonly (readonly number[])[];
  /** Per part, a message (index), and for the whole model (last): the elements acting within it, identity first, as flat tables. */
  private readonly byPart: { maps: Int32Array[]; bits: Int32Array[] }[];
  /** Where each message's map starts in an element's flat table. */
  private readonly offset: Int32Array;
  private readonly locals: Int32Array;
  private readonly downBits: Int32Array;
  private readonly image: Int32Array;
  private readonly best: Int32Array;

  constructor(
    private readonly layout: SymmetryLayout,
    classes: number[][],
    elements: Element[],
  ) {
    this.classes = classes;
    this.order = elements.length;
    const { reads, spaces } = layout;
    this.offset = new Int32Array(spaces.length);
    let total = 0;
    spaces.forEach((space, i) => {
      this.offset[i] = total;
      total += space.size;
    });
    // One flat table per element: every message's local-state map, end to end, so the hot loop
    // reads typed arrays only.
    const flat = (e: Element): Int32Array => {
      const table = new Int32Array(total);
      spaces.forEach((space, i) => table.set(e.locals.get(space)!, this.offset[i]!));
      return table;
    };
    const tables = new Map(elements.map((e) => [e, flat(e)]));
    const of = (list: Element[]) => ({ maps: list.map((e) => tables.get(e)!), bits: list.map((e) => e.bits) });
    // A message's run flips the faults it reads: an element acts within it when it keeps those
    // among themselves, and fixes each one another message reads too (the product counts the
    // states of a run per value of those: product.ts), so that no orbit mixes them.
    const own = (p: number, b: number) => reads.ofMessage[p]!.includes(b) && reads.readers[b] === 1;
    this.byPart = reads.ofMessage.map((bits, p) =>
      of(elements.filter((e) => bits.every((b) => (reads.readers[b]! > 1 ? e.bits[b] === b : own(p, e.bits[b]!))))),
    );
    this.byPart.push(of(elements));
    this.locals = new Int32Array(spaces.length);
    this.downBits = new Int32Array(layout.bitWord.length);
    this.image = new Int32Array(layout.width);
    this.best = new Int32Array(layout.width);
  }

  orderFor(part: number): number {
    return this.elementsFor(part).maps.length;
  }

  private elementsFor(part: number): { maps: Int32Array[]; bits: Int32Array[] } {
    return this.byPart[part < 0 ? this.byPart.length - 1 : part]!;
  }

  /**
   * Rewrites the state at `words[at ..]` to the least image of it under the group (acting within
   * `part`), and answers the size of its orbit.
   */
  canonicalize(words: Int32Array, at: number, part: number): number {
    const { maps, bits } = this.elementsFor(part);
    const { msgWord, msgShift, msgMask, bitWord, bitShift, width } = this.layout;
    const { best, image, locals, downBits, offset } = this;
    const messages = locals.length;
    for (let i = 0; i < messages; i++) locals[i] = offset[i]! + ((words[at + msgWord[i]!]! >>> msgShift[i]!) & msgMask[i]!);
    let down = 0;
    for (let b = 0; b < bitWord.length; b++) if (((words[at + bitWord[b]!]! >>> bitShift[b]!) & 1) === 1) downBits[down++] = b;
    for (let w = 0; w < width; w++) best[w] = words[at + w]!;
    // Elements that fix the state itself make up its stabilizer: the orbit is |G| / |stabilizer|.
    let stabilizer = 1;
    for (let g = 1; g < maps.length; g++) {
      const map = maps[g]!;
      const perm = bits[g]!;
      image.fill(0);
      for (let i = 0; i < messages; i++) image[msgWord[i]!] = image[msgWord[i]!]! | (map[locals[i]!]! << msgShift[i]!);
      for (let j = 0; j < down; j++) {
        const c = perm[downBits[j]!]!;
        image[bitWord[c]!] = image[bitWord[c]!]! | (1 << bitShift[c]!);
      }
      if (equalWords(image, words, at, width)) stabilizer++;
      else if (lessThan(image, best, width)) best.set(image);
    }
    for (let w = 0; w < width; w++) words[at + w] = best[w]!;
    return maps.length / stabilizer;
  }
}

function lessThan(a: Int32Array, b: Int32Array, width: number): boolean {
  for (let w = 0; w < width; w++) if (a[w] !== b[w]) return a[w]! < b[w]!;
  return false;
}

function equalWords(a: Int32Array, b: Int32Array, at: number, width: number): boolean {
  for (let w = 0; w < width; w++) if (a[w] !== b[at + w]) return false;
  return true;
}

/**
 * The symmetry group of the mail system, or null when no two hosts are interchangeable. Needs
 * every recipient's table enumerated (`complete`): a swap is verified on all of it.
 */
export function findSymmetry(system: MailWorld, layout: SymmetryLayout, work: { visited: number; budget: number } = { visited: 0, budget: 0 }): MailSymmetry | null {
  const { topology } = system;
  const hostCount = topology.hosts.length;
  if (hostCount < 2) return null;
  const spaceRcpt = new Map<LocalSpace, string>();
  layout.spaces.forEach((space, i) => spaceRcpt.set(space, topology.messages[i]!.to));

  // Hosts configured alike: everything but the name, the same fault, and named by the same path
  // properties (a waypoint over one twin tells it from the other, though the tables do not).
  // A host no message can reach and without a fault appears in no state: swapping it folds
  // nothing, so it is no candidate (the chain had four such relays, verified for nothing).
  const reached = new Set(layout.reads.hosts.flat());
  const bySignature = new Map<string, number[]>();
  topology.hosts.forEach((host, h) => {
    if (!reached.has(h) && layout.transientBit[h]! < 0) return;
    const { name: _name, ...config } = host;
    const namedBy = topology.properties.filter((p) => p.hosts.includes(host.name)).map((p) => p.id);
    const key = JSON.stringify([config, topology.network.faults[host.name] ?? null, namedBy]);
    const list = bySignature.get(key);
    if (list === undefined) bySignature.set(key, [h]);
    else list.push(h);
  });

  const verifier = new SwapVerifier(system, layout, spaceRcpt);
  const tableSize = [...spaceRcpt.keys()].reduce((sum, space) => sum + space.size, 0);
  // A budget set beforehand stands (tests set a small one).
  const budget = work.budget > 0 ? work.budget : VERIFY_FLOOR + VERIFY_BUDGET * tableSize;
  work.budget = budget;
  // Within each alike class, subclasses of hosts whose swap with the subclass's first host
  // verifies: such transpositions generate the full symmetric group of the subclass. A host joins
  // the first subclass it swaps with, else starts its own, so an odd host (another MX preference,
  // a route naming it) does not keep the others from folding.
  const classes: { hosts: number[]; swaps: Element[] }[] = [];
  for (const alike of bySignature.values()) {
    if (alike.length < 2) continue;
    const subclasses: { hosts: number[]; swaps: Element[] }[] = [];
    for (const h of alike) {
      let joined = false;
      for (const sub of subclasses) {
        if (verifier.visited > budget) break;
        const swap = verifier.verify(sub.hosts[0]!, h);
        if (swap === null) continue;
        sub.hosts.push(h);
        sub.swaps.push(swap);
        joined = true;
        break;
      }
      if (!joined) subclasses.push({ hosts: [h], swaps: [] });
    }
    classes.push(...subclasses.filter((sub) => sub.hosts.length > 1));
  }
  work.visited = verifier.visited;
  if (classes.length === 0) return null;

  // Keep the group small enough to canonicalise against: smallest classes first, and of a class
  // too large for what is left, as many hosts as fit (a subgroup of automorphisms is as sound).
  classes.sort((a, b) => a.hosts.length - b.hosts.length);
  const kept: typeof classes = [];
  let order = 1;
  for (const c of classes) {
    let size = c.hosts.length;
    while (size > 1 && order * factorial(size) > MAX_GROUP_ORDER) size--;
    if (size < 2) continue;
    order *= factorial(size);
    kept.push({ hosts: c.hosts.slice(0, size), swaps: c.swaps.slice(0, size - 1) });
  }
  if (kept.length === 0) return null;

  const elements = closure(verifier.identity(), kept.flatMap((c) => c.swaps));
  return new MailSymmetry(layout, kept.map((c) => c.hosts), elements);
}

function factorial(n: number): number {
  return n <= 1 ? 1 : n * factorial(n - 1);
}

/** Every product of the generators, identity first (breadth-first, so deterministic). */
function closure(identity: Element, generators: readonly Element[]): Element[] {
  const seen = new Set<string>([identity.hosts.join(',')]);
  const elements = [identity];
  for (let i = 0; i < elements.length; i++) {
    for (const g of generators) {
      const e = compose(g, elements[i]!);
      const key = e.hosts.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      elements.push(e);
    }
  }
  return elements;
}

/** g after e. */
function compose(g: Element, e: Element): Element {
  const locals = new Map<LocalSpace, Int32Array>();
  for (const [space, map] of e.locals) {
    const gm = g.locals.get(space)!;
    locals.set(space, map.map((id) => gm[id]!));
  }
  return { hosts: e.hosts.map((h) => g.hosts[h]!), bits: e.bits.map((b) => g.bits[b]!), locals };
}

/** Checks a swap of two hosts against every table, and builds its element when it is an automorphism. */
class SwapVerifier {
  private readonly hostOf = new Map<string, number>();
  private readonly spaces: LocalSpace[];

  constructor(
    private readonly system: MailWorld,
    private readonly layout: SymmetryLayout,
    private readonly spaceRcpt: Map<LocalSpace, string>,
  ) {
    system.topology.hosts.forEach((h, i) => this.hostOf.set(h.name, i));
    this.spaces = [...spaceRcpt.keys()];
  }

  identity(): Element {
    const n = this.system.names.length;
    const locals = new Map(this.spaces.map((s) => [s, Int32Array.from({ length: s.size }, (_, i) => i)]));
    return { hosts: Int32Array.from({ length: n }, (_, i) => i), bits: Int32Array.from(this.system.transient, (_, b) => b), locals };
  }

  /** Local states visited by verifications so far (findSymmetry's budget). */
  visited = 0;

  verify(a: number, b: number): Element | null {
    const { layout, system } = this;
    const hosts = Int32Array.from({ length: system.names.length }, (_, i) => (i === a ? b : i === b ? a : i));
    if (layout.baseDown[a] !== layout.baseDown[b]) return null;
    const bits = Int32Array.from(system.transient, (host) => layout.transientBit[hosts[host]!]!);
    if (bits.some((bit) => bit < 0)) return null;
    const locals = new Map<LocalSpace, Int32Array>();
    for (const space of this.spaces) {
      const map = this.mapSpace(space, hosts);
      if (map === null || !this.commutes(space, map, bits)) return null;
      locals.set(space, map);
    }
    const fixesInitial = layout.initialIds.every((id, i) => locals.get(layout.spaces[i]!)![id] === id);
    return fixesInitial ? { hosts, bits, locals } : null;
  }

  /** Where the swap sends each local state of `space`, or null when one has no image in it. */
  private mapSpace(space: LocalSpace, hosts: Int32Array): Int32Array | null {
    const rcpt = this.spaceRcpt.get(space)!;
    const map = new Int32Array(space.size);
    for (let id = 0; id < space.size; id++) {
      this.visited++;
      const image = this.permute(space.states[id]!, hosts, rcpt);
      const to = image === null ? -1 : space.find(image);
      if (to < 0) return null;
      map[id] = to;
    }
    return map;
  }

  /** Same flags, and the same steps up to the swap (as multisets: choices may come in another order). */
  private commutes(space: LocalSpace, map: Int32Array, bits: Int32Array): boolean {
    const { flags, start, end, dep, nextUp, nextDown, labelUp, labelDown } = space;
    const mine: number[] = [];
    const theirs: number[] = [];
    for (let id = 0; id < space.size; id++) {
      const to = map[id]!;
      if (flags[id] !== flags[to] || start[id]! < 0 || start[to]! < 0) return false;
      const n = end[id]! - start[id]!;
      if (n !== end[to]! - start[to]!) return false;
      // Each step as five integers, the swapped ones beside the image's, compared as sorted tuples.
      mine.length = 0;
      theirs.length = 0;
      for (let e = start[id]!; e < end[id]!; e++) mine.push(dep[e]! < 0 ? -1 : bits[dep[e]!]!, map[nextUp[e]!]!, map[nextDown[e]!]!, labelUp[e]!, labelDown[e]!);
      for (let e = start[to]!; e < end[to]!; e++) theirs.push(dep[e]!, nextUp[e]!, nextDown[e]!, labelUp[e]!, labelDown[e]!);
      if (n > 1) {
        sortTuples(mine, n);
        sortTuples(theirs, n);
      }
      for (let k = 0; k < 5 * n; k++) if (mine[k] !== theirs[k]) return false;
    }
    return true;
  }

  private hop(host: number, rcpt: string): NextHop {
    return nextHopOf(this.system.local.env(host), rcpt);
  }

  /** The candidates `tried` of `host` as the same candidates of `image`'s list, or null when its list does not match. */
  private tried(host: number, image: number, tried: TriedSet, hosts: Int32Array, rcpt: string): TriedSet | null {
    if (isEmpty(tried)) return NONE;
    const from = this.hop(host, rcpt);
    const to = this.hop(image, rcpt);
    if (from.kind !== 'candidates' || to.kind !== 'candidates') return null;
    const { names } = this.system;
    let out = NONE;
    for (let i = 0; i < from.candidates.length; i++) {
      if (!has(tried, i)) continue;
      const c = from.candidates[i]!;
      const h = this.hostOf.get(c.host);
      const name = h === undefined ? c.host : names[hosts[h]!]!;
      const j = to.candidates.findIndex((d) => d.host === name && d.port === c.port && d.group === c.group);
      if (j < 0) return null;
      out = including(out, j);
    }
    return out;
  }

  /** The message state with every host swapped, or null when a tried set has no image. */
  private permute(msg: MessageState, hosts: Int32Array, rcpt: string): MessageState | null {
    const holder = hosts[msg.holder]!;
    const tried = this.tried(msg.holder, holder, msg.snap.tried, hosts, rcpt);
    if (tried === null) return null;
    const frames = [];
    for (const f of msg.frames) {
      const host = hosts[f.host]!;
      const snapTried = this.tried(f.host, host, f.snap.tried, hosts, rcpt);
      const callTried = f.callAhead === null ? NONE : this.tried(f.host, host, f.callAhead.tried, hosts, rcpt);
      if (snapTried === null || callTried === null) return null;
      frames.push({ host, snap: { ...f.snap, tried: snapTried }, callAhead: f.callAhead === null ? null : { ...f.callAhead, tried: callTried } });
    }
    const image: MessageState = {
      ...msg,
      holder,
      snap: { ...msg.snap, tried },
      frames,
      visited: msg.visited.map((h) => hosts[h]!).sort((x, y) => x - y),
    };
    // What a host remembers moves with the host (memory.ts): a remembered value is a code, never a
    // host, so the swap maps whose memory it is and nothing else. Kept ascending, as messageStep does.
    if (msg.memory !== undefined) image.memory = msg.memory.map((r) => ({ host: hosts[r.host]!, value: r.value })).sort((x, y) => x.host - y.host);
    return image;
  }
}

/** Sorts the `n` 5-integer tuples laid end to end in `a`, lexicographically, in place. */
function sortTuples(a: number[], n: number): void {
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((x, y) => {
    for (let k = 0; k < 5; k++) if (a[5 * x + k] !== a[5 * y + k]) return a[5 * x + k]! - a[5 * y + k]!;
    return 0;
  });
  const copy = a.slice(0, 5 * n);
  order.forEach((from, i) => {
    for (let k = 0; k < 5; k++) a[5 * i + k] = copy[5 * from + k]!;
  });
}
