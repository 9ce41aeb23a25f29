/** A file's text, or '' when it does not exist (yet): logs and spools are read while they grow. */
import { readFileSync } from 'node:fs';

export function readIf(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
