/** Plain-text tables for the benchmark's output, numbers right-aligned. */

export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function geometricMean(values: readonly number[]): number {
  return values.length === 0 ? NaN : Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);
}

/** One case measured on two builds (`--against`): median ms of each (null: that build could not run it). */
export interface Compared {
  section: string;
  label: string;
  /** What the case explored on each build, as decimal digits; shown once when equal, as `old → new` when not. */
  states: { old: string | null; new: string | null };
  oldMs: number | null;
  newMs: number | null;
}

const ms = (n: number | null) => (n === null ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: 0 }));
const times = (r: number) => `${r.toFixed(2)}×`;

/** An exact count (decimal digits) with thousands separators, or past 10^15 its order of magnitude: a provider file's space has thousands of digits. */
export function countText(digits: string): string {
  return digits.length > 16 ? `≈ 10^${digits.length - 1}` : BigInt(digits).toLocaleString('en-US');
}

function statesCell({ old, new: now }: Compared['states']): string {
  if (old === now || old === null) return now === null ? '—' : countText(now);
  if (now === null) return countText(old);
  // Counts that differ are shown whole: "≈ 10^300" twice would hide the difference.
  return `${BigInt(old).toLocaleString('en-US')} → ${BigInt(now).toLocaleString('en-US')} (differ)`;
}

/**
 * The side-by-side table of `bench --against`: each case's medians on the old and the new build and
 * their ratio new ÷ old (below 1: the new build is faster), then the geometric mean of the ratios
 * over the cases both builds ran, the figure "within 10 %" is judged by.
 */
export function formatComparison(rows: readonly Compared[], oldName: string, newName: string): string {
  const ratios = rows.flatMap((r) => (r.oldMs !== null && r.newMs !== null && r.oldMs > 0 ? [r.newMs / r.oldMs] : []));
  const table = formatTable(
    ['section', 'case', 'states', `${oldName} ms`, `${newName} ms`, 'new ÷ old'],
    rows.map((r) => [r.section, r.label, statesCell(r.states), ms(r.oldMs), ms(r.newMs), r.oldMs !== null && r.newMs !== null && r.oldMs > 0 ? times(r.newMs / r.oldMs) : '—']),
  );
  const left = rows.length - ratios.length;
  const mean =
    ratios.length === 0
      ? 'no case ran on both builds'
      : `geometric mean of new ÷ old over ${ratios.length} case${ratios.length === 1 ? '' : 's'}: ${times(geometricMean(ratios))}${left === 0 ? '' : ` (${left} left out: not run on both)`}`;
  return `${table}\n${mean}`;
}
