/**
 * The acceptance for the founding loop: the trace shows sender → filter, the filter's
 * call-ahead to the relay, the relay's call-ahead back to the filter nested inside it, and the loop
 * block; the topology map marks the filter ↔ relay cycle.
 */
import { describe, expect, it } from 'vitest';
import { renderSequenceMermaid } from '../../src/report/sequence.js';
import { renderTopologyDot, renderTopologyMermaid } from '../../src/report/topologyDiagram.js';
import { cycleHosts, topologyGraph } from '../../src/report/topologyGraph.js';
import { renderTraceDot } from '../../src/report/traceDot.js';
import { traceTree, type TraceItem } from '../../src/report/traceTree.js';
import { checkedExample, decodeMermaid, svgRenderer, svgText } from './helpers.js';

const FILTER = 'mx.postini.test';
const RELAY = 'mx1.mailhop.test';
const founding = () => checkedExample('postini-mailhop.yaml');
const counterexample = (id: string) => founding().result.properties.find((p) => p.id === id)!.counterexample!;

/** The sequence diagram's lines, trimmed, with participant aliases replaced by the names. */
function readable(mermaid: string): string[] {
  const names = new Map([...mermaid.matchAll(/participant (P\d+) as (.*)/g)].map((m) => [m[1]!, decodeMermaid(m[2]!)]));
  return mermaid.split('\n').map((l) => decodeMermaid(l.trim().replace(/\bP\d+\b/g, (p) => names.get(p) ?? p)));
}

describe('the founding loop as a sequence diagram', () => {
  const lines = readable(renderSequenceMermaid(counterexample('eventual-delivery')));

  it('has the sender, the filter and the relay as lifelines, in order of appearance', () => {
    expect(lines.filter((l) => l.startsWith('participant'))).toEqual([
      'participant sender as sender',
      `participant ${FILTER} as ${FILTER}`,
      `participant ${RELAY} as ${RELAY}`,
    ]);
  });

  it('shows sender → filter, then the call-aheads filter → relay and relay → filter nested one in the other', () => {
    const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
    const rcpt = at(`sender->>${FILTER}: 2. RCPT TO:<alice@example.com>`);
    const first = at(`${FILTER}->>${RELAY}: 3. RCPT TO:<alice@example.com> (call-ahead)`);
    const second = at(`${RELAY}->>${FILTER}: 4. RCPT TO:<alice@example.com> (call-ahead)`);
    expect([rcpt, first, second].every((i) => i >= 0)).toBe(true);
    expect(lines[first - 1]).toMatch(/^rect /);
    expect(lines[second - 1]).toMatch(/^rect /);
    expect(rcpt).toBeLessThan(first);
    expect(first).toBeLessThan(second);
  });

  it('puts the repeating part, from step 9 to the end, inside one loop block', () => {
    const loop = lines.findIndex((l) => l.startsWith('loop '));
    expect(lines[loop]).toBe('loop from step 9 the run repeats forever');
    expect(lines[loop + 1]).toBe('Note over sender: 9. retries the queued message');
    expect(lines.slice(0, loop).some((l) => l.includes(' 9. '))).toBe(false);
    expect(lines.filter((l) => l === 'end').length).toBe(lines.filter((l) => /^(rect|loop) /.test(l)).length);
  });

  it('replies with dashed arrows and marks the call-ahead that repeats', () => {
    expect(lines).toContain(`${FILTER}-->>sender: 8. 451 4.4.0 call-ahead failed temporarily`);
    expect(lines).toContain(`${FILTER}->>${RELAY}: 5. RCPT TO:<alice@example.com> (call-ahead)<br/>↺ repeats step 3`);
  });

  it('draws call-ahead-bounded as the chain inside a loop block: step 5 repeats step 3', () => {
    const cab = readable(renderSequenceMermaid(counterexample('call-ahead-bounded')));
    const loop = cab.findIndex((l) => l.startsWith('loop '));
    expect(cab[loop]).toBe('loop step 5 repeats step 3: the call-ahead chain never ends');
    expect(cab.findIndex((l) => l.includes(': 3. RCPT'))).toBeGreaterThan(loop);
  });
});

describe('the trace tree', () => {
  it('nests call-aheads by depth and closes every block', () => {
    const tree = traceTree(counterexample('eventual-delivery'));
    const depthOf = (items: readonly TraceItem[], n: number, depth = 0): number | null => {
      for (const item of items) {
        if (item.kind === 'step' && item.step.n === n) return depth;
        if (item.kind === 'call-ahead' || item.kind === 'loop') {
          const d = depthOf(item.items, n, depth + (item.kind === 'call-ahead' ? 1 : 0));
          if (d !== null) return d;
        }
      }
      return null;
    };
    expect([2, 3, 4, 5, 6, 7, 8].map((n) => depthOf(tree.items, n))).toEqual([0, 1, 2, 3, 2, 1, 0]);
    expect(tree.items.at(-1)!.kind).toBe('loop');
  });
});

describe('the founding loop as a topology map', () => {
  const { topology, result } = founding();

  it('marks the filter ↔ relay call-ahead cycle, and nothing else', () => {
    const graph = topologyGraph(topology, result);
    expect(cycleHosts(graph)).toEqual([FILTER, RELAY]);
    const id = (name: string) => graph.nodes.find((n) => n.name === name)!.id;
    const cycle = graph.edges.filter((e) => e.cycle).map((e) => [e.kind, e.from, e.to]);
    expect(cycle).toEqual([
      ['call-ahead', id(FILTER), id(RELAY)],
      ['call-ahead', id(RELAY), id(FILTER)],
    ]);
  });

  it('labels MX edges with preferences and routes with ports, and shows the blocked port', () => {
    const mermaid = decodeMermaid(renderTopologyMermaid(topologyGraph(topology, result)));
    expect(mermaid).toContain('|"MX 10"|');
    expect(mermaid).toContain('|"route :25"|');
    expect(mermaid).toContain('|"destination :2525, only as best MX"|');
    expect(mermaid).toContain('port 25 blocked');
    expect(mermaid.match(/==>\|"call-ahead :25 ↺ loop"\|/g)).toHaveLength(2);
  });

  it('draws the cycle in red in DOT, and Graphviz renders it', async () => {
    const dot = renderTopologyDot(topologyGraph(topology, result));
    expect(dot.match(/label="call-ahead :25 ↺ loop", color="#dc2626"/g)).toHaveLength(2);
    const svg = (await svgRenderer()).render(dot);
    expect(svgText(svg)).toContain('call-ahead :25 ↺ loop');
  });

  it('without a check result, marks no cycle', () => {
    expect(topologyGraph(topology).edges.some((e) => e.cycle)).toBe(false);
  });

  it('draws the trace as SVG through DOT with host lifelines, the nested call-aheads and the loop box', async () => {
    const dot = renderTraceDot(counterexample('eventual-delivery'));
    const text = svgText((await svgRenderer()).render(dot));
    for (const s of ['sender', FILTER, RELAY, '2. RCPT TO:<alice@example.com>', `call-ahead by ${FILTER}`, `call-ahead by ${RELAY}`, 'loop: from step 9 the run repeats forever']) {
      expect(text).toContain(s);
    }
  });
});
