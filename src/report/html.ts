/**
 * One HTML page with every diagram: topology maps, traces drawn by Graphviz and statecharts as
 * inline SVG, and each counterexample as a Mermaid sequence diagram that Mermaid, loaded from the
 * script file beside the page (`mermaidSrc`, no network), renders when the page opens. The script
 * is a file of its own, not inlined: the page stays a few hundred kilobytes, and regenerating the
 * pages rewrites the same script bytes. Without the script the page says so and shows the Graphviz
 * drawing of each run instead. Every diagram is a `[data-diagram]` element, and the page sets
 * `data-mermaid="done"` (or `"error"`, or `"missing"`) on <body> when Mermaid has finished, so a
 * browser test knows what to wait for and what to count.
 */
import { escapeHtml, escapeHtmlBlock } from './escape.js';
import { renderTraceDot } from './traceDot.js';
import { cycleCaption, description, graphOf, isSequence, LEGEND, mark, statsLine, withCounterexamples, type TopologyDoc } from './pages.js';
import { renderSequenceMermaid } from './sequence.js';
import type { Statechart } from './statechart.js';
import { tooLargeToLayOut } from './drawLimit.js';
import type { SvgRenderer } from './svg.js';
import { moreProblems, shownRuns } from './runs.js';
import { renderCounterexample } from './text.js';
import { renderTopologyDot } from './topologyDiagram.js';
import { renderMachinesDot } from './machinesDiagram.js';

export interface HtmlPageInput {
  title: string;
  docs: readonly TopologyDoc[];
  charts: readonly { chart: Statechart; note: string }[];
  svg: SvgRenderer;
  /** The Mermaid script's path relative to the page. */
  mermaidSrc: string;
}

const STYLE = `
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #111827; margin: 0; background: #f9fafb; }
header, main { max-width: 1200px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; }
nav a { margin-right: 12px; }
section { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 8px 24px 24px; margin: 24px 0; }
h1 { font-size: 26px; } h2 { font-size: 21px; margin-top: 20px; } h3 { font-size: 17px; margin: 24px 0 4px; }
code, pre { font: 12.5px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre.steps, pre.source { background: #f3f4f6; padding: 12px; border-radius: 6px; overflow-x: auto; }
table { border-collapse: collapse; margin: 8px 0; } th, td { border: 1px solid #e5e7eb; padding: 3px 10px; text-align: left; vertical-align: top; }
td.mark { text-align: center; } td:nth-child(2), td:nth-child(3), td:nth-child(4) { white-space: nowrap; } .bad { color: #b91c1c; } .good { color: #15803d; }
figure.diagram { margin: 12px 0; overflow-x: auto; } figure.diagram svg { max-width: 100%; height: auto; }
figcaption, .note { color: #4b5563; font-size: 13px; }
pre.mermaid { background: none; }
body[data-mermaid="missing"] figure[data-engine="mermaid"] { display: none; }
summary { cursor: pointer; color: #374151; margin: 8px 0; }
`;

const RUN_MERMAID = `
(async () => {
  const body = document.body;
  if (typeof mermaid === 'undefined') {
    // The script beside the page is missing (the page was copied alone): draw by Graphviz instead.
    body.dataset.mermaid = 'missing';
    for (const d of document.querySelectorAll('details.graphviz-trace')) d.open = true;
    const note = document.getElementById('mermaid-missing');
    if (note) note.hidden = false;
    return;
  }
  try {
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default', sequence: { useMaxWidth: false }, flowchart: { useMaxWidth: false } });
    await mermaid.run({ querySelector: 'pre.mermaid' });
    body.dataset.mermaid = 'done';
  } catch (err) {
    body.dataset.mermaid = 'error';
    body.dataset.mermaidError = String((err && err.message) || err);
  }
})();
`;

