/**
 * The YAML side of loading: parsing with source positions kept, and finding where a path into
 * the document was written, so every error and every report can point at a line and column.
 */
import { Composer, isAlias, isMap, isPair, isScalar, isSeq, Lexer, LineCounter, Parser, YAMLParseError, type Document, type Node } from 'yaml';
import { checkpoint, type LoadOptions } from './budget.js';
import type { SourcePos } from './types.js';

export type Path = readonly (string | number)[];

export interface Source {
  doc: Document.Parsed;
  lines: LineCounter;
}

/** Anchors may be reused this many times before the file counts as an alias bomb. */
export const MAX_ALIAS_COUNT = 100;

/** Lexemes between two looks at the budget: about 5 ms of lexing. */
const TOKENS_PER_CHECK = 4096;

export function parseSource(text: string, budget?: LoadOptions): Source {
  const lines = new LineCounter();
  // prettyErrors off: it builds code frames with regular expressions that exhaust memory on
  // deeply nested input, and our messages carry their own positions.
  // logLevel 'error': the library must not print warnings from inside a model.
  // uniqueKeys off: it is quadratic in the keys of a mapping; keys.ts finds duplicates instead.
  // Old Mac line endings (CR alone) are line endings to a reader; YAML reads a CR-only file as
  // one long line and reports a flood of errors on it. CRLF stays as it is (YAML handles it).
  if (text.includes('\r') && !text.includes('\n')) text = text.replace(/\r/g, '\n');
  const options = { prettyErrors: false, uniqueKeys: false, logLevel: 'error' } as const;
  // yaml's parseDocument, step by step (its documented lexer → parser → composer pipeline), so the
  // budget is asked while lexing and parsing, which is most of the time a large file takes.
  const parser = new Parser(lines.addNewLine);
  const composer = new Composer(options);
  function* tokens() {
    lines.addNewLine(0);
    let n = 0;
    for (const lexeme of new Lexer().lex(text, false)) {
      if (++n % TOKENS_PER_CHECK === 0) checkpoint(budget, 'parsing');
      yield* parser.next(lexeme);
    }
    yield* parser.end();
  }
  let doc: Document.Parsed | null = null;
  for (const next of composer.compose(tokens(), true, text.length)) {
    if (doc === null) doc = next;
    else {
      // As parseDocument says it: one document per file.
      doc.errors.push(new YAMLParseError(next.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  checkpoint(budget, 'parsing');
  return { doc: doc!, lines };
}

export function posAt(src: Source, offset: number): SourcePos {
  return src.lines.linePos(offset);
}

/** A mapping key as the JS value holds it: scalars by their string form, `~` as ''. */
export function keyString(key: unknown): string | null {
  if (!isScalar(key)) return null;
  return key.value === null || key.value === undefined ? '' : String(key.value);
}

function start(node: unknown): number | null {
  const range = (node as Node | null)?.range;
  return range ? range[0] : null;
}

/**
 * Where a map entry stands: at its value when the value is written on the key's line (a scalar
 * or a flow collection: the precise column), else at its key (a block collection below it).
 */
export function entryOffset(src: Source, key: unknown, value: unknown): number | null {
  const k = start(key);
  const range = (value as Node | null)?.range;
  if (k === null) return range ? range[0] : null;
  if (!range || range[0] === range[1]) return k; // empty value: `route:` with nothing after it
  return src.lines.linePos(range[0]).line === src.lines.linePos(k).line ? range[0] : k;
}

/** Follows an alias to its anchor, so paths through `*name` still find where things are. */
function deref(src: Source, node: unknown): unknown {
  return isAlias(node) ? node.resolve(src.doc) : node;
}

function findPair(map: { items: unknown[] }, seg: string | number) {
  for (const pair of map.items) {
    if (isPair(pair) && keyString(pair.key) === String(seg)) return pair;
  }
  return undefined;
}

/**
 * The position of `path` in the file; when part of it is missing (a required field), the
 * position of the deepest part that exists, so the error points at the entry lacking it.
 * With `atKey`, a final map entry is located at its key (for unknown fields).
 */
export function locate(src: Source, path: Path, atKey = false): SourcePos {
  let node: unknown = src.doc.contents;
  let offset = start(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i] as string | number;
    node = deref(src, node);
    if (isMap(node)) {
      const pair = findPair(node, seg);
      if (!pair) break;
      const last = i === path.length - 1;
      offset = (last && atKey ? start(pair.key) : entryOffset(src, pair.key, pair.value)) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && Number.isInteger(Number(seg))) {
      const item = node.items[Number(seg)];
      if (item === undefined) break;
      offset = start(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return posAt(src, offset);
}

/** The node at `path` (through aliases), or undefined where the document has none. */
export function nodeAt(src: Source, path: Path): unknown {
  let node: unknown = src.doc.contents;
  for (const seg of path) {
    node = deref(src, node);
    if (isMap(node)) node = findPair(node, seg)?.value;
    else if (isSeq(node)) node = node.items[Number(seg)];
    else return undefined;
  }
  return deref(src, node);
}

/** The keys of the mapping at `path` in file order (JS objects put integer-like keys first). */
export function keysInOrder(src: Source, path: Path): string[] {
  const node = nodeAt(src, path);
  if (!isMap(node)) return [];
  return node.items.map((pair) => keyString(pair.key)).filter((k): k is string => k !== null);
}
