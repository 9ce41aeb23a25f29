/**
 * The documentation site for a set of topology files: each file checked, then one Markdown page
 * per topology, a Markdown page of every role's statechart, an index, and one HTML page with every
 * diagram (beside it the Mermaid script it loads). Returns the files as values (path relative to the output directory, and
 * content); the CLI writes them. Deterministic: the same inputs give the same bytes.
 */
import type { Fault, Topology } from '../../models/topology/types.js';
import { checkTopology, type CheckOptions } from '../../properties/check.js';
import { sweepFailures } from '../api/failures.js';
import type { MxproofConfig } from '../config/define.js';
import { resolveConfig } from '../config/resolve.js';
import { renderHtmlPage } from '../report/html.js';
import { renderIndexMarkdown, renderMachinesMarkdown, renderTopologyMarkdown } from '../report/markdown.js';
import { slugs, type TopologyDoc } from '../report/pages.js';
import type { SvgRenderer } from '../report/svg.js';
import { CHART_NOTES, chartNote, roleStatecharts } from './machines.js';
import { MERMAID_SCRIPT } from './mermaidScript.js';

export interface DocsInput {
  /** The file as named on the command line (shown on the pages). */
  file: string;
  text: string;
  topology: Topology;
  /** A link from the output directory to the file, or null. */
  sourceLink: string | null;
  /** The config whose properties the page reports too (already loaded: `loadConfig`). */
  config?: MxproofConfig;
}

export interface DocsOptions {
  svg: SvgRenderer;
  /** Mermaid's script for the HTML page (written beside it); null writes no HTML page. */
  mermaidScript: string | null;
  check?: Omit<CheckOptions, 'onProgress'>;
  /** Add a failure sweep to each page (`docs --failures K`). */
  failures?: { k: number; kind: Fault };
  title?: string;
  /** Counterexamples with every step, not only those their violation needs. */
  allSteps?: boolean;
}

export interface DocFile {
  path: string;
  content: string;
}

export const HTML_PAGE = 'diagrams.html';

/** The page's verdicts, and with `failures` its sweep (a sweep the budget refuses is left out, the check kept). */
function checked(topology: Topology, config: MxproofConfig | undefined, options: DocsOptions): Pick<TopologyDoc, 'result' | 'sweep'> {
  if (options.failures !== undefined) {
    const swept = sweepFailures(topology, { ...options.check, config, failures: options.failures.k, kind: options.failures.kind });
    if (swept.ok) return { result: swept.result, sweep: swept.sweep };
  }
  const extensions = config === undefined ? undefined : resolveConfig(config);
  const registry = extensions?.ok === true ? { registry: extensions.extensions.registry } : {};
  return { result: checkTopology(topology, { ...options.check, ...registry }) };
}

/** Pages come in file-name order (code units, not locale), whatever order the shell passed. */
export function generateDocs(given: readonly DocsInput[], options: DocsOptions): DocFile[] {
  const inputs = [...given].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const names = slugs(inputs.map((i) => i.file));
  const docs: TopologyDoc[] = inputs.map((input, i) => ({
    slug: names[i]!,
    file: input.file,
    source: input.text.replace(/\r\n?/g, '\n'),
    sourceLink: input.sourceLink,
    topology: input.topology,
    ...checked(input.topology, input.config, options),
    ...(options.allSteps === true ? { allSteps: true } : {}),
  }));
  const charts = roleStatecharts().map((chart) => ({ chart, note: CHART_NOTES[chart.title as keyof typeof CHART_NOTES] ?? '' }));
  // After the built-in ones, each config role a topology uses, drawn from the first that uses it.
  const drawn = new Set(charts.map((c) => c.chart.title));
  for (const { topology } of inputs) {
    const own = [...new Set(topology.hosts.map((h) => h.role))].filter((r) => !drawn.has(r) && topology.roles?.has(r) === true);
    own.forEach((role) => drawn.add(role));
    charts.push(...roleStatecharts(own, false, topology).map((chart) => ({ chart, note: chartNote(chart.title, topology) })));
  }
  const files: DocFile[] = docs.map((doc) => ({ path: `${doc.slug}.md`, content: renderTopologyMarkdown(doc) }));
  files.push({ path: 'machines.md', content: renderMachinesMarkdown(charts) });
  files.push({ path: 'index.md', content: renderIndexMarkdown(docs, options.mermaidScript === null ? null : HTML_PAGE) });
  if (options.mermaidScript !== null) {
    const title = options.title ?? 'mxproof: topologies, counterexamples and statecharts';
    files.push({ path: HTML_PAGE, content: renderHtmlPage({ title, docs, charts, svg: options.svg, mermaidSrc: MERMAID_SCRIPT }) });
    files.push({ path: MERMAID_SCRIPT, content: options.mermaidScript });
  }
  return files;
}