export function renderHtmlPage(input: HtmlPageInput): string {
  const { svg } = input;
  const figure = (kind: string, engine: 'graphviz' | 'mermaid', body: string, caption?: string) =>
    `<figure class="diagram" data-diagram="${kind}" data-engine="${engine}">${body}${caption === undefined ? '' : `<figcaption>${escapeHtml(caption)}</figcaption>`}</figure>`;
  const mermaidBlock = (source: string) => `<pre class="mermaid">${escapeHtmlBlock(source)}</pre>`;

  const sections = input.docs.map((doc, d) => {
    const out = [`<section id="${escapeHtml(doc.slug)}">`, `<h2>${escapeHtml(doc.slug)}</h2>`];
    for (const p of description(doc.source)) out.push(`<p>${escapeHtml(p)}</p>`);
    out.push(`<p class="note">Topology file <code>${escapeHtml(doc.file)}</code>. Checked: ${escapeHtml(statsLine(doc.result))}.</p>`);
    out.push('<table><tr><th></th><th>property</th><th>verdict</th><th>expected</th><th>why</th></tr>');
    for (const p of doc.result.properties) {
      const m = mark(p);
      const why = p.reason === undefined || p.verdict === 'holds' ? '' : escapeHtml(p.reason + moreProblems(p));
      out.push(`<tr><td class="mark ${m === '✗' ? 'bad' : 'good'}">${m}</td><td>${p.id}</td><td>${p.verdict}</td><td>${p.expected ?? '—'}</td><td>${why}</td></tr>`);
    }
    out.push('</table>');
    const graph = graphOf(doc);
    const loop = cycleCaption(graph);
    const tooLarge = tooLargeToLayOut(graph);
    if (tooLarge !== null) out.push(`<p class="note">The map is not drawn: ${escapeHtml(tooLarge)}; <code>mxproof diagram FILE --kind topology --format dot</code> prints it for a layout of your own.</p>`);
    else out.push(figure('topology', 'graphviz', svg.renderInline(renderTopologyDot(graph), { id: `t${d + 1}` }), `${LEGEND}${loop === null ? '' : ` ${loop}`}`));
    const steps = { allSteps: doc.allSteps === true };
    withCounterexamples(doc.result).forEach((p, i) => {
      out.push(`<h3>${p.id}</h3>`);
      const runs = shownRuns(p);
      if (runs.some((r) => r.oneOfMany)) {
        // Several problems of a static property: each with its own steps, none hidden by the first.
        for (const run of runs) {
          out.push(`<h4>${escapeHtml(run.title)}</h4>`, `<p>${escapeHtml(run.reason ?? '')}.</p>`);
          out.push(`<pre class="steps">${escapeHtmlBlock(renderCounterexample(run.counterexample, steps).join('\n'))}</pre>`);
        }
        return;
      }
      if (p.reason !== undefined) out.push(`<p>${escapeHtml(p.reason)}.</p>`);
      if (isSequence(p)) {
        out.push(figure('trace', 'mermaid', mermaidBlock(renderSequenceMermaid(p.counterexample, steps))));
        const drawn = svg.renderInline(renderTraceDot(p.counterexample, steps), { id: `t${d + 1}c${i + 1}` });
        out.push(`<details class="graphviz-trace"><summary>The same run drawn by Graphviz</summary>${figure('trace', 'graphviz', drawn)}</details>`);
      }
      out.push(`<details${isSequence(p) ? '' : ' open'}><summary>The run as numbered steps</summary><pre class="steps">${escapeHtmlBlock(renderCounterexample(p.counterexample, steps).join('\n'))}</pre></details>`);
    });
    out.push(`<details><summary>The topology file</summary><pre class="source">${escapeHtmlBlock(doc.source)}</pre></details>`, '</section>');
    return out.join('\n');
  });

  const machines = ['<section id="statecharts">', '<h2>Statecharts</h2>'];
  machines.push('<p class="note">Read off the XState machines the checker runs. Events in capitals, guards in brackets, actions after “/”; dashed transitions have no event (XState <code>always</code>).</p>');
  input.charts.forEach(({ chart, note }, i) => {
    machines.push(`<h3>${escapeHtml(chart.title)}</h3>`, `<p>${escapeHtml(note)}</p>`);
    machines.push(figure('statechart', 'graphviz', svg.renderInline(renderMachinesDot([chart]), { id: `m${i + 1}` })));
  });
  machines.push('</section>');

  const nav = [...input.docs.map((d) => `<a href="#${escapeHtml(d.slug)}">${escapeHtml(d.slug)}</a>`), '<a href="#statecharts">statecharts</a>'];
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(input.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<header><h1>${escapeHtml(input.title)}</h1><nav>${nav.join(' ')}</nav>`,
    `<p id="mermaid-missing" class="note" hidden>${escapeHtml(input.mermaidSrc)} did not load (it belongs beside this page): each run is drawn by Graphviz instead of as a sequence diagram.</p></header>`,
    '<main>',
    ...sections,
    ...machines,
    '</main>',
    `<script src="${escapeHtml(input.mermaidSrc)}"></script>`,
    `<script>${RUN_MERMAID}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
