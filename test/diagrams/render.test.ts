/**
 * Every DOT we emit renders: Graphviz (WebAssembly) draws the topology map, every counterexample
 * and every statechart of the bundled examples and of the rules fixtures without an error or a
 * warning, and the SVG is well-formed XML.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { checkTopology } from '../../properties/check.js';
import { roleStatecharts } from '../../src/docs/machines.js';
import { renderMachinesDot } from '../../src/report/machinesDiagram.js';
import { renderSequenceMermaid } from '../../src/report/sequence.js';
import { DotRenderError, inlineSvg } from '../../src/report/svg.js';
import { renderTopologyDot } from '../../src/report/topologyDiagram.js';
import { topologyGraph } from '../../src/report/topologyGraph.js';
import { renderTraceDot } from '../../src/report/traceDot.js';
import { EXAMPLES, ROOT } from '../helpers.js';
import { decodeMermaid, loadAs, svgRenderer } from './helpers.js';

const RULES = join(ROOT, 'test', 'fixtures', 'rules');
const files = [
  ...readdirSync(EXAMPLES).map((f) => join(EXAMPLES, f)),
  ...readdirSync(RULES).map((f) => join(RULES, f)),
].filter((f) => f.endsWith('.yaml'));

describe('DOT output renders with Graphviz', () => {
  it.each(files.map((f) => [f.slice(ROOT.length + 1), f]))('%s: topology and every counterexample', async (name, path) => {
    const viz = await svgRenderer();
    const topology = loadAs(path, name);
    const result = checkTopology(topology);
    const dots = [renderTopologyDot(topologyGraph(topology, result))];
    for (const p of result.properties) if (p.counterexample !== undefined) dots.push(renderTraceDot(p.counterexample, { title: p.id }));
    for (const dot of dots) {
      const rendered = viz.render(dot, { strict: true });
      expect(XMLValidator.validate(rendered)).toBe(true);
      expect(inlineSvg(rendered)).toMatch(/^<svg[\s\S]*<\/svg>$/);
    }
  });

  it('renders the statecharts of every role', async () => {
    const viz = await svgRenderer();
    for (const chart of roleStatecharts()) expect(XMLValidator.validate(viz.render(renderMachinesDot([chart]), { strict: true }))).toBe(true);
  });

  it('reports a DOT error instead of returning a broken picture', async () => {
    const viz = await svgRenderer();
    expect(() => viz.render('digraph { a -> }')).toThrow(DotRenderError);
  });

  it('prefixes element ids so that several SVGs can share a page', async () => {
    const viz = await svgRenderer();
    expect(viz.render('digraph { a -> b }', { id: 'topo1' })).toContain('id="topo1_node1"');
  });
});

describe('long traces', () => {
  it('elide the middle as the text report does, and draw every step on request', () => {
    const path = join(EXAMPLES, 'postini-mailhop-verify-none.yaml');
    const cx = checkTopology(loadAs(path, 'x.yaml')).properties.find((p) => p.id === 'eventual-delivery')!.counterexample!;
    expect(cx.steps.length).toBeGreaterThan(200);
    const short = renderSequenceMermaid(cx);
    expect(decodeMermaid(short)).toMatch(/Note over P1,P3: … \d+ more steps like these …/);
    expect(short).toContain(': 254. DATA');
    expect(short).not.toContain(': 100. ');
    expect(renderSequenceMermaid(cx, { longTrace: Infinity })).toContain(': 100. ');
  });
});
