/**
 * What is left to build after the schema refused some values. A file with a wrong type in one
 * host and an unknown route target in another must report both in one run, not the second only
 * once the first is fixed. The schema's issues are reported as they are; then each refused value is
 * taken out of a copy of the data (an optional field dropped, a list item removed, a host's body
 * emptied so its name stays known), the copy is validated again until it passes, and the build
 * step runs on it to find the independent errors: addresses, host references, MX records.
 *
 * The build's errors are reported at the paths of the file as written — removed list items shift
 * later indices, so paths are mapped back — and none is reported at or under a value that was taken
 * out: those would only restate the schema's error (a relay whose malformed route was dropped "needs
 * a route").
 */
import type * as z from 'zod';
import type { Path } from './source.js';
import { validate } from './validate.js';
import type { RawTopology } from './schema.js';

type Issue = z.core.$ZodIssue;

/** Rounds of "take out, validate again": each takes out at least one value; a few always suffice. */
const MAX_ROUNDS = 8;

export interface Salvaged {
  data: RawTopology;
  /** The path in the file as written of a path into `data`. */
  original(path: Path): Path;
  /** True at or under a value that was taken out: the schema's error already speaks of it. */
  muted(originalPath: Path): boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The fields of which a path property has exactly one. */
const PATH_KINDS = ['waypoint', 'avoid'];

/** Stands in for a list item taken out until the round ends, so the round's other paths still fit. */
const GONE = Object.freeze({ gone: true });

const startsWith = (path: Path, prefix: Path): boolean => prefix.length <= path.length && prefix.every((seg, i) => String(seg) === String(path[i]));

class Salvage {
  readonly data: unknown;
  /** For a list some items were removed from: the original index of each item left. */
  private readonly indices = new WeakMap<unknown[], number[]>();
  readonly removed: Path[] = [];
  /** Lists holding GONE items, compacted when the round ends. */
  private readonly holed = new Set<unknown[]>();
  /** Set when what is left cannot be built meaningfully (the whole `hosts` section is unreadable). */
  hopeless = false;

  constructor(data: unknown) {
    this.data = structuredClone(data);
  }

  original(path: Path): Path {
    const out: (string | number)[] = [];
    let node: unknown = this.data;
    for (const seg of path) {
      if (Array.isArray(node) && typeof seg === 'number') {
        out.push(this.indices.get(node)?.[seg] ?? seg);
        node = node[seg];
      } else {
        out.push(seg);
        node = isObject(node) ? node[String(seg)] : undefined;
      }
    }
    return out;
  }

  private at(path: Path): { found: boolean; value: unknown } {
    let node: unknown = this.data;
    for (const seg of path) {
      if (node === null || typeof node !== 'object' || !Object.hasOwn(node, seg)) return { found: false, value: undefined };
      node = (node as Record<string | number, unknown>)[seg];
    }
    return { found: true, value: node };
  }

  takeOut(issue: Issue): void {
    const path = issue.path as (string | number)[];
    if (issue.code === 'unrecognized_keys') {
      const holder = this.at(path).value;
      if (!isObject(holder)) return this.remove(path);
      for (const key of issue.keys) {
        this.removed.push(this.original([...path, key]));
        delete holder[key];
      }
      // A misspelt `waypoint` leaves its path property with neither: that is the same mistake.
      if (path[0] === 'properties' && path.length === 2 && !PATH_KINDS.some((k) => k in holder)) this.replaceProperty(String(path[1]));
      return;
    }
    if (issue.code === 'invalid_union') {
      // A mapping that is plainly one form of a route (`{ to: [...] }` with a bad item): take
      // out only what that form refuses, so the rest of the route is still checked.
      const meant = issue.errors.filter((branch) => branch.every((i) => this.inForm(path, i)));
      if (isObject(this.at(path).value) && meant.length === 1) {
        for (const inner of meant[0]!) this.takeOut({ ...inner, path: [...path, ...inner.path] } as Issue);
        return;
      }
    }
    this.remove(path);
  }

