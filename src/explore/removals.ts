/**
 * The single removals of a finding, read off the file explore writes: each takes one thing out of
 * it — a host that is not the rules' own (with the MX records, faults and blocked ports that name
 * it), an MX record, a fault, a blocked port, a message, or one option of a host that is not the
 * rules' own, which then falls back to its role's or the file's default. A finding is 1-minimal when
 * none of them keeps the violation. Working on the written file keeps "minimal" what a reader of it
 * means: every line of it matters. A removal the loader refuses (a host another one routes to, a
 * relay's required route) is no topology and is not offered.
 */
import { parse, stringify } from 'yaml';
import { loadTopology } from '../../models/topology/load.js';
import { parseHostPort, parseMx } from '../../models/topology/parse.js';
import type { Topology } from '../../models/topology/types.js';
import { topologyToYaml } from '../../models/topology/write.js';

export interface Removal {
  /** What is taken out, as a person says it: `host relay1.test`, `MX "20 mta2.test" of d1.test`. */
  what: string;
  topology: Topology;
}

/** Every part of the file the rules do not fix: their hosts and their DNS stay as given. */
export interface Fixed {
  hosts: ReadonlySet<string>;
  dns: ReadonlySet<string>;
}

type Doc = Record<string, unknown>;
type Entry = { mx?: string[]; a?: string[]; aaaa?: string[]; cname?: string };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A removal as a function of a fresh copy of the document. */
interface Edit {
  what: string;
  apply(doc: Doc): void;
}

/** The file's parts as plain data; `topologyToYaml` writes only what differs from the defaults. */
export function findingDoc(topology: Topology): Doc {
  return parse(topologyToYaml({ ...topology, expect: {} })) as Doc;
}

export interface Removals {
  /** The removals that leave a topology, in file order. */
  removals: Removal[];
  /** Those the loader refuses, by what they take out: a relay's route, a host another routes to. */
  refused: string[];
}

export function singleRemovals(topology: Topology, fixed: Fixed): Removals {
  const out: Removals = { removals: [], refused: [] };
  for (const r of eachRemoval(topology, fixed)) {
    if (r.topology === null) out.refused.push(r.what);
    else out.removals.push({ what: r.what, topology: r.topology });
  }
  return out;
}

/**
 * The single removals one at a time, in file order, each with its topology or null when the loader
 * refuses it: writing and loading each is most of what a removal costs, so a caller that stops at
 * the first one that keeps the violation (minimize.ts) loads no more than it needs.
 */
export function* eachRemoval(topology: Topology, fixed: Fixed): Generator<{ what: string; topology: Topology | null }> {
  const doc = findingDoc(topology);
  for (const edit of edits(doc, fixed)) {
    const copy = structuredClone(doc);
    edit.apply(copy);
    // A topology with config roles is read again with them: its hosts name them.
    const loaded = loadTopology(stringify(copy), topology.file, topology.roles === undefined ? undefined : { config: { source: '(roles)', ids: [], roles: topology.roles } });
    yield { what: edit.what, topology: loaded.ok ? { ...loaded.topology, positions: {} } : null };
  }
}

