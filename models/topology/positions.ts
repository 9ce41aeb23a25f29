/** The `positions` map of a topology: JSON pointer of every node → where it was written. */
import { posAt, type Path, type Source } from './source.js';
import type { SourcePos } from './types.js';
import { toPath, walk } from './walk.js';

/** RFC 6901: `~` → `~0`, `/` → `~1`. */
export function jsonPointer(path: Path): string {
  return path.map((seg) => '/' + String(seg).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** Keys spelled as in the file; the root is the empty pointer. */
export function buildPositions(src: Source): Record<string, SourcePos> {
  const positions: Record<string, SourcePos> = {};
  walk(src, ({ link, offset }) => {
    positions[jsonPointer(toPath(link))] = posAt(src, offset ?? 0);
  });
  return positions;
}
