/** YAML-level problems as load errors: syntax errors, refused keys, alias trouble. */
import { visit, type YAMLError } from 'yaml';
import { MAX_ERRORS, type LoadError } from './errors.js';
import { formatField } from './schemaWalk.js';
import type { KeyProblem } from './keys.js';
import { locate, posAt, type Source } from './source.js';
import { didYouMean } from './text.js';

/** Clearer words for the syntax errors people actually make. */
const HINTS: Record<string, string> = {
  TAB_AS_INDENT: 'tabs are not allowed as indentation in YAML; indent with spaces',
  MULTIPLE_DOCS: 'the file holds more than one YAML document (`---`); a topology is one document',
  RESOURCE_EXHAUSTION: 'the YAML is nested too deeply to read; a topology is only a few levels deep',
};

export function yamlErrors(src: Source, file: string, errors: readonly YAMLError[]): LoadError[] {
  return errors.slice(0, MAX_ERRORS).map((e) => {
    const { line, col } = posAt(src, e.pos[0]);
    return { file, line, col, field: '(yaml)', message: HINTS[e.code] ?? `YAML syntax error: ${e.message}` };
  });
}

/** Refused keys; a duplicate names the second occurrence and says where the first one is. */
export function keyErrors(src: Source, file: string, problems: readonly KeyProblem[]): LoadError[] {
  return problems.map(({ path, offset, kind }) => {
    const { line, col } = posAt(src, offset);
    const field = formatField(path);
    if (kind === 'proto') return { file, line, col, field, message: '`__proto__` cannot be used as a key' };
    if (kind === 'complex') return { file, line, col, field, message: 'a key must be a plain name, not a list, a mapping or an alias' };
    const first = locate(src, path, true);
    const name = String(path[path.length - 1]);
    return { file, line, col, field, message: `duplicate key \`${name}\` (first at line ${first.line}); each key may appear once in a mapping` };
  });
}

/**
 * Converting to plain data throws on an alias whose anchor is not defined before it, and on an
 * alias bomb (more expansions than MAX_ALIAS_COUNT); point at the first alias that is to blame.
 */
export function aliasError(src: Source, file: string, err: unknown): LoadError {
  const text = err instanceof Error ? err.message : String(err);
  const bomb = /excessive alias/i.test(text);
  let offset = 0;
  let name = '';
  const anchors: string[] = [];
  visit(src.doc, {
    Node(_key, node) {
      if (node.anchor) anchors.push(node.anchor);
    },
    Alias(_key, node) {
      if (bomb || node.resolve(src.doc) === undefined) {
        offset = node.range?.[0] ?? 0;
        name = node.source;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  const { line, col } = posAt(src, offset);
  const message = bomb
    ? 'aliases expand to too much data (a YAML alias bomb?); reuse anchors less'
    : /unresolved alias/i.test(text)
      ? `alias \`*${name}\` has no anchor \`&${name}\` before it${didYouMean(name, anchors)}`
      : `cannot read the YAML document: ${text}`;
  return { file, line, col, field: '(yaml)', message };
}