  /** The issue is about a value inside the branch's own fields, not about the input being of another form. */
  private inForm(base: Path, issue: Issue): boolean {
    if (issue.path.length === 0) return false;
    return issue.path.length > 1 || this.at([...base, ...(issue.path as (string | number)[])]).found;
  }

  /**
   * A path property the schema refused in part is replaced whole, by one that names no host: its id
   * stays declared, so `expect` may still name it, and the build's complaints about the stand-in
   * ("names no host", "has neither waypoint nor avoid") are not reported.
   */
  private replaceProperty(id: string): void {
    const properties = this.at(['properties']).value;
    if (!isObject(properties)) return this.remove(['properties']);
    this.removed.push(['properties', id]);
    properties[id] = { waypoint: [] };
  }

  /** Ends a round: the items taken out of lists leave them, and later items' original indices are kept. */
  compact(): void {
    for (const list of this.holed) {
      const before = this.indices.get(list) ?? list.map((_v, i) => i);
      const after = before.filter((_i, at) => list[at] !== GONE);
      const kept = list.filter((v) => v !== GONE);
      // Item by item: a spread of a long list would overflow the call stack.
      for (let i = 0; i < kept.length; i++) list[i] = kept[i];
      list.length = kept.length;
      this.indices.set(list, after);
    }
    this.holed.clear();
  }

  /** Takes the value at `path` out; where that cannot leave a valid whole, its container instead. */
  private remove(path: Path): void {
    if (path.length === 0 || (path.length === 1 && path[0] === 'hosts')) {
      this.hopeless = true;
      return;
    }
    const parentPath = path.slice(0, -1);
    const key = path[path.length - 1]!;
    const parent = this.at(parentPath).value;
    // A path property without its one `waypoint` or `avoid` would only be reported as having neither.
    if (path[0] === 'properties' && (path.length === 2 || (path.length >= 3 && PATH_KINDS.includes(String(path[2]))))) {
      return this.replaceProperty(String(path[1]));
    }
    if (path.length === 1 && key === 'properties') {
      // `expect` may name the ids it declared: without them, saying "unknown property" is noise.
      this.removed.push(['expect']);
    }
    if (path.length === 1 && key === 'version') {
      // Only one version exists: read the rest as it.
      this.removed.push(['version']);
      (parent as Record<string, unknown>).version = 1;
      return;
    }
    if (Array.isArray(parent) && typeof key === 'number' && key < parent.length) {
      if (parent[key] === GONE) return;
      this.removed.push(this.original(path));
      parent[key] = GONE;
      this.holed.add(parent);
      return;
    }
    if (!isObject(parent) || !this.at(path).found) {
      // A required field is missing (or the container is not even a mapping): the container goes.
      this.remove(parentPath);
      return;
    }
    this.removed.push(this.original(path));
    // A host keeps its name, which other parts of the file refer to; only its body goes.
    if (parentPath.length === 1 && parentPath[0] === 'hosts') parent[String(key)] = {};
    else delete parent[String(key)];
  }
}

/**
 * The data with every value the schema refused taken out, valid against the schema; null when
 * nothing meaningful is left to build (the root or the whole `hosts` section is unreadable, or the
 * issues were cut short on a huge file).
 */
export function salvage(data: unknown, issues: readonly Issue[]): Salvaged | null {
  const s = new Salvage(data);
  let pending = issues;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    for (const issue of pending) s.takeOut(issue);
    if (s.hopeless) return null;
    s.compact();
    const again = validate(s.data);
    if (again.ok) {
      const removed = s.removed;
      return {
        data: again.data,
        original: (path) => s.original(path),
        muted: (path) => removed.some((r) => startsWith(path, r)),
      };
    }
    if (again.truncated) return null;
    pending = again.issues;
  }
  return null;
}
