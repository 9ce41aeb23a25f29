/**
 * Runs the zod schema. zod gathers child issues with `push(...issues)`, which overflows the call
 * stack past about a hundred thousand issues (a 5 MiB file of `listen: [0,0,0,…]` has millions).
 * Then the file is validated again cut down to its first items per list and mapping: paths into
 * the cut copy are paths into the file, so those errors are real and point at the right place.
 */
import type * as z from 'zod';
import { typeMessage } from './issues.js';
import { topologySchema } from './schema.js';

/** Items kept per collection on the retry: 30³ (hosts → routes → to) stays far below the limit. */
const KEEP = 30;

function prune(value: unknown, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.slice(0, KEEP).map((v) => prune(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).slice(0, KEEP)) out[key] = prune((value as Record<string, unknown>)[key], depth + 1);
  return out;
}

export type Validated =
  | { ok: true; data: z.output<typeof topologySchema> }
  | { ok: false; issues: z.core.$ZodIssue[]; truncated: boolean };

export function validate(data: unknown): Validated {
  let result;
  try {
    result = topologySchema.safeParse(data, { error: typeMessage });
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    const retry = topologySchema.safeParse(prune(data), { error: typeMessage });
    return { ok: false, issues: retry.success ? [] : retry.error.issues, truncated: true };
  }
  return result.success ? { ok: true, data: result.data } : { ok: false, issues: result.error.issues, truncated: false };
}
