/**
 * Two ways to hand the topology's facts to the shared rules, both read through the same macros
 * (`ACCEPTS(m, h)`, `TARGET(m, h, k)`, …):
 *
 * - `macroTables`, for an exported program: each table is a chain of conditional expressions over
 *   the indices, so the tables take no room in SPIN's state vector;
 * - `arrayTables`, for a batch of topologies compiled once (the differential test): each table is
 *   a global array filled by the first step from the topology pan was started for. The arrays
 *   never change afterwards, so they add bytes to every state but never a state.
 */
import { NOT_TRANSIENT, type PromelaFacts } from './facts.js';

export interface Sizes {
  /** Hosts, the implicit sender included. */
  H: number;
  M: number;
  K: number;
}

type Value = number | boolean;
const num = (v: Value): number => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

interface Table {
  name: string;
  type: 'byte' | 'short';
  /** Index variables of the macro. */
  over: 'h' | 'm, h' | 'm, h, k' | 's, c';
  value: (f: PromelaFacts, ...ix: number[]) => Value;
}

const host = (name: string, value: (h: PromelaFacts['host'][number]) => Value, type: 'byte' | 'short' = 'byte'): Table => ({
  name, type, over: 'h', value: (f, h) => value(f.host[h!]!),
});
const recipient = (name: string, value: (r: PromelaFacts['perRecipient'][number]) => Value): Table => ({
  name, type: 'byte', over: 'm, h', value: (f, m, h) => value(f.perRecipient[m! * f.names.length + h!]!),
});
const candidate = (name: string, value: (c: PromelaFacts['candidate'][number]) => Value, type: 'byte' | 'short' = 'byte'): Table => ({
  name, type, over: 'm, h, k', value: (f, m, h, k) => value(f.candidate[(m! * f.names.length + h!) * f.maxCandidates + k!]!),
});

const TABLES: Table[] = [
  host('ROLE', (h) => h.role),
  host('VERIFY', (h) => h.verify),
  host('DEFER_OK', (h) => h.deferOk),
  host('HOP_LIMIT', (h) => h.hopLimit, 'short'),
  host('QUARANTINES', (h) => h.quarantines),
  host('STATIC_DOWN', (h) => h.down),
  host('TBIT', (h) => h.transientBit),
  host('SOFTWARE', (h) => h.software),
  host('LOCK_REPLY', (h) => h.lockReply, 'short'),
  recipient('ACCEPTS', (r) => r.accepts),
  recipient('MAILBOX', (r) => r.holdsMailbox),
  recipient('ONLIST', (r) => r.onList),
  recipient('BEST_MX', (r) => r.bestMx),
  recipient('BY_BEST_MX', (r) => r.byBestMx),
  recipient('HOP', (r) => r.hop),
  recipient('NCAND', (r) => r.candidates),
  candidate('TO', (c) => c.to),
  candidate('TARGET', (c) => c.target),
  candidate('OPEN', (c) => c.open),
  candidate('LOCKED', (c) => c.locked),
  candidate('LOWER', (c) => c.lower, 'short'),
  candidate('SAME', (c) => c.same, 'short'),
  candidate('PREV_GROUP', (c) => c.prev, 'short'),
  { name: 'SPAM', type: 'byte', over: 's, c', value: (f, s, c) => f.spamBlocked[s! * f.names.length + c!]! },
];

/** Every index tuple of a table that exists in `f` (beyond its own sizes a batch's tables stay zero). */
function* indices(table: Table, f: PromelaFacts): Generator<number[]> {
  const H = f.names.length;
  if (table.over === 'h') for (let h = 0; h < H; h++) yield [h];
  if (table.over === 'm, h') for (let m = 0; m < f.messages; m++) for (let h = 0; h < H; h++) yield [m, h];
  if (table.over === 'm, h, k') for (let m = 0; m < f.messages; m++) for (let h = 0; h < H; h++) for (let k = 0; k < f.maxCandidates; k++) yield [m, h, k];
  if (table.over === 's, c') for (let s = 0; s < H; s++) for (let c = 0; c < H; c++) yield [s, c];
}

/** A conditional chain picking `value(i)` for `variable == i`, 0 elsewhere. */
function chain(variable: string, n: number, value: (i: number) => number | string): string {
  let out = '0';
  for (let i = n - 1; i >= 0; i--) {
    const v = value(i);
    if (v !== 0 && v !== '0') out = `((${variable}) == ${i} -> ${v} : ${out})`;
  }
  return out;
}

export function macroTables(f: PromelaFacts, sizes: Sizes): string[] {
  const { H, M, K } = sizes;
  const lines = TABLES.map((t) => {
    const v = (...ix: number[]) => num(t.value(f, ...ix));
    const body =
      t.over === 'h'
        ? chain('h', H, (h) => v(h))
        : t.over === 'm, h'
          ? chain('m', M, (m) => (m < f.messages ? chain('h', H, (h) => v(m, h)) : 0))
          : t.over === 'm, h, k'
            ? chain('m', M, (m) => (m < f.messages ? chain('k', K, (k) => chain('h', H, (h) => v(m, h, k))) : 0))
            : chain('s', H, (s) => chain('c', H, (c) => v(s, c)));
    return `#define ${t.name}(${t.over}) ${body}`;
  });
  const downs = f.host.flatMap((h, i) => (h.transientBit === NOT_TRANSIENT ? [] : [` || ((i) == ${i} && down[${h.transientBit}])`]));
  lines.push(`#define IS_DOWN(i) (STATIC_DOWN(i)${downs.join('')})`);
  return lines;
}

function size(t: Table, { H, M, K }: Sizes): number {
  return t.over === 'h' ? H : t.over === 'm, h' ? M * H : t.over === 'm, h, k' ? M * H * K : H * H;
}

function flat(t: Table, ix: number[], { H, K }: Sizes): string {
  if (t.over === 'h') return ix[0]!.toString();
  if (t.over === 'm, h') return `${ix[0]! * H + ix[1]!}`;
  if (t.over === 'm, h, k') return `${(ix[0]! * H + ix[1]!) * K + ix[2]!}`;
  return `${ix[0]! * H + ix[1]!}`;
}

export function arrayTables(sizes: Sizes, transient: number): { declarations: string[]; fill: (f: PromelaFacts) => string[] } {
  const { H, K } = sizes;
  const index = (t: Table): string =>
    t.over === 'h' ? '(h)' : t.over === 'm, h' ? `((m) * ${H} + (h))` : t.over === 'm, h, k' ? `(((m) * ${H} + (h)) * ${K} + (k))` : `((s) * ${H} + (c))`;
  const declarations = TABLES.flatMap((t) => [`${t.type} ${t.name}_T[${size(t, sizes)}];`, `#define ${t.name}(${t.over}) ${t.name}_T[${index(t)}]`]);
  declarations.push(
    transient > 0 ? '#define IS_DOWN(i) (STATIC_DOWN(i) || (TBIT(i) != 255 && down[TBIT(i)]))' : '#define IS_DOWN(i) (STATIC_DOWN(i))',
  );
  const fill = (f: PromelaFacts): string[] => {
    const out: string[] = [];
    for (const t of TABLES) {
      for (const ix of indices(t, f)) {
        const v = num(t.value(f, ...ix));
        if (v !== 0) out.push(`${t.name}_T[${flat(t, ix, sizes)}] = ${v}`);
      }
    }
    return out;
  };
  return { declarations, fill };
}
