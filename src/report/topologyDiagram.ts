/**
 * The topology map in two languages: a Mermaid flowchart (renders on GitHub) and a Graphviz digraph
 * (rendered to SVG in-process). Both draw the same TopologyGraph: MX edges blue, routes solid,
 * call-aheads dashed purple, blocked hops ending in a cross, hops an IP lock refuses ending in a
 * cross too and saying the reply (amber 421 like a block, rose 550), and the violating cycle thick
 * red.
 */
import { dotHtml, dotString, mermaidLines } from './escape.js';
import { lockText } from './ipLock.js';
import type { EdgeKind, TopologyEdge, TopologyGraph, TopologyNode } from './topologyGraph.js';

/** Graphviz has metrics for Helvetica, and writes it to SVG as `Helvetica,sans-Serif`. */
export const FONT = 'Helvetica';

const COLOUR: Record<EdgeKind, string> = { mail: '#6b7280', mx: '#2563eb', route: '#111827', 'call-ahead': '#7c3aed' };
const CYCLE = '#dc2626';
const BLOCKED = '#b45309';
/** A 550 at connect: unlike a 421, which clients treat as a down host, it may bounce the mail. */
const REFUSED_550 = '#be123c';

export function edgeLabel(e: TopologyEdge): string {
  // An MX edge carries every sender of the domain's mail: say which of them the lock refuses.
  const lock = e.refused === null ? '' : lockText(e.refused, e.kind === 'mx');
  return `${e.label}${e.blocked ? ' (blocked)' : ''}${lock}${e.cycle ? ' ↺ loop' : ''}`;
}

/** Nothing gets through: a blocked port, or an IP lock that refuses every client of the edge. */
function cut(e: TopologyEdge): boolean {
  return e.blocked || e.refused?.all === true;
}

const IDLE = '#9ca3af';

function edgeColour(e: TopologyEdge): string {
  if (e.cycle) return CYCLE;
  if (e.blocked) return BLOCKED;
  if (e.refused?.all === true) return e.refused.reply === 550 ? REFUSED_550 : BLOCKED;
  return e.idle ? IDLE : COLOUR[e.kind];
}

// ---------------------------------------------------------------- Mermaid

function mermaidNode(n: TopologyNode): string {
  const label = `"${mermaidLines([n.name, n.details.join(' · ')])}"`;
  switch (n.kind) {
    case 'sender':
      return `${n.id}([${label}])`;
    case 'domain':
      return `${n.id}{{${label}}}`;
    default:
      return `${n.id}[${label}]`;
  }
}

function mermaidArrow(e: TopologyEdge): string {
  const dotted = e.kind === 'mail' || e.kind === 'call-ahead' || e.idle;
  if (e.cycle) return cut(e) ? '==x' : '==>';
  if (dotted) return cut(e) ? '-.-x' : '-.->';
  return cut(e) ? '--x' : '-->';
}

export function renderTopologyMermaid(graph: TopologyGraph): string {
  const lines = ['flowchart LR'];
  for (const n of graph.nodes) lines.push(`  ${mermaidNode(n)}`);
  for (const e of graph.edges) lines.push(`  ${e.from} ${mermaidArrow(e)}|"${mermaidLines([edgeLabel(e)])}"| ${e.to}`);
  graph.edges.forEach((e, i) => {
    const width = e.cycle ? 3 : 1.5;
    lines.push(`  linkStyle ${i} stroke:${edgeColour(e)},stroke-width:${width}px,color:${edgeColour(e)}`);
  });
  lines.push(
    '  classDef domain fill:#eef6ff,stroke:#2563eb',
    '  classDef sender fill:#f3f4f6,stroke:#6b7280',
    '  classDef external fill:#ffffff,stroke:#9ca3af,stroke-dasharray:4 3',
    '  classDef transient fill:#fff7ed,stroke:#d97706,stroke-dasharray:6 3',
    '  classDef down fill:#e5e7eb,stroke:#6b7280',
  );
  for (const [cls, ids] of classes(graph)) lines.push(`  class ${ids.join(',')} ${cls}`);
  return lines.join('\n') + '\n';
}

function classes(graph: TopologyGraph): [string, string[]][] {
  const by = new Map<string, string[]>();
  for (const n of graph.nodes) {
    const cls = n.kind === 'host' ? n.fault : n.kind;
    if (cls !== null) by.set(cls, [...(by.get(cls) ?? []), n.id]);
  }
  return [...by];
}

// ---------------------------------------------------------------- DOT

const NODE_STYLE: Record<TopologyNode['kind'], string> = {
  sender: 'shape=oval, style="filled", fillcolor="#f3f4f6", color="#6b7280"',
  domain: 'shape=hexagon, style="filled", fillcolor="#eef6ff", color="#2563eb"',
  host: 'shape=box, style="rounded,filled", fillcolor="#ffffff", color="#111827"',
  external: 'shape=box, style="rounded,dashed", color="#9ca3af"',
};

function dotNode(n: TopologyNode): string {
  const details = n.details.map((d) => {
    const warn = /blocked|down|fault/.test(d) && n.kind === 'host';
    return `<BR/><FONT POINT-SIZE="9" COLOR="${warn ? BLOCKED : '#4b5563'}">${dotHtml(d)}</FONT>`;
  });
  let style = NODE_STYLE[n.kind];
  if (n.fault === 'transient') style = 'shape=box, style="rounded,filled,dashed", fillcolor="#fff7ed", color="#d97706"';
  if (n.fault === 'down') style = 'shape=box, style="rounded,filled", fillcolor="#e5e7eb", color="#6b7280"';
  return `  ${n.id} [label=<<B>${dotHtml(n.name)}</B>${details.join('')}>, ${style}];`;
}

function dotEdge(e: TopologyEdge): string {
  const attrs = [`label=${dotString(edgeLabel(e))}`, `color="${edgeColour(e)}"`, `fontcolor="${edgeColour(e)}"`];
  if (e.kind === 'call-ahead') attrs.push('style=dashed');
  if (e.kind === 'mail' || e.idle) attrs.push('style=dotted');
  if (cut(e)) attrs.push('arrowhead=tee');
  if (e.cycle) attrs.push('penwidth=2.5');
  if (e.kind === 'mx' || e.kind === 'mail') attrs.push('weight=2');
  return `  ${e.from} -> ${e.to} [${attrs.join(', ')}];`;
}

export function renderTopologyDot(graph: TopologyGraph): string {
  return [
    'digraph topology {',
    `  graph [rankdir=LR, fontname="${FONT}", fontsize=12, label=${dotString(graph.file)}, labelloc=t, nodesep=0.4, ranksep=0.7, bgcolor="white"];`,
    `  node [fontname="${FONT}", fontsize=12, margin="0.12,0.05"];`,
    `  edge [fontname="${FONT}", fontsize=10];`,
    ...graph.nodes.map(dotNode),
    ...graph.edges.map(dotEdge),
    '}',
    '',
  ].join('\n');
}
