/**
 * How large a map mxproof draws. Graphviz's layout grows with the graph, faster past a few
 * thousand nodes: on two busy cores, domains of 5 MX records each took 2.5 s to lay out as SVG at
 * 200 domains (1 202 nodes, 1 001 edges), 3 s at 400, 5.3 s at 600 and 10 to 21 s at 1 000
 * (6 002 nodes, 5 001 edges), and no one reads such a map. So past
 * MAX_LAID_OUT nodes and edges together, `diagram --format svg` refuses (the DOT and Mermaid text
 * are still printed: writing them is linear) and the docs pages say the map is too large instead
 * of drawing it. Mermaid has a limit of its own: past 50 000 characters of source it draws an
 * error (GitHub's renderer included), so a Markdown page leaves such a map out too.
 */

/** Nodes and edges together past which a map is not laid out: about 3 s of Graphviz on two busy cores. */
export const MAX_LAID_OUT = 4_000;

/** Mermaid's default `maxTextSize`: a longer diagram source is drawn as an error. */
export const MERMAID_MAX_TEXT = 50_000;

const count = new Intl.NumberFormat('en-US');

/** Why a map of this size is not laid out, or null when it is drawn. */
export function tooLargeToLayOut(graph: { nodes: readonly unknown[]; edges: readonly unknown[] }): string | null {
  const size = graph.nodes.length + graph.edges.length;
  if (size <= MAX_LAID_OUT) return null;
  return `the map has ${count.format(graph.nodes.length)} nodes and ${count.format(graph.edges.length)} edges, more than mxproof lays out (${count.format(MAX_LAID_OUT)} together)`;
}

/** Why a Mermaid source this long is not put on a page, or null when it is. */
export function tooLongForMermaid(source: string): string | null {
  if (source.length <= MERMAID_MAX_TEXT) return null;
  return `the map is ${count.format(source.length)} characters of Mermaid, more than Mermaid draws (${count.format(MERMAID_MAX_TEXT)})`;
}

/** Where a map left out of a Markdown page can be seen instead. */
export function largeMapElsewhere(graph: { nodes: readonly unknown[]; edges: readonly unknown[] }): string {
  const tooLarge = tooLargeToLayOut(graph);
  if (tooLarge === null) return 'diagrams.html draws it with Graphviz.';
  return `Nor is it drawn in diagrams.html: ${tooLarge}; mxproof diagram FILE --kind topology --format dot prints it for a layout of your own.`;
}