function edits(doc: Doc, fixed: Fixed): Edit[] {
  const out: Edit[] = [];
  const hosts = isObject(doc.hosts) ? doc.hosts : {};
  const dns = (isObject(doc.dns) ? doc.dns : {}) as Record<string, Entry>;
  const network = isObject(doc.network) ? doc.network : {};
  const own = Object.keys(hosts).filter((h) => !fixed.hosts.has(h));

  for (const name of own) out.push({ what: `host ${name}`, apply: (d) => removeHost(d, name, fixed) });
  for (const [owner, entry] of Object.entries(dns)) {
    if (fixed.dns.has(owner)) continue;
    (entry.mx ?? []).forEach((record, i) => out.push({ what: `MX "${record}" of ${owner}`, apply: (d) => removeMx(d, owner, i, fixed) }));
  }
  for (const name of Object.keys(isObject(network.faults) ? network.faults : {})) {
    out.push({ what: `fault of ${name}`, apply: (d) => dropKey(d, ['network', 'faults'], name) });
  }
  (Array.isArray(network.blocked) ? (network.blocked as string[]) : []).forEach((b, i) => {
    out.push({ what: `blocked port ${b}`, apply: (d) => dropItem(d, ['network', 'blocked'], i) });
  });
  (Array.isArray(doc.messages) ? doc.messages : []).forEach((m, i) => {
    const to = isObject(m) ? String(m.to) : '?';
    out.push({ what: `message ${i + 1} (to ${to})`, apply: (d) => dropItem(d, ['messages'], i) });
  });
  for (const name of own) out.push(...optionEdits(name, hosts[name]));
  if (doc.defaults !== undefined) out.push({ what: 'defaults', apply: (d) => delete d.defaults });
  if (doc.limits !== undefined) out.push({ what: 'limits', apply: (d) => delete d.limits });
  return out;
}

/** Each option of one host, back to its default; within `spam` and `route`, each part of it. */
function optionEdits(name: string, host: unknown): Edit[] {
  if (!isObject(host)) return [];
  const out: Edit[] = [];
  for (const key of Object.keys(host)) {
    if (key === 'role') continue;
    out.push({ what: `${key} of ${name}`, apply: (d) => dropKey(d, ['hosts', name], key) });
  }
  if (isObject(host.spam)) {
    for (const key of ['whitelist', 'action'] as const) {
      const value = host.spam[key];
      const isDefault = value === undefined || (Array.isArray(value) && value.length === 0) || value === 'reject';
      if (!isDefault) out.push({ what: `spam.${key} of ${name}`, apply: (d) => dropKey(d, ['hosts', name, 'spam'], key) });
    }
  }
  // A route to another port: the port is an option of its own (port 25 is the default).
  const route = host.route;
  if (isObject(route)) {
    const hops: [string, number | null][] = Array.isArray(route.to)
      ? (route.to as string[]).map((h, i) => [h, i])
      : typeof route.bestMxElse === 'string'
        ? [[route.bestMxElse, null]]
        : [];
    for (const [hop, i] of hops) {
      const parsed = parseHostPort(hop);
      if (!parsed.ok || parsed.value.port === 25) continue;
      out.push({
        what: `port ${parsed.value.port} of ${name}'s route to ${parsed.value.host}`,
        apply: (d) => {
          const r = ((d.hosts as Doc)[name] as Doc).route as Doc;
          if (i === null) r.bestMxElse = parsed.value.host;
          else (r.to as string[])[i] = parsed.value.host;
        },
      });
    }
  }
  return out;
}

function at(doc: Doc, path: readonly string[]): Record<string, unknown> | undefined {
  let node: unknown = doc;
  for (const seg of path) node = isObject(node) ? node[seg] : undefined;
  return isObject(node) ? node : undefined;
}

/** Deletes `key` under `path`, and the containers it leaves empty on the way up. */
function dropKey(doc: Doc, path: readonly string[], key: string): void {
  const holder = at(doc, path);
  if (holder === undefined) return;
  delete holder[key];
  pruneEmpty(doc, path);
}

function dropItem(doc: Doc, path: readonly string[], index: number): void {
  const holder = at(doc, path.slice(0, -1));
  const list = holder?.[path.at(-1)!];
  if (!Array.isArray(list)) return;
  list.splice(index, 1);
  if (list.length === 0 && path[0] !== 'messages') delete holder![path.at(-1)!];
  pruneEmpty(doc, path.slice(0, -1));
}

