/** What loading a topology yields, and how a load error is printed. */
import { visible } from './text.js';
import type { Topology } from './types.js';

/**
 * One problem in a topology file. `line`/`col` are 1-based. `field` is a readable path into the
 * document, spelled as in the file: `hosts["mx.postini.test"].route.to[0]`, `dns["example.com"].mx[1]`,
 * `messages[0].to`, `expect.call-ahead-bounded`; keys of name-keyed maps (dns, hosts, routes,
 * network.faults) in brackets, field names after a dot. Special values: `(file)` when the file
 * cannot be read, `(yaml)` for YAML syntax errors, `(root)` for the document as a whole.
 */
export interface LoadError {
  file: string;
  line: number;
  col: number;
  field: string;
  message: string;
}

export type LoadResult = { ok: true; topology: Topology } | { ok: false; errors: LoadError[] };

/** `file:line:col: field: message`, the shape compilers use, so editors can jump to it. */
export function formatLoadError(e: LoadError): string {
  return visible(`${e.file}:${e.line}:${e.col}: ${e.field}: ${e.message}`);
}

/** A warning in the same shape, so editors jump to it too: `file:line:col: field: warning: message`. */
export function formatWarning(w: LoadError): string {
  return visible(`${w.file}:${w.line}:${w.col}: ${w.field}: warning: ${w.message}`);
}

/** Stable order by position, so the first error is the first one in the file. */
export function byPosition(a: LoadError, b: LoadError): number {
  return a.line - b.line || a.col - b.col;
}

/** More errors than this are cut: the first ones are what the user fixes first. */
export const MAX_ERRORS = 50;
