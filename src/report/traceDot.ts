/**
 * A counterexample as a sequence chart in DOT, for Graphviz to draw as SVG. Graphviz has no
 * sequence layout, so this file lays the chart out itself and pins every node (`pos="x,y!"`,
 * `layout=neato`): lifelines as dashed edges under the host boxes, one row per step with a
 * horizontal arrow (commands solid, replies dashed, failed connections ending in a bar, the step
 * that repeats in red), notes for a host acting alone, each call-ahead as a shaded box inside
 * the session that caused it, and the repeating part in a red loop box. Widths are estimated
 * (textMetrics.ts), erring wide.
 */
import type { Counterexample, Step } from '../../properties/result.js';
import { isConnectionFailure } from './cycle.js';
import { dotLines, dotString } from './escape.js';
import { stepCaption } from './sequence.js';
import { textWidth, wrapWords } from './textMetrics.js';
import { FONT } from './topologyDiagram.js';
import { traceTree, type TraceItem, type TraceOptions } from './traceTree.js';

const SMALL = 10 / 12;
const LINE = 13;
const COLOUR = { session: '#111827', callAhead: '#7c3aed', failed: '#b45309', repeat: '#dc2626', life: '#9ca3af' };

interface Extent {
  left: number;
  right: number;
}

const width = (lines: readonly string[]) => Math.max(...lines.map(textWidth)) * SMALL;

class Chart {
  private y = 0;
  private counter = 0;
  readonly blocks: string[] = [];
  readonly nodes: string[] = [];
  readonly edges: string[] = [];
  readonly column: Map<string, number>;

  constructor(
    participants: readonly string[],
    readonly spacing: number,
  ) {
    this.column = new Map(participants.map((p, i) => [p, i * spacing]));
    for (const [p, x] of this.column) this.nodes.push(`  h${this.nextId()} [label=${dotString(p)}, pos="${x},0!", shape=box, style="rounded,filled", fillcolor="#eef2ff", color="#4338ca", fontsize=11];`);
    this.y = 30;
  }

  private nextId(): number {
    return ++this.counter;
  }

  private pos(x: number, y: number): string {
    return `pos="${Math.round(x * 10) / 10},${-Math.round(y * 10) / 10}!"`;
  }

  private text(lines: readonly string[], x: number, y: number, extra = ''): void {
    this.nodes.push(`  t${this.nextId()} [shape=plaintext, label=${dotLines(lines)}, ${this.pos(x, y)}, width=0, height=0, margin="0.04,0.01", fontsize=10${extra}];`);
  }

  private point(x: number, y: number): string {
    const id = `p${this.nextId()}`;
    this.nodes.push(`  ${id} [shape=point, width=0.01, height=0.01, style=invis, ${this.pos(x, y)}];`);
    return id;
  }

  note(lines: readonly string[], left: number, right: number): Extent {
    const w = Math.max(width(lines) + 16, right - left);
    const h = lines.length * LINE + 10;
    const x = (left + right) / 2;
    this.y += 4;
    this.nodes.push(`  t${this.nextId()} [shape=note, style=filled, fillcolor="#fefce8", color="#ca8a04", label=${dotLines(lines)}, fontsize=10, fixedsize=true, width=${(w / 72).toFixed(3)}, height=${(h / 72).toFixed(3)}, ${this.pos(x, this.y + h / 2)}];`);
    this.y += h + 6;
    return { left: x - w / 2, right: x + w / 2 };
  }

  arrow(step: Step, depth: number): Extent {
    const x1 = this.column.get(step.from)!;
    const x2 = this.column.get(step.to!)!;
    const lines = wrapWords(stepCaption(step), 48);
    this.y += lines.length * LINE + 6;
    this.text(lines, (x1 + x2) / 2, this.y - (lines.length * LINE) / 2 - 3, ', style=filled, fillcolor="#ffffffcc", color="#ffffff00"');
    const failed = isConnectionFailure(step);
    const colour = step.repeats !== undefined ? COLOUR.repeat : failed ? COLOUR.failed : depth > 0 ? COLOUR.callAhead : COLOUR.session;
    const attrs = [`color="${colour}"`, step.kind === 'reply' ? 'style=dashed' : 'style=solid', failed ? 'arrowhead=tee' : 'arrowhead=normal'];
    if (step.repeats !== undefined) attrs.push('penwidth=2');
    this.edges.push(`  ${this.point(x1, this.y)} -> ${this.point(x2, this.y)} [${attrs.join(', ')}];`);
    this.y += 8;
    const half = width(lines) / 2;
    const mid = (x1 + x2) / 2;
    return { left: Math.min(x1, x2, mid - half), right: Math.max(x1, x2, mid + half) };
  }

