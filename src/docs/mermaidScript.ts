/**
 * Mermaid for the HTML page, which draws each counterexample as a sequence diagram when the page
 * opens, offline. The page needs only sequence diagrams, so this is Mermaid's "tiny" build
 * (`@mermaid-js/tiny`: no KaTeX, no Cytoscape or ELK layouts; half the size of mermaid.min.js and
 * no dependencies), written once beside the page as MERMAID_SCRIPT rather than inlined into it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export class MermaidMissingError extends Error {}

/** The script's file name beside the HTML page. */
export const MERMAID_SCRIPT = 'mermaid.tiny.js';

export function readMermaidScript(): string {
  let path: string;
  try {
    path = createRequire(import.meta.url).resolve('@mermaid-js/tiny/dist/mermaid.tiny.js');
  } catch {
    throw new MermaidMissingError('the HTML page needs the `@mermaid-js/tiny` package (dist/mermaid.tiny.js), which is not installed');
  }
  return readFileSync(path, 'utf8');
}
