/**
 * Writes an import as a FORMAT.md file: a header saying what it was made from, the `dns` section,
 * and each host under a comment saying where it came from and what is assumed. Lists of names and
 * messages are written on one line, as FORMAT.md writes them. The text is loaded back before it is
 * handed out: an import that `check` could not load is a bug of ours, reported as one.
 */
import { isMap, isPair, isScalar } from 'yaml';
import { formatLoadError, loadTopology } from '../../models/topology/load.js';
import { formattedDocument } from '../../models/topology/write.js';
import type { DnsEntry } from '../../models/topology/types.js';
import type { Imported } from './infer.js';

const WIDTH = 100;

/** Splits sentences into comment lines of at most WIDTH columns (a long URL stays whole). */
export function wrap(lines: readonly string[], width = WIDTH): string[] {
  const out: string[] = [];
  for (const line of lines) {
    let current = '';
    if (line.startsWith('  ')) {
      out.push(line);
      continue;
    }
    for (const word of line.split(' ')) {
      if (current !== '' && current.length + 1 + word.length > width) {
        out.push(current);
        current = word;
      } else current = current === '' ? word : `${current} ${word}`;
    }
    out.push(current);
  }
  return out;
}

const dnsValue = (e: DnsEntry): Record<string, unknown> => {
  const v: Record<string, unknown> = {};
  if (e.mx !== undefined) v.mx = e.mx.map((r) => `${r.preference} ${r.host}`);
  if (e.a !== undefined) v.a = e.a;
  if (e.aaaa !== undefined) v.aaaa = e.aaaa;
  if (e.cname !== undefined) v.cname = e.cname;
  return v;
};

/** The file's text; `header` paragraphs (each wrapped on its own; '' for a blank line) open it as comments. */
export function importedToYaml(imported: Imported, header: readonly string[]): string {
  const doc: Record<string, unknown> = { version: 1 };
  if (Object.keys(imported.dns).length > 0) doc.dns = Object.fromEntries(Object.entries(imported.dns).map(([k, e]) => [k, dnsValue(e)]));
  doc.hosts = Object.fromEntries(imported.hosts.map((h) => [h.name, h.fields]));
  doc.messages = imported.messages;
  const yaml = formattedDocument(doc);
  const hosts = yaml.get('hosts');
  if (isMap(hosts)) {
    hosts.items.forEach((pair, i) => {
      const key = isPair(pair) ? pair.key : null;
      if (!isScalar(key)) return;
      const host = imported.hosts.find((h) => h.name === String(key.value));
      if (host !== undefined) key.commentBefore = wrap(host.comment, WIDTH - 2).map((l) => ` ${l}`).join('\n');
      if (i > 0) key.spaceBefore = true;
    });
  }
  const lines = [...header, ...(imported.notes.length > 0 ? ['', 'What the records say:', ...imported.notes.map((n) => `- ${n}`)] : [])];
  const head = wrap(lines, WIDTH - 2).map((l) => (l === '' ? '#' : `# ${l}`)).join('\n');
  return `${head}\n${yaml.toString({ lineWidth: 0 })}`;
}

/** Loads the text as `check` would; throws (a bug of ours) when it does not load. */
export function assertLoads(text: string, file: string): void {
  const loaded = loadTopology(text, file);
  if (!loaded.ok) throw new Error(`the imported topology does not load:\n${loaded.errors.map(formatLoadError).join('\n')}\n${text}`);
}
