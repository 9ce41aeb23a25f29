/**
 * Walks the YAML document node by node, iteratively (deep files must not overflow the stack),
 * without following aliases (an alias bomb stays as cheap as its text), in document order.
 */
import { isMap, isSeq } from 'yaml';
import { entryOffset, keyString, type Path, type Source } from './source.js';

/** A path kept as a chain of links, so a walk does not copy the path at every node. */
export interface Link {
  parent: Link | null;
  seg: string | number;
}

export function toPath(link: Link | null): Path {
  const out: (string | number)[] = [];
  for (let l = link; l !== null; l = l.parent) out.push(l.seg);
  return out.reverse();
}

export interface Visited {
  node: unknown;
  /** Where the node stands (see `entryOffset`); null when the parser gave no range. */
  offset: number | null;
  link: Link | null;
}

export function walk(src: Source, visit: (v: Visited) => void): void {
  const root = src.doc.contents;
  const stack: Visited[] = [{ node: root, link: null, offset: root?.range?.[0] ?? null }];
  while (stack.length > 0) {
    const v = stack.pop()!;
    visit(v);
    const children: Visited[] = [];
    if (isMap(v.node)) {
      for (const pair of v.node.items) {
        const key = keyString(pair.key);
        if (key === null) continue; // a collection as key: not addressable by a path
        children.push({ node: pair.value, link: { parent: v.link, seg: key }, offset: entryOffset(src, pair.key, pair.value) });
      }
    } else if (isSeq(v.node)) {
      v.node.items.forEach((item, i) => {
        const offset = (item as { range?: [number, number, number] } | null)?.range?.[0] ?? null;
        children.push({ node: item, link: { parent: v.link, seg: i }, offset });
      });
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}
