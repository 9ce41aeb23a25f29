/**
 * Names are data, not markup. Host names, addresses and domains reach Mermaid, DOT, HTML and
 * Markdown only through these functions, each of which makes any string inert in its target:
 * nothing a topology file (or a hand-built Topology) contains can close a block, start a comment,
 * add an edge or inject an element. Control characters first become visible escapes (`\n`,
 * `\u202e`), so a name reads the same in every format and cannot reorder or break a line.
 */

import { visible } from '../../models/topology/text.js';

export { visible, visibleDeep } from '../../models/topology/text.js';

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text and attribute values in HTML (and in Graphviz HTML-like labels). */
export function escapeHtml(text: string): string {
  return visible(text).replace(/[&<>"']/g, (c) => HTML[c]!);
}

/** Preformatted text in HTML: each line escaped as above, the line breaks kept. */
export function escapeHtmlBlock(text: string): string {
  return text.split('\n').map(escapeHtml).join('\n');
}

/**
 * Mermaid text: letters, marks, digits and a few harmless punctuation marks and arrows stay; every other
 * character becomes a Mermaid entity code (`#35;` for `#`), which Mermaid decodes after parsing.
 * So no `;` ends a statement, no `#` starts an entity of ours, no `%%` a comment, no quote closes a
 * label, no `<` opens a tag, no `>` completes an arrow, and no backtick closes a Markdown fence.
 * `:` is coded too: Mermaid reads `wrap:` prefixes and `style …:…#…;` lines specially.
 */
export function mermaidText(text: string): string {
  return visible(text).replace(/[^\p{L}\p{M}\p{N} .,_@/()[\]+*!?=·→↺…—-]/gu, (c) => `#${c.codePointAt(0)};`);
}

/** Lines of Mermaid text joined by line breaks that sequence notes, messages and flowchart labels honour. */
export function mermaidLines(lines: readonly string[]): string {
  return lines.map(mermaidText).join('<br/>');
}

/**
 * A DOT double-quoted string. Backslashes are doubled (labels read `\n`, `\N`, `\G` specially),
 * quotes escaped, and `&` written as `&amp;` because Graphviz passes entities in labels through to
 * SVG: a name spelling `&lt;` must show as those four characters, not as `<`.
 */
export function dotString(text: string): string {
  return `"${visible(text).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/&/g, '&amp;')}"`;
}

/** A multi-line DOT label: each line escaped, joined by centred line breaks. */
export function dotLines(lines: readonly string[]): string {
  return `"${lines.map((l) => dotString(l).slice(1, -1)).join('\\n')}"`;
}

/** Text inside a Graphviz HTML-like label (`label=<…>`). */
export const dotHtml = escapeHtml;

/**
 * Inline Markdown (GitHub flavour): HTML metacharacters as entities, Markdown punctuation
 * backslash-escaped, and line breaks flattened, so a reason or a name renders as the text it is
 * inside a paragraph or a table cell.
 */
export function markdownInline(text: string): string {
  return visible(text)
    .replace(/[&<>]/g, (c) => HTML[c]!)
    .replace(/[\\`*_[\]{}|~$#!]/g, (c) => `\\${c}`);
}

/** A fenced code block whose fence is longer than any backtick run inside, so nothing closes it. */
export function fenced(lang: string, body: string): string {
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${body.endsWith('\n') ? body : body + '\n'}${fence}`;
}
