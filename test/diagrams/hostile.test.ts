/**
 * Names are data, not markup. A topology whose host names, domain and addresses carry quotes,
 * tags, `-->`, `%%`, `#`, `;`, backticks, entities, a newline, a bidi override and unicode goes
 * through every output format: each still parses as its own language, nothing from a name becomes
 * structure, and every name reads back as the text it is. (The browser suite renders the same
 * Mermaid and HTML for real.)
 */
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { formatLoadError, loadTopology } from '../../models/topology/load.js';
import { checkTopology } from '../../properties/check.js';
import { generateDocs } from '../../src/docs/site.js';
import { dotString, escapeHtml, fenced, markdownInline, mermaidText, visible } from '../../src/report/escape.js';
import { renderSequenceMermaid } from '../../src/report/sequence.js';
import { renderCheckText, renderCounterexample } from '../../src/report/text.js';
import { renderTopologyDot, renderTopologyMermaid } from '../../src/report/topologyDiagram.js';
import { topologyGraph } from '../../src/report/topologyGraph.js';
import { renderTraceDot } from '../../src/report/traceDot.js';
import { decodeMermaid, svgRenderer, svgText } from './helpers.js';
import { DOMAIN, FILTER, hostileTopology, LOADABLE_MX, LOADABLE_RCPT, LOADABLE_YAML, MAILBOX, NAMES, RCPT, RELAY } from './hostile.js';

const topology = hostileTopology();
const result = checkTopology(topology);
const cx = () => result.properties.find((p) => p.id === 'eventual-delivery')!.counterexample!;