function pruneEmpty(doc: Doc, path: readonly string[]): void {
  for (let n = path.length; n > 0; n--) {
    const parent = at(doc, path.slice(0, n - 1));
    const node = parent?.[path[n - 1]!];
    // A host stays even with nothing but its name left; sections and entries go when empty.
    if (path[0] === 'hosts' && n <= 2) return;
    if (isObject(node) && Object.keys(node).length === 0) delete parent![path[n - 1]!];
    else return;
  }
}

function removeHost(doc: Doc, name: string, fixed: Fixed): void {
  delete (doc.hosts as Doc)[name];
  dropKey(doc, ['network', 'faults'], name);
  const network = at(doc, ['network']);
  if (Array.isArray(network?.blocked)) {
    network.blocked = (network.blocked as string[]).filter((b) => hopHost(b) !== name);
    if ((network.blocked as string[]).length === 0) delete network.blocked;
    pruneEmpty(doc, ['network']);
  }
  // MX records naming it, directly or through an alias of it, go with it; so do the aliases.
  const dns = (at(doc, ['dns']) ?? {}) as Record<string, Entry>;
  const aliases = new Set(Object.entries(dns).flatMap(([owner, e]) => (e.cname === name ? [owner] : [])));
  for (const [owner, entry] of Object.entries(dns)) {
    if (entry.mx === undefined) continue;
    entry.mx = entry.mx.filter((r) => {
      const parsed = parseMx(r);
      return !(parsed.ok && (parsed.value.host === name || aliases.has(parsed.value.host)));
    });
    if (entry.mx.length === 0) delete entry.mx;
    if (Object.keys(entry).length === 0) delete dns[owner];
  }
  for (const alias of aliases) delete dns[alias];
  dropOrphans(doc, fixed);
}

function hopHost(hop: string): string | null {
  const parsed = parseHostPort(hop);
  return parsed.ok ? parsed.value.host : null;
}

function removeMx(doc: Doc, owner: string, index: number, fixed: Fixed): void {
  const entry = (at(doc, ['dns']) as Record<string, Entry>)[owner]!;
  entry.mx!.splice(index, 1);
  if (entry.mx!.length === 0) delete entry.mx;
  if (Object.keys(entry).length === 0) delete (doc.dns as Doc)[owner];
  dropOrphans(doc, fixed);
  pruneEmpty(doc, ['dns']);
}

/**
 * Address and alias records that only stood for an MX target no record names any more (a server
 * outside the model, an alias of a host): they change nothing once nothing points at them.
 */
function dropOrphans(doc: Doc, fixed: Fixed): void {
  const dns = at(doc, ['dns']) as Record<string, Entry> | undefined;
  if (dns === undefined) return;
  const targets = new Set(
    Object.values(dns).flatMap((e) => (e.mx ?? []).flatMap((r) => {
      const parsed = parseMx(r);
      return parsed.ok ? [parsed.value.host] : [];
    })),
  );
  const used = new Set<string>([...targets, ...namesUsed(doc)]);
  for (const [owner, entry] of Object.entries(dns)) {
    if (entry.mx === undefined && !used.has(owner) && !fixed.dns.has(owner)) delete dns[owner];
  }
  pruneEmpty(doc, ['dns']);
}

/** Domains the file's hosts and messages speak of: their own DNS entries are not orphans. */
function namesUsed(doc: Doc): string[] {
  const out: string[] = [];
  const domain = (a: unknown) => (typeof a === 'string' ? [a.slice(a.lastIndexOf('@') + 1)] : []);
  for (const m of Array.isArray(doc.messages) ? doc.messages : []) if (isObject(m)) out.push(...domain(m.to), ...domain(m.from));
  for (const h of Object.values(isObject(doc.hosts) ? doc.hosts : {})) {
    if (!isObject(h)) continue;
    for (const a of Array.isArray(h.accepts) ? h.accepts : []) if (typeof a === 'string') out.push(a);
    for (const m of Array.isArray(h.mailboxes) ? h.mailboxes : []) out.push(...domain(m));
  }
  return out;
}
