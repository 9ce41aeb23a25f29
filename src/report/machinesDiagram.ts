/**
 * Statecharts as Mermaid `stateDiagram-v2` and as a Graphviz digraph. Several charts share one
 * diagram as one composite state (Mermaid) or cluster (DOT) each; state identifiers are synthetic
 * (`s1`, `s2`, …) so that two machines' `idle` never meet, and names appear only in labels.
 */
import { dotHtml, dotString, mermaidText } from './escape.js';
import { allStates, stateLabel, transitionLabel, type ChartState, type ChartTransition, type Statechart } from './statechart.js';
import { FONT } from './topologyDiagram.js';

/** Synthetic ids for every state of every chart, keyed by chart index and XState path. */
function idsOf(charts: readonly Statechart[]): Map<string, string> {
  const ids = new Map<string, string>();
  let n = 0;
  charts.forEach((chart, c) => {
    ids.set(`${c}:${chart.root.path}`, `c${c + 1}`);
    for (const s of allStates(chart)) ids.set(`${c}:${s.path}`, `s${++n}`);
  });
  return ids;
}

// ---------------------------------------------------------------- Mermaid

export function renderMachinesMermaid(charts: readonly Statechart[]): string {
  const ids = idsOf(charts);
  const lines = ['stateDiagram-v2'];
  const single = charts.length === 1;
  charts.forEach((chart, c) => {
    const id = (path: string) => ids.get(`${c}:${path}`)!;
    const indent = single ? '  ' : '    ';
    if (!single) lines.push(`  state "${mermaidText(chart.title)}" as ${id(chart.root.path)} {`);
    lines.push(...mermaidBody(chart.root, id, indent));
    if (!single) lines.push('  }');
  });
  return lines.join('\n') + '\n';
}

function mermaidBody(state: ChartState, id: (path: string) => string, indent: string): string[] {
  const lines: string[] = [];
  for (const s of state.children) {
    if (s.children.length === 0) lines.push(`${indent}state "${mermaidText(stateLabel(s))}" as ${id(s.path)}`);
    else lines.push(`${indent}state "${mermaidText(s.key)}" as ${id(s.path)} {`, ...mermaidBody(s, id, indent + '  '), `${indent}}`);
  }
  const first = state.initial ?? state.children[0]?.path;
  if (first !== undefined) lines.push(`${indent}[*] --> ${id(first)}`);
  for (const s of state.children) {
    for (const t of s.transitions) {
      const label = mermaidText(transitionLabel(t));
      for (const target of t.targets.length === 0 ? [t.source] : t.targets) lines.push(`${indent}${id(t.source)} --> ${id(target)}: ${label}`);
    }
    if (s.type === 'final') lines.push(`${indent}${id(s.path)} --> [*]`);
  }
  return lines;
}

// ---------------------------------------------------------------- DOT

export function renderMachinesDot(charts: readonly Statechart[]): string {
  const ids = idsOf(charts);
  const lines = [
    'digraph machines {',
    `  graph [rankdir=TB, fontname="${FONT}", fontsize=13, nodesep=0.3, ranksep=0.45, bgcolor="white"];`,
    `  node [fontname="${FONT}", fontsize=11, shape=box, style="rounded,filled", fillcolor="#f8fafc", color="#334155"];`,
    `  edge [fontname="${FONT}", fontsize=8, color="#334155", fontcolor="#334155"];`,
  ];
  charts.forEach((chart, c) => {
    const id = (path: string) => ids.get(`${c}:${path}`)!;
    lines.push(`  subgraph cluster_${id(chart.root.path)} {`, `    label=${dotString(chart.title)}; labeljust=l; color="#94a3b8"; style="rounded";`);
    lines.push(...dotBody(chart.root, id, '    '));
    lines.push('  }');
  });
  lines.push('}', '');
  return lines.join('\n');
}

function dotBody(state: ChartState, id: (path: string) => string, indent: string, compound = compoundPaths(state)): string[] {
  const lines: string[] = [];
  const start = `${id(state.path)}_start`;
  lines.push(`${indent}${start} [shape=point, width=0.12, label="", color="#0f172a", fillcolor="#0f172a"];`);
  for (const s of state.children) {
    if (s.children.length > 0) {
      lines.push(`${indent}subgraph cluster_${id(s.path)} {`, `${indent}  label=${dotString(s.key)};`);
      lines.push(...dotBody(s, id, indent + '  ', compound), `${indent}}`);
    } else {
      const final = s.type === 'final' ? ', peripheries=2, fillcolor="#eef2ff"' : '';
      lines.push(`${indent}${id(s.path)} [label=${dotString(stateLabel(s))}${final}];`);
    }
  }
  const first = state.initial ?? state.children[0]?.path;
  if (first !== undefined) lines.push(`${indent}${start} -> ${id(first)};`);
  for (const s of state.children) {
    for (const t of s.transitions) {
      const eventless = t.event === null ? ', style=dashed, color="#64748b", fontcolor="#64748b"' : '';
      const label = `label=<${transitionLines(t).map(dotHtml).join('<BR/>')}>`;
      for (const target of t.targets.length === 0 ? [t.source] : t.targets) {
        // A compound target is entered through its initial pseudo-state.
        const to = compound.has(target) ? `${id(target)}_start` : id(target);
        lines.push(`${indent}${id(t.source)} -> ${to} [${label}${eventless}];`);
      }
    }
  }
  return lines;
}

function compoundPaths(state: ChartState): Set<string> {
  const out = new Set<string>();
  const walk = (s: ChartState): void => {
    if (s.children.length > 0) out.add(s.path);
    s.children.forEach(walk);
  };
  walk(state);
  return out;
}

/** The label on two lines at most: what triggers it (event, guard), then what it does (actions). */
function transitionLines(t: ChartTransition): string[] {
  const label = transitionLabel(t);
  const slash = label.indexOf(' / ');
  return slash < 0 ? [label] : [label.slice(0, slash), label.slice(slash + 1)];
}
