/**
 * Reads the zod schema along a path into the document: which fields an object knows (for "did
 * you mean" on unknown fields) and whether a key names an entry of a name-keyed map (printed in
 * brackets in error paths).
 */
import * as z from 'zod';
import { topologySchema } from './schema.js';
import type { Path } from './source.js';

type AnySchema = z.ZodType;

function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault) s = s.unwrap() as AnySchema;
  return s;
}

function step(schema: AnySchema, seg: string | number): AnySchema | null {
  const s = unwrap(schema);
  if (s instanceof z.ZodObject) {
    const shape = s.shape as Record<string, AnySchema>;
    return Object.hasOwn(shape, String(seg)) ? (shape[String(seg)] ?? null) : null;
  }
  if (s instanceof z.ZodRecord) return s.valueType as AnySchema;
  if (s instanceof z.ZodArray) return typeof seg === 'number' ? (s.element as AnySchema) : null;
  if (s instanceof z.ZodUnion) {
    // A route: the object branch that has this field.
    for (const option of s.options as AnySchema[]) {
      const next = step(option, seg);
      if (next) return next;
    }
  }
  return null;
}

/** The schema that describes the node at `path`, or null where the document leaves the schema. */
export function schemaAt(path: Path, root: AnySchema = topologySchema): AnySchema | null {
  let s: AnySchema | null = root;
  for (const seg of path) {
    if (s === null) return null;
    s = step(s, seg);
  }
  return s === null ? null : unwrap(s);
}

/** The field names an object schema (or each object branch of a union) knows. */
export function knownFields(schema: AnySchema | null): string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape as object);
  if (schema instanceof z.ZodUnion) return (schema.options as AnySchema[]).flatMap((o) => knownFields(unwrap(o)));
  return [];
}

/** A readable path: `hosts["mx.postini.test"].route.to[0]` (see LoadError.field). */
export function formatField(path: Path): string {
  if (path.length === 0) return '(root)';
  let out = '';
  let parent: AnySchema | null = topologySchema;
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (parent instanceof z.ZodRecord || !/^[A-Za-z_$][\w$-]*$/.test(seg)) out += `[${JSON.stringify(seg)}]`;
    else out += out === '' ? seg : `.${seg}`;
    const next: AnySchema | null = parent === null ? null : step(parent, seg);
    parent = next === null ? null : unwrap(next);
  }
  return out;
}
