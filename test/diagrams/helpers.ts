/** Shared by the diagram suites: checked examples, one Graphviz instance, and Mermaid's entity decoding. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadTopology } from '../../models/topology/load.js';
import type { Topology } from '../../models/topology/types.js';
import { checkTopology } from '../../properties/check.js';
import type { CheckResult } from '../../properties/result.js';
import type { DocsInput } from '../../src/docs/site.js';
import { SvgRenderer } from '../../src/report/svg.js';
import { exampleFiles } from '../helpers.js';

let renderer: Promise<SvgRenderer> | undefined;

/** One WebAssembly Graphviz per test file. */
export function svgRenderer(): Promise<SvgRenderer> {
  return (renderer ??= SvgRenderer.create());
}

/** Loads a file as the CLI would be given it from the repository root: `examples/x.yaml`. */
export function loadAs(path: string, name: string): Topology {
  const loaded = loadTopology(readFileSync(path, 'utf8'), name);
  if (!loaded.ok) throw new Error(`${name} does not load: ${JSON.stringify(loaded.errors)}`);
  return loaded.topology;
}

export interface Checked {
  name: string;
  topology: Topology;
  result: CheckResult;
}

export function checkedExamples(): Checked[] {
  return exampleFiles().map((path) => {
    const topology = loadAs(path, `examples/${basename(path)}`);
    return { name: basename(path), topology, result: checkTopology(topology) };
  });
}

export function checkedExample(name: string): Checked {
  const found = checkedExamples().find((c) => c.name === name);
  if (found === undefined) throw new Error(`no example ${name}`);
  return found;
}

/** The docs inputs for the bundled examples, exactly as `npm run docs` passes them. */
export function exampleInputs(): DocsInput[] {
  return exampleFiles().map((path) => {
    const file = `examples/${basename(path)}`;
    return { file, text: readFileSync(path, 'utf8'), topology: loadAs(path, file), sourceLink: `../../${file}` };
  });
}

/** Mermaid entity codes (`#35;`, `#quot;`) back to characters, as Mermaid decodes them after parsing. */
export function decodeMermaid(text: string): string {
  const named: Record<string, string> = { quot: '"', lt: '<', gt: '>', amp: '&', nbsp: '\u00a0' };
  return text.replace(/#(\d+|[a-z]+);/g, (m, code: string) => (/^\d+$/.test(code) ? String.fromCodePoint(Number(code)) : (named[code] ?? m)));
}

/** The text of an SVG's <text> elements, XML entities decoded, one string. */
export function svgText(svg: string): string {
  const texts = [...svg.matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)].map((m) => m[1]!);
  return texts.map(decodeXml).join('\n');
}

export function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[e.toLowerCase()]!;
  });
}
