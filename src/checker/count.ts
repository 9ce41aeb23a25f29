/**
 * The size of a product of parts from the parts' own figures, exactly (BigInt: a thousand parts of
 * six states pass what a double holds). Parts may read shared environment bits (packed.ts): a
 * state of the whole is an assignment f of the bits and, per part, one of its states under f, so
 *
 *   states      = Σ_f ∏_p (live_p(f) + halted_p(f)), keeping at most one halted part per term
 *   transitions = Σ_f Σ_p moves_p(f) ∏_{q≠p} live_q(f)  +  bits × Σ_f ∏_p live_p(f)
 *
 * (a halted state has no successor; every other has its parts' own moves and one flip per bit).
 * Each part's figures are tallied per assignment of the bits it shares with another part — the
 * bits only it reads are summed within the part — and the sum over f is taken by eliminating one
 * shared bit at a time (variable elimination over the factors, a bit whose factors span the fewest
 * bits first), so parts sharing two bits cost four assignments, not 2^bits.
 *
 * The product keeps first-order terms only: (live, moves, halted) multiply as
 * (l₁l₂, l₁m₂ + m₁l₂, l₁h₂ + h₁l₂), which is the sums above with at most one part moving or halted.
 */

/** One part's figures, per assignment of the bits it shares (bit k of the index is `shared[k]`). */
export interface PartTally {
  shared: readonly number[];
  /** States that are not halted, halted states, and transitions from states that are not halted. */
  live: ArrayLike<number>;
  halted: ArrayLike<number>;
  transitions: ArrayLike<number>;
  /** Environment bits the part reads: each flips from every state of it that is not halted, and its transitions count those flips. */
  reads: number;
}

interface Term {
  live: bigint;
  moves: bigint;
  halted: bigint;
}

interface Factor {
  vars: number[];
  table: Term[];
}

const ONE: Term = { live: 1n, moves: 0n, halted: 0n };

function times(a: Term, b: Term): Term {
  return { live: a.live * b.live, moves: a.live * b.moves + a.moves * b.live, halted: a.live * b.halted + a.halted * b.live };
}

function plus(a: Term, b: Term): Term {
  return { live: a.live + b.live, moves: a.moves + b.moves, halted: a.halted + b.halted };
}

function factorOf(part: PartTally): Factor {
  const table: Term[] = [];
  for (let i = 0; i < part.live.length; i++) {
    const live = BigInt(part.live[i]!);
    // The flips of the bits it reads are counted once for the whole, below, not per part.
    const moves = BigInt(part.transitions[i]!) - BigInt(part.reads) * live;
    table.push({ live, moves, halted: BigInt(part.halted[i]!) });
  }
  return { vars: [...part.shared], table };
}

/** The product of `factors` over the union of their bits, with `v` summed out. */
function eliminate(factors: readonly Factor[], v: number): Factor {
  const union = [...new Set(factors.flatMap((f) => f.vars))].sort((a, b) => a - b);
  const at = union.indexOf(v);
  const positions = factors.map((f) => f.vars.map((x) => union.indexOf(x)));
  const kept = union.filter((x) => x !== v);
  const table: Term[] = new Array<Term>(1 << kept.length);
  for (let a = 0; a < 1 << union.length; a++) {
    let term = ONE;
    factors.forEach((f, i) => {
      let index = 0;
      positions[i]!.forEach((p, k) => (index |= ((a >> p) & 1) << k));
      term = times(term, f.table[index]!);
    });
    // The assignment of the kept bits: `a` without bit `at`.
    const b = (a & ((1 << at) - 1)) | ((a >> (at + 1)) << at);
    table[b] = table[b] === undefined ? term : plus(table[b]!, term);
  }
  return { vars: kept, table };
}

/** States and transitions of the product of `parts` with `bits` environment bits, of which `unread` no part reads. */
export function productCount(parts: readonly PartTally[], bits: number, unread: number): { states: bigint; transitions: bigint } {
  let factors = parts.map(factorOf);
  const vars = new Set(factors.flatMap((f) => f.vars));
  while (vars.size > 0) {
    let best = -1;
    let bestSpan = Infinity;
    for (const v of vars) {
      const span = new Set(factors.filter((f) => f.vars.includes(v)).flatMap((f) => f.vars)).size;
      if (span < bestSpan) [best, bestSpan] = [v, span];
    }
    const touching = factors.filter((f) => f.vars.includes(best));
    factors = [...factors.filter((f) => !f.vars.includes(best)), eliminate(touching, best)];
    vars.delete(best);
  }
  // Only scalars are left: multiply them pairwise, so that no product grows one part at a time.
  let terms = factors.map((f) => f.table[0]!);
  while (terms.length > 1) {
    const next: Term[] = [];
    for (let i = 0; i < terms.length; i += 2) next.push(i + 1 < terms.length ? times(terms[i]!, terms[i + 1]!) : terms[i]!);
    terms = next;
  }
  const total = terms[0] ?? ONE;
  // A bit nobody reads doubles every state, and flips from each state that is not halted.
  const free = 1n << BigInt(unread);
  const live = total.live * free;
  return { states: live + total.halted * free, transitions: total.moves * free + BigInt(bits) * live };
}
