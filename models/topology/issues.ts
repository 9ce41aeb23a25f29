/**
 * Turns zod issues into load errors: a path spelled as in the file, a position, and a message
 * that says what would be valid. Most messages come from the schema itself; here are the ones
 * that need the document: missing fields, unknown fields (with "did you mean"), and routes,
 * whose union would otherwise only say "invalid input".
 */
import * as z from 'zod';
import { ROUTE_FORMS } from './schema.js';
import { formatField, knownFields, schemaAt } from './schemaWalk.js';
import { locate, type Path, type Source } from './source.js';
import { didYouMean, kindOf, listOf } from './text.js';
import { MAX_ERRORS, type LoadError } from './errors.js';

type Issue = z.core.$ZodIssue;

/** Messages for wrong types, when the schema gives none of its own (passed to safeParse). */
export function typeMessage(iss: z.core.$ZodRawIssue): string | undefined {
  if (iss.code !== 'invalid_type') return undefined;
  const expected: Record<string, string> = {
    string: 'a string',
    number: 'a number',
    int: 'an integer',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping',
  };
  return `expected ${expected[iss.expected] ?? iss.expected}, got ${kindOf(iss.input)}`;
}

function valueAt(data: unknown, path: Path): { found: boolean; value: unknown } {
  let value = data;
  for (const seg of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, seg)) return { found: false, value: undefined };
    value = (value as Record<string | number, unknown>)[seg];
  }
  return { found: true, value };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export class IssueMapper {
  readonly errors: LoadError[] = [];

  constructor(
    private readonly src: Source,
    private readonly file: string,
    private readonly data: unknown,
  ) {}

  private push(path: Path, message: string, atKey = false): void {
    if (this.errors.length >= MAX_ERRORS) return; // nobody reads on; positions cost a scan each
    const { line, col } = locate(this.src, path, atKey);
    this.errors.push({ file: this.file, line, col, field: formatField(path), message });
  }

  add(issue: Issue, base: Path = []): void {
    const path = [...base, ...(issue.path as (string | number)[])];
    const parent = path.slice(0, -1);
    const last = path[path.length - 1];
    if (issue.code === 'unrecognized_keys') {
      const known = knownFields(schemaAt(path));
      const noun = path[0] === 'expect' && path.length === 1 ? 'property' : 'field';
      for (const key of issue.keys) {
        if (this.errors.length >= MAX_ERRORS) break;
        this.push([...path, key], `unknown ${noun} \`${key}\`${didYouMean(key, known)}; valid: ${listOf(known)}`, true);
      }
      return;
    }
    // A required field that is absent: named, and pointed at the entry that lacks it.
    if (last !== undefined && isPlainObject(valueAt(this.data, parent).value) && !valueAt(this.data, path).found) {
      this.push(path, `missing required field \`${String(last)}\`${last === 'version' ? '; a topology starts with `version: 1`' : ''}`);
      return;
    }
    if (issue.code === 'invalid_union') {
      this.addUnion(issue, path);
      return;
    }
    this.push(path, issue.message);
  }

  /**
   * A route failed every form. For a mapping, the form whose fields it uses is the one meant
   * (`{ to: "x" }` → "`to` expects a list"); otherwise the message lists the forms.
   */
  private addUnion(issue: Extract<Issue, { code: 'invalid_union' }>, path: Path): void {
    const input = valueAt(this.data, path).value;
    if (isPlainObject(input)) {
      const scored = issue.errors.map((branch) => ({ branch, score: branch.filter((i) => this.offForm(i, path)).length }));
      const best = Math.min(...scored.map((s) => s.score));
      const winners = scored.filter((s) => s.score === best);
      if (winners.length === 1 && best === 0) {
        for (const i of winners[0]!.branch) this.add(i, path);
        return;
      }
      const known = knownFields(schemaAt(path));
      const hints = Object.keys(input).filter((k) => !known.includes(k)).map((k) => `unknown field \`${k}\`${didYouMean(k, known)}`);
      this.push(path, [ROUTE_FORMS, ...hints].join('; '));
      return;
    }
    const words = issue.errors.flat().flatMap((i) => (i.code === 'invalid_value' ? i.values.map(String) : []));
    this.push(path, `${ROUTE_FORMS}, got ${typeof input === 'string' ? `\`${input.slice(0, 60)}\`` : kindOf(input)}${didYouMean(input, words)}`);
  }

  /** An issue that shows the input is not of this branch's form at all (wrong type, wrong or missing key). */
  private offForm(issue: Issue, unionPath: Path): boolean {
    if (issue.path.length === 0) return true;
    const full = [...unionPath, ...(issue.path as (string | number)[])];
    return issue.path.length === 1 && !valueAt(this.data, full).found;
  }
}
