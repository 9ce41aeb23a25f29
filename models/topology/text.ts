/**
 * Small wording helpers for load errors: how a value the user wrote is quoted back, and how a
 * list of valid choices and a "did you mean" hint are spelled. Messages say what was found and
 * what would be valid, so every error is fixable without opening FORMAT.md.
 */

/** Longest stretch of user text quoted back in a message; fuzzed input can be megabytes. */
const MAX_QUOTE = 60;

/** C0/C1 controls, line and paragraph separators, bidi marks and overrides, BOM. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/gu;
const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Control, bidi and NUL characters as visible escapes (`\u001b`, `\u202e`, `\n`): a name or value
 * from a file must not recolour, hide, reorder or split the text around it on a terminal or page.
 */
export function visible(text: string): string {
  return text.replace(INVISIBLE, (c) => SHORT[c] ?? `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

/** True when `text` holds a character `visible` would escape. */
export function hasInvisible(text: string): boolean {
  INVISIBLE.lastIndex = 0;
  const found = INVISIBLE.test(text);
  INVISIBLE.lastIndex = 0;
  return found;
}

/**
 * Every string inside a plain data value (a check result) made visible, except under the keys
 * `skip` names: counterexamples can be millions of steps, so renderers escape each step's line as
 * they print it instead of copying them all.
 */
export function visibleDeep<T>(value: T, skip: ReadonlySet<string> = NONE): T {
  if (typeof value === 'string') return visible(value) as T;
  if (Array.isArray(value)) return value.map((v) => visibleDeep(v, skip)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, skip.has(k) ? v : visibleDeep(v, skip)])) as T;
  }
  return value;
}
const NONE: ReadonlySet<string> = new Set();

/** Quotes a value the user wrote: strings in backticks, other values by their kind. */
export function show(value: unknown): string {
  if (value === '') return 'an empty string';
  // A number in quotes is a string to YAML: say so, or "got `25`" reads like a bug in the checker.
  if (typeof value === 'string' && /^\s*[-+]?\d+(\.\d+)?\s*$/.test(value) && value.length <= MAX_QUOTE) {
    return `the string "${value}" (write the number without quotes)`;
  }
  if (typeof value === 'string') {
    const text = value.length > MAX_QUOTE ? `${value.slice(0, MAX_QUOTE)}…` : value;
    return `\`${visible(text)}\``;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return `\`${String(value)}\``;
  return kindOf(value);
}

/** The kind of a YAML value, in the words a YAML author uses. */
export function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null (an empty value)';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return Number.isInteger(value) ? 'an integer' : 'a number';
    case 'boolean':
      return 'true/false';
    case 'object':
      return Object.getPrototypeOf(value) === Object.prototype ? 'a mapping' : 'an unsupported YAML value';
    default:
      return 'an unsupported YAML value';
  }
}

/** `a, b, c` with at most `max` items, so a huge topology does not flood one message. */
export function listOf(items: readonly string[], max = 15): string {
  const shown = items.slice(0, max).map((i) => `\`${i}\``);
  const more = items.length > max ? `, … (${items.length - max} more)` : '';
  return items.length === 0 ? '(none)' : shown.join(', ') + more;
}

/** Edit distance, to suggest the name the user probably meant. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/**
 * The candidate closest to `input`, when it is close enough to be a plausible typo (a third of
 * the length, at least 2 edits); compared without case, since names are case-insensitive.
 */
export function closest(input: string, candidates: readonly string[]): string | null {
  // No typo is that long, and no one reads a hint chosen among thousands: keeps big input cheap.
  if (input.length > 200 || candidates.length > 5000) return null;
  const needle = input.toLowerCase();
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(needle, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const allowed = Math.max(2, Math.floor(needle.length / 3));
  return best !== null && bestDistance <= allowed && best !== input ? best : null;
}

/** ` (did you mean \`x\`?)`, or nothing when no candidate is close. */
export function didYouMean(input: unknown, candidates: readonly string[]): string {
  if (typeof input !== 'string') return '';
  const hit = closest(input, candidates);
  return hit === null ? '' : ` (did you mean \`${hit}\`?)`;
}

/** The message for a value outside a fixed set of words (role, verify mode, verdict, …). */
export function oneOfMessage(noun: string, choices: readonly string[], input: unknown): string {
  const found = typeof input === 'string' ? `unknown ${noun} ${show(input)}` : `expected a ${noun}, got ${kindOf(input)}`;
  return `${found}; valid: ${listOf(choices)}${didYouMean(input, choices)}`;
}