  step(step: Step, depth: number): Extent {
    if (step.to === null || step.to === step.from) {
      const x = this.column.get(step.from)!;
      return this.note(wrapWords(stepCaption(step), 40), x, x);
    }
    const extent = this.arrow(step, depth);
    if (step.repeats === undefined || step.details.length === 0) return extent;
    const [a, b] = [this.column.get(step.from)!, this.column.get(step.to)!].sort((p, q) => p - q) as [number, number];
    return union(extent, this.note(wrapWords(step.details.join('; '), 56), a, b));
  }

  items(items: readonly TraceItem[], depth: number, all: Extent): Extent | null {
    let extent: Extent | null = null;
    for (const item of items) {
      let e: Extent | null;
      if (item.kind === 'step') e = this.step(item.step, depth);
      else if (item.kind === 'gap') e = this.note([`… ${item.count} more steps like these …`], all.left, all.right);
      else if (item.kind === 'note') e = this.note(wrapWords(item.text, 72), all.left, all.right);
      else e = this.block(item, item.kind === 'call-ahead' ? item.depth : depth, all);
      if (e !== null) extent = extent === null ? e : union(extent, e);
    }
    return extent;
  }

  block(item: TraceItem & { kind: 'call-ahead' | 'loop' }, depth: number, all: Extent): Extent | null {
    const top = (this.y += 6);
    const label = item.kind === 'loop' ? `loop: ${item.label}` : `call-ahead by ${item.caller}`;
    const at = this.blocks.length;
    this.y += 18;
    const inner = this.items(item.items, depth, all);
    this.y += 8;
    if (inner === null) return null;
    const pad = 14;
    const around = item.kind === 'loop' ? union(all, inner) : inner;
    const extent = { left: around.left - pad, right: around.right + pad };
    const w = Math.max(extent.right - extent.left, textWidth(label) * SMALL + 16);
    const h = this.y - top;
    const style = item.kind === 'loop' ? 'style="rounded,filled,bold", color="#dc2626", fillcolor="#dc26260a"' : 'style="filled,dashed", color="#7c3aed", fillcolor="#7c3aed14"';
    this.blocks.splice(at, 0, `  b${this.nextId()} [shape=box, label="", ${style}, fixedsize=true, width=${(w / 72).toFixed(3)}, height=${(h / 72).toFixed(3)}, ${this.pos(extent.left + w / 2, top + h / 2)}];`);
    const colour = item.kind === 'loop' ? COLOUR.repeat : COLOUR.callAhead;
    this.text([label], extent.left + 8 + (textWidth(label) * SMALL) / 2, top + 11, `, fontcolor="${colour}"`);
    this.y += 2;
    return { left: extent.left, right: extent.left + w };
  }

  lifelines(): string[] {
    const end = this.y + 12;
    return [...this.column.values()].map((x, i) => `  h${i + 1} -> ${this.point(x, end)} [arrowhead=none, style=dashed, color="${COLOUR.life}"];`);
  }
}

function union(...es: Extent[]): Extent {
  return { left: Math.min(...es.map((e) => e.left)), right: Math.max(...es.map((e) => e.right)) };
}

/** Uniform lifeline spacing wide enough for every host box and every arrow's caption. */
function spacingFor(cx: Counterexample, participants: readonly string[]): number {
  const index = new Map(participants.map((p, i) => [p, i]));
  let spacing = 170;
  participants.forEach((p, i) => {
    const next = participants[i + 1];
    if (next !== undefined) spacing = Math.max(spacing, (textWidth(p) + textWidth(next)) * (11 / 12) / 2 + 40);
  });
  for (const s of cx.steps) {
    if (s.to === null || !index.has(s.from) || !index.has(s.to) || s.to === s.from) continue;
    const span = Math.abs(index.get(s.from)! - index.get(s.to)!);
    spacing = Math.max(spacing, (width(wrapWords(stepCaption(s), 48)) + 30) / span);
  }
  return Math.ceil(spacing);
}

export function renderTraceDot(cx: Counterexample, options: TraceOptions & { title?: string } = {}): string {
  const tree = traceTree(cx, options);
  const chart = new Chart(tree.participants, spacingFor(cx, tree.participants));
  const all = { left: -60, right: Math.max(0, tree.participants.length - 1) * chart.spacing + 60 };
  chart.items(tree.items, 0, all);
  const lifelines = chart.lifelines();
  return [
    'digraph trace {',
    `  graph [layout=neato, inputscale=72, splines=line, overlap=true, outputorder=edgesfirst, fontname="${FONT}", bgcolor="white"${options.title === undefined ? '' : `, label=${dotString(options.title)}, labelloc=t, fontsize=12`}];`,
    `  node [fontname="${FONT}", fontsize=10, margin="0.06,0.03"];`,
    `  edge [arrowsize=0.7];`,
    ...chart.blocks,
    ...chart.nodes,
    ...lifelines,
    ...chart.edges,
    '}',
    '',
  ].join('\n');
}
