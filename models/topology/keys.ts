/**
 * Mapping keys the loader refuses before converting the document to plain data: duplicates
 * (a host listed twice would silently keep only its last definition), `__proto__` (a
 * JavaScript object does not keep it as data) and lists, mappings or aliases as keys (they
 * would be turned into strings nobody wrote). Duplicates are found here rather than by the
 * yaml library's `uniqueKeys`, which compares each key with every earlier one: quadratic, a
 * minute on a 5 MiB file. Keys that read the same as data (`1` and `"1"`) count as duplicates.
 */
import { isMap } from 'yaml';
import { keyString, type Path, type Source } from './source.js';
import { toPath, walk, type Link } from './walk.js';

export interface KeyProblem {
  path: Path;
  /** Where the offending key starts. */
  offset: number;
  kind: 'duplicate' | 'proto' | 'complex';
}

export function keyProblems(src: Source, max: number): KeyProblem[] {
  const found: KeyProblem[] = [];
  walk(src, ({ node, link }) => {
    if (!isMap(node) || found.length >= max) return;
    const seen = new Set<string>();
    for (const pair of node.items) {
      const key = keyString(pair.key);
      const offset = (pair.key as { range?: [number, number, number] } | null)?.range?.[0] ?? node.range?.[0] ?? 0;
      if (key === null) {
        found.push({ path: toPath(link), offset, kind: 'complex' });
        continue;
      }
      const at = (kind: KeyProblem['kind']) => {
        const child: Link = { parent: link, seg: key };
        found.push({ path: toPath(child), offset, kind });
      };
      if (key === '__proto__') at('proto');
      else if (seen.has(key)) at('duplicate');
      seen.add(key);
    }
  });
  return found.slice(0, max);
}
