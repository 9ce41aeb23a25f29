/**
 * Where a check result's JSON pointer stands in the topology file. Results name hosts and domains
 * as the model knows them (lower case, no trailing dot) while `Topology.positions` is keyed by the
 * file's own spelling, and a pointer may name a field the file left to a preset (`verify` of a
 * relay). So the pointer is walked from the root: each segment is matched exactly, else against
 * the normalized spelling of the keys written at that level; where nothing matches, the deepest
 * part found is the answer. Positions come from the YAML parser, never from searching the text.
 */
import { normalizeName } from './parse.js';
import type { SourcePos } from './types.js';

export interface Located extends SourcePos {
  /** The pointer that was found, spelled as in the file (a prefix of the one asked for, or all of it). */
  pointer: string;
}

const escape = (seg: string) => seg.replace(/~/g, '~0').replace(/\//g, '~1');
const unescape = (seg: string) => seg.replace(/~1/g, '/').replace(/~0/g, '~');

export function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.split('/').slice(1).map(unescape);
}

/** Keys written under each pointer, in file order; built once per positions map. */
const childrenCache = new WeakMap<Record<string, SourcePos>, Map<string, string[]>>();

function childrenOf(positions: Record<string, SourcePos>): Map<string, string[]> {
  let children = childrenCache.get(positions);
  if (children !== undefined) return children;
  children = new Map();
  for (const key of Object.keys(positions)) {
    if (key === '') continue;
    const cut = key.lastIndexOf('/');
    const parent = key.slice(0, cut);
    const list = children.get(parent) ?? [];
    list.push(unescape(key.slice(cut + 1)));
    children.set(parent, list);
  }
  childrenCache.set(positions, children);
  return children;
}

/** The position of `pointer`, or of its deepest ancestor the file has; line 1 column 1 for an empty file. */
export function locate(positions: Record<string, SourcePos>, pointer: string): Located {
  const children = childrenOf(positions);
  let found = '';
  for (const seg of pointerSegments(pointer)) {
    const exact = `${found}/${escape(seg)}`;
    if (positions[exact] !== undefined) {
      found = exact;
      continue;
    }
    const spelled = children.get(found)?.find((key) => normalizeName(key) === seg);
    if (spelled === undefined) break;
    found = `${found}/${escape(spelled)}`;
  }
  const at = positions[found] ?? { line: 1, col: 1 };
  return { pointer: found, line: at.line, col: at.col };
}
