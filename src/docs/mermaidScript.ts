/**
 * mermaid.min.js, to inline in the HTML page so that it renders its Mermaid diagrams offline.
 * It comes from the installed `mermaid` package; without it the HTML page cannot be written.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export class MermaidMissingError extends Error {}

export function readMermaidScript(): string {
  let path: string;
  try {
    path = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
  } catch {
    throw new MermaidMissingError('the HTML page needs the `mermaid` package (mermaid/dist/mermaid.min.js), which is not installed');
  }
  return readFileSync(path, 'utf8');
}
