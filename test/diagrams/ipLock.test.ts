/**
 * The topology map draws IP locks: an edge along which a client the target's `allowFrom` does not
 * list would connect says it is refused and with which reply (the host's `allowFromReply`), and
 * ends in a cross when every client of the edge is refused — as a blocked port does. A host whose
 * `software` is not `generic` says so in its label.
 */
import { describe, expect, it } from 'vitest';
import { loadTopology } from '../../models/topology/load.js';
import type { Topology } from '../../models/topology/types.js';
import { renderTopologyDot, renderTopologyMermaid } from '../../src/report/topologyDiagram.js';
import { topologyGraph, type TopologyGraph } from '../../src/report/topologyGraph.js';
import { decodeMermaid, svgRenderer, svgText } from './helpers.js';

/**
 * The sender reaches MX 20 (the backup, locked to the filter: 421 by default); the filter routes
 * and calls ahead to the mailbox, which lets in only the backup, with a real 550. The backup's own
 * route to the mailbox is allowed.
 */
const LOCKS = `version: 1
dns:
  example.com:
    mx: ["10 mx.filter.test", "20 backup.example.com"]
hosts:
  mx.filter.test:
    role: filter
    accepts: [example.com]
    route: { to: ["mail.example.com"] }
    software: exim
  backup.example.com:
    role: backup-mx
    accepts: [example.com]
    route: { to: ["mail.example.com"] }
    allowFrom: [mx.filter.test]
  mail.example.com:
    role: mailbox
    mailboxes: ["alice@example.com"]
    allowFrom: [backup.example.com]
    allowFromReply: 550
messages:
  - { from: "bob@sender.test", to: "alice@example.com" }
`;

function graphOf(text: string): { topology: Topology; graph: TopologyGraph; id: (name: string) => string } {
  const loaded = loadTopology(text, 'locks.yaml');
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  const graph = topologyGraph(loaded.topology);
  const id = (name: string) => graph.nodes.find((n) => n.name === name)!.id;
  return { topology: loaded.topology, graph, id };
}

describe('a map with a 421 and a 550 lock', () => {
  const { graph, id } = graphOf(LOCKS);
  const [domain, filter, backup, mail] = ['example.com', 'mx.filter.test', 'backup.example.com', 'mail.example.com'].map(id);
  const mermaid = renderTopologyMermaid(graph);
  const dot = renderTopologyDot(graph);
  /** The linkStyle line of the edge drawn on `line` of the Mermaid text. */
  const styleOf = (line: string) => {
    const edges = mermaid.split('\n').filter((l) => /^ {2}n\d+ \S+\|/.test(l));
    const i = edges.indexOf(`  ${line}`);
    expect(i, line).toBeGreaterThanOrEqual(0);
    return mermaid.split('\n').find((l) => l.startsWith(`  linkStyle ${i} `))!;
  };

  it('Mermaid: the MX edge the sender is refused on ends in a cross, saying 421 and whom it refuses', () => {
    const line = `${domain} --x|"MX 20 (refused#58; 421 to sender)"| ${backup}`;
    expect(mermaid).toContain(`  ${line}\n`);
    expect(styleOf(line)).toContain('stroke:#b45309');
    expect(mermaid).toContain(`  ${domain} -->|"MX 10"| ${filter}\n`);
  });

  it("Mermaid: the filter's route and call-ahead to the mailbox end in a cross, saying 550", () => {
    const route = `${filter} --x|"route #58;25 (refused#58; 550)"| ${mail}`;
    const callAhead = `${filter} -.-x|"call-ahead #58;25 (refused#58; 550)"| ${mail}`;
    expect(mermaid).toContain(`  ${route}\n`);
    expect(mermaid).toContain(`  ${callAhead}\n`);
    expect(styleOf(route)).toContain('stroke:#be123c');
    expect(styleOf(callAhead)).toContain('stroke:#be123c');
  });

  it("Mermaid: the backup's route, which the mailbox's allowFrom lists, is an ordinary edge", () => {
    expect(mermaid).toContain(`  ${backup} -->|"route #58;25"| ${mail}\n`);
    expect(decodeMermaid(mermaid).match(/refused: /g)).toHaveLength(3);
  });

  it('Mermaid: only the host whose software is not generic says its software', () => {
    expect(decodeMermaid(mermaid)).toContain(`${filter}["mx.filter.test<br/>filter · verify: call-ahead · software: exim"]`);
    expect(decodeMermaid(mermaid).match(/software: /g)).toHaveLength(1);
  });

  it('DOT: the same edges end in a tee, coloured by the reply', () => {
    expect(dot).toContain(`  ${domain} -> ${backup} [label="MX 20 (refused: 421 to sender)", color="#b45309", fontcolor="#b45309", arrowhead=tee, weight=2];`);
    expect(dot).toContain(`  ${filter} -> ${mail} [label="route :25 (refused: 550)", color="#be123c", fontcolor="#be123c", arrowhead=tee];`);
    expect(dot).toContain(`  ${filter} -> ${mail} [label="call-ahead :25 (refused: 550)", color="#be123c", fontcolor="#be123c", style=dashed, arrowhead=tee];`);
    expect(dot).toContain(`  ${backup} -> ${mail} [label="route :25", color="#111827", fontcolor="#111827"];`);
    expect(dot).toContain('<FONT POINT-SIZE="9" COLOR="#4b5563">software: exim</FONT>');
  });

  it('SVG: Graphviz draws the locks with their replies', async () => {
    const text = svgText((await svgRenderer()).render(dot, { strict: true }));
    for (const label of ['MX 20 (refused: 421 to sender)', 'route :25 (refused: 550)', 'call-ahead :25 (refused: 550)', 'software: exim']) expect(text).toContain(label);
  });
});

describe('an MX edge some of whose senders the lock lets in', () => {
  // A second message comes from a host the backup lets in and that delivers by MX too.
  const text = LOCKS.replace('allowFrom: [mx.filter.test]', 'allowFrom: [mx.filter.test, out.example.net]')
    .replace('hosts:\n', 'hosts:\n  out.example.net: { role: mta }\n')
    .replace('messages:\n', 'messages:\n  - { from: "carol@example.net", to: "alice@example.com", via: out.example.net }\n');
  const { graph, id } = graphOf(text);

  it('names the refused sender but does not end in a cross: mail gets through along it', () => {
    const mermaid = renderTopologyMermaid(graph);
    expect(mermaid).toContain(`  ${id('example.com')} -->|"MX 20 (refused#58; 421 to sender)"| ${id('backup.example.com')}\n`);
    expect(renderTopologyDot(graph)).toContain(`[label="MX 20 (refused: 421 to sender)", color="#2563eb", fontcolor="#2563eb", weight=2];`);
  });
});

describe('a null MX beside other records', () => {
  it('draws the other records as idle edges only Exim senders use, and says so on the domain', () => {
    const loaded = loadTopology('version: 1\ndns:\n  example.com: { mx: ["0 .", "10 mail.example.com"] }\nhosts:\n  mail.example.com: { role: mailbox, mailboxes: [alice@example.com] }\nmessages:\n  - { from: bob@sender.test, to: alice@example.com }\n', 'null.yaml');
    if (!loaded.ok) throw new Error('fixture does not load');
    const mermaid = decodeMermaid(renderTopologyMermaid(topologyGraph(loaded.topology, null)));
    expect(mermaid).toContain('MX 10 (Exim only)');
    expect(mermaid).toContain('null MX beside other records');
  });
});