/** Mermaid statements we emit; anything else on a line means a name became structure. */
const MERMAID_LINE = [
  /^(sequenceDiagram|flowchart LR|end)$/,
  /^participant P\d+ as [^"\n;#%<>`]*$/,
  /^P\d+(->>|-->>|-x)P\d+: [^\n;"%<>`]*$/,
  /^Note over P\d+(,P\d+)?: [^\n;"%<>`]*$/,
  /^(rect rgba\([\d., ]+\)|loop [^\n;"%<>`]*)$/,
  /^n\d+(\(\[|\{\{|\[)"[^"\n]*"(\]\)|\}\}|\])$/,
  /^n\d+ (-->|-\.->|==>|--x|-\.-x|==x)\|"[^"|\n]*"\| n\d+$/,
  /^(linkStyle \d+ |classDef |class )[^"<>]*$/,
];

/** Text in a Mermaid line outside what Mermaid entity codes stand for, after removing our own markup. */
const raw = (line: string) => line.replace(/#\d+;/g, '').replace(/<br\/>/g, '');

describe('hostile names', () => {
  it('still make a model the checker explores: the founding loop is found', () => {
    expect(result.properties.find((p) => p.id === 'call-ahead-bounded')!.verdict).toBe('violated');
    expect(result.properties.find((p) => p.id === 'dns-well-formed')!.problems).toHaveLength(2);
  });

  it('escape to inert text in every language', () => {
    for (const name of NAMES) {
      expect(raw(mermaidText(name))).not.toMatch(/[#;%"<>`:\n]/);
      expect(decodeMermaid(mermaidText(name))).toBe(visible(name));
      expect(dotString(name).slice(1, -1)).not.toMatch(/(^|[^\\])"/);
      expect(escapeHtml(name)).not.toMatch(/[<>"'\n]/);
      expect(markdownInline(name)).not.toMatch(/(^|[^\\])[<>|`*_[\]]/);
    }
    expect(fenced('text', 'a ``` b ```` c')).toMatch(/^`````text\n[\s\S]*\n`````$/);
    expect(visible('a\nb\u202ec')).toBe('a\\nb\\u202ec');
  });

  it('keep the Mermaid sequence diagram and topology map to our statements, and read back as the names', () => {
    const sequence = renderSequenceMermaid(cx());
    const map = renderTopologyMermaid(topologyGraph(topology, result));
    for (const line of [...sequence.split('\n'), ...map.split('\n')].map((l) => l.trim()).filter(Boolean)) {
      expect(MERMAID_LINE.some((re) => re.test(raw(line))), line).toBe(true);
    }
    const participants = [...sequence.matchAll(/participant P\d+ as (.*)/g)].map((m) => decodeMermaid(m[1]!));
    expect(participants.slice(0, 3)).toEqual(['sender', FILTER, RELAY].map(visible));
    const decoded = decodeMermaid(map);
    for (const name of [FILTER, RELAY, MAILBOX, DOMAIN, RCPT].map(visible)) expect(decoded).toContain(name);
    expect(decoded).toContain('destination :2525, only as best MX (refused: 550)');
  });

  it('render from DOT to well-formed SVG whose text is the names', async () => {
    const viz = await svgRenderer();
    for (const dot of [renderTopologyDot(topologyGraph(topology, result)), renderTraceDot(cx(), { title: topology.file, allSteps: true })]) {
      const svg = viz.render(dot, { strict: true });
      expect(XMLValidator.validate(svg)).toBe(true);
      expect(svg).not.toMatch(/<(script|img|b|i|p)[\s>]/);
      const text = svgText(svg);
      for (const name of [FILTER, RELAY, MAILBOX].map(visible)) expect(text).toContain(name);
    }
    // Cut to the steps the violation needs: the mailbox's faults are left out, the note names the recipient.
    const cut = viz.render(renderTraceDot(cx()), { strict: true });
    expect(XMLValidator.validate(cut)).toBe(true);
    expect(svgText(cut).replace(/\s+/g, ' ')).toContain(visible(RCPT));
  });

  it('stay text in the Markdown and HTML pages', async () => {
    const pages = generateDocs([{ file: topology.file, text: '# a "<b>" comment %% #;\nversion: 1\n', topology, sourceLink: null }], {
      svg: await svgRenderer(),
      mermaidScript: '/* mermaid */',
    });
    const html = pages.find((p) => p.path.endsWith('.html'))!.content;
    // Ours only: the Mermaid script beside the page and the one that runs it.
    expect(html.match(/<script[\s>]/g)).toHaveLength(2);
    expect(html).toContain('<script src="mermaid.tiny.js"></script>');
    expect(html).not.toMatch(/<(img|b|i|p>bold)[\s>]|onerror="window/);
    expect(html).toContain(escapeHtml(FILTER));
    expect(html).toContain('<h4>problem 2 of 2</h4>');
    const md = pages.find((p) => p.path !== 'index.md' && p.path !== 'machines.md' && p.path.endsWith('.md'))!.content;
    expect(md).toContain('#### problem 2 of 2');
    const outsideFences = md.replace(/^(`{3,})[a-z]*\n[\s\S]*?\n\1$/gm, '').replace(/<\/?(details|summary)>|<!--.*-->/g, '');
    expect(outsideFences.split('\n').filter((l) => /[<>]/.test(l))).toEqual([]);
    for (const row of outsideFences.split('\n').filter((l) => l.startsWith('| ✓') || l.startsWith('| ✗'))) {
      expect(row.replace(/\\\|/g, '').match(/\|/g)).toHaveLength(6);
    }
  });

  it('accepted by the loader (odd addresses, an MX target that looks like a tag) draw as well', async () => {
    const loaded = loadTopology(LOADABLE_YAML, 'loadable.yaml');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const checked = checkTopology(loaded.topology);
    expect(checked.properties.find((p) => p.id === 'dns-well-formed')!.verdict).toBe('violated');
    const graph = topologyGraph(loaded.topology, checked);
    expect(decodeMermaid(renderTopologyMermaid(graph))).toContain(LOADABLE_MX);
    const svg = (await svgRenderer()).render(renderTopologyDot(graph), { strict: true });
    expect(svgText(svg)).toContain(LOADABLE_MX);
    const trace = checked.properties.find((p) => p.id === 'call-ahead-bounded')!.counterexample!;
    expect(decodeMermaid(renderSequenceMermaid(trace))).toContain(`RCPT TO:<${LOADABLE_RCPT}>`);
  });
});

/** Raw control, bidi and NUL characters (a line break excepted): what must never reach a terminal. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/u;

describe('hostile names in text', () => {
  it('are escaped in the text report and every counterexample step, and still read as the names', () => {
    // Every step (the mailbox's faults too), and the steps the violation needs with the note on
    // what was left out, which names the recipient.
    const text = renderCheckText(result, undefined, undefined, { allSteps: true });
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).toContain(visible(MAILBOX));
    const cut = renderCheckText(result);
    expect(cut).not.toMatch(RAW_CONTROL);
    expect(cut).toContain(`the mail for <${visible(RCPT)}> does not need`);
    for (const p of result.properties.filter((q) => q.counterexample !== undefined)) {
      for (const allSteps of [false, true]) for (const line of renderCounterexample(p.counterexample!, { allSteps })) expect(line).not.toMatch(RAW_CONTROL);
    }
  });

  it('are escaped inside the Markdown pages’ fenced blocks too', async () => {
    const pages = generateDocs([{ file: topology.file, text: 'version: 1\n', topology, sourceLink: null }], { svg: await svgRenderer(), mermaidScript: '/* mermaid */' });
    for (const page of pages.filter((p) => p.path.endsWith('.md'))) expect(page.content).not.toMatch(RAW_CONTROL);
  });

  it('are escaped in load errors, which name the offending address visibly', () => {
    const loaded = loadTopology('version: 1\nmessages:\n  - { from: "evil\\e[8m\\0@x.test", to: "a\\u202e@b.test" }\n', 'evil\u001b[2J.yaml');
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    const lines = loaded.errors.map(formatLoadError);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toMatch(RAW_CONTROL);
    expect(lines[0]).toContain('evil\\u001b[8m\\u0000@x.test');
    expect(lines[0]).toContain('control or invisible character');
    expect(lines[0]!.startsWith('evil\\u001b[2J.yaml:3:')).toBe(true);
  });
});
