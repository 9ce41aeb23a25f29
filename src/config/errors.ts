/**
 * Errors of a config file, in the loader's shape (file, line, column, field), so the CLI prints
 * them like a topology's and exits 2. The line is found in the config's text where it can be: a
 * module's values carry no positions, so a property is found by its quoted id, a field by its name
 * after that, and an exception by the frame of its stack that lies in the config file.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LoadError } from '../../models/topology/errors.js';

/** A config's code failed while a check ran: thrown through the engine, caught by the API and the CLI. */
export class ExtensionError extends Error {
  constructor(readonly error: LoadError) {
    super(`${error.file}:${error.line}:${error.col}: ${error.field}: ${error.message}`);
  }
}

export interface Place {
  line: number;
  col: number;
}

const FIRST: Place = { line: 1, col: 1 };
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The `nth` line (from 0) from `from` (1-based) on where `pattern` matches, and where on it. */
function find(text: string, pattern: RegExp, from = 1, nth = 0): Place | null {
  const lines = text.split('\n');
  let seen = 0;
  for (let i = from - 1; i < lines.length; i++) {
    const m = pattern.exec(lines[i]!);
    if (m !== null && seen++ === nth) return { line: i + 1, col: m.index + 1 };
  }
  return null;
}

/**
 * Where the node at `path` of the config (`['properties', 2, 'judges', 0]`) is written: the line of
 * the property's quoted id, then of the field's name after it; the first line when neither is found.
 */
export function placeOf(text: string | null, config: unknown, path: readonly PropertyKey[]): Place {
  if (text === null) return FIRST;
  const [top, index, field] = path;
  let at: Place | null = null;
  if ((top === 'properties' || top === 'roles') && typeof index === 'number') {
    const given = (config as Record<string, unknown> | null)?.[top];
    const properties = Array.isArray(given) ? (given as ({ id?: unknown } | null)[]) : [];
    const id = properties[index]?.id;
    // The same id written twice: the later property is the later literal.
    const before = properties.slice(0, index).filter((p) => p?.id === id).length;
    if (typeof id === 'string' && id !== '') at = find(text, new RegExp(`['"\`]${escape(id)}['"\`]`), 1, before);
    if (typeof field === 'string') at = find(text, new RegExp(`\\b${escape(field)}\\s*[:(]`), at?.line ?? 1) ?? at;
  }
  if (at === null && typeof top === 'string') at = find(text, new RegExp(`\\b${escape(top)}\\s*:`));
  return at ?? FIRST;
}

/** The place an exception was raised in the config file, read off its stack (as a path or a file URL). */
export function thrownAt(err: unknown, file: string): Place {
  const stack = err instanceof Error ? (err.stack ?? '') : '';
  const absolute = resolve(file);
  const names = [pathToFileURL(absolute).href, absolute].map(escape).join('|');
  const m = new RegExp(`(?:${names}):(\\d+)(?::(\\d+))?`).exec(stack);
  return m === null ? FIRST : { line: Number(m[1]), col: m[2] === undefined ? 1 : Number(m[2]) };
}

/** An exception's one line: its class and message, never its stack. */
export function describeThrown(err: unknown): string {
  if (err instanceof Error) {
    const first = (err.message.split('\n')[0] ?? '').trim();
    // jiti wraps a parse error as `Error: ParseError: …`: one name is enough.
    return /^\w*Error: /.test(first) ? first : `${err.name}: ${first}`;
  }
  return `a thrown ${typeof err} ${String(err).slice(0, 80)}`;
}
