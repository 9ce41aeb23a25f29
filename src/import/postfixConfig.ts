/**
 * Reading a Postfix configuration as Postfix does: main.cf (or `postconf -n` output, the same
 * syntax) as `name = value` with indented continuation lines and `#` comments, the last assignment
 * winning, `$name` and `${name}` expanded against the file and a few built-in defaults; master.cf
 * (or `postconf -M` output) as service lines; and the source files of indexed lookup tables
 * (hash:, texthash:, lmdb:, cdb:, btree:, dbm:), whose text is what `postmap` compiled.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

export class PostfixImportError extends Error {}

export type Params = Map<string, string>;

/** `name = value` lines; a line starting with white space continues the previous one. */
export function parseMainCf(text: string): Params {
  const params: Params = new Map();
  let current: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*#/.test(raw) || raw.trim() === '') {
      current = null;
      continue;
    }
    if (/^\s/.test(raw)) {
      if (current !== null) params.set(current, `${params.get(current)} ${raw.trim()}`.trim());
      continue;
    }
    const m = /^([A-Za-z0-9_.-]+)\s*=\s*(.*)$/.exec(raw);
    if (m === null) throw new PostfixImportError(`not a "name = value" line: ${raw.trim()}`);
    current = m[1]!;
    params.set(current, m[2]!.trim());
  }
  return params;
}

/** Defaults that matter for mail routing, where the file leaves the parameter out (postconf -d). */
const DEFAULTS: Record<string, string> = {
  mydestination: '$myhostname, localhost.$mydomain, localhost',
  relay_domains: '',
  relayhost: '',
  relay_transport: 'relay',
  default_transport: 'smtp',
  transport_maps: '',
  relay_recipient_maps: '',
  smtpd_reject_unlisted_recipient: 'yes',
  hopcount_limit: '50',
  virtual_mailbox_domains: '$virtual_mailbox_maps',
  virtual_mailbox_maps: '',
  virtual_alias_domains: '$virtual_alias_maps',
  virtual_alias_maps: '',
  smtpd_client_restrictions: '',
  smtpd_relay_restrictions: 'permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination',
  smtpd_recipient_restrictions: '',
  mynetworks: '',
};

export class PostfixConfig {
  constructor(
    readonly params: Params,
    /** Where table paths that are not absolute are looked up (the config directory), if known. */
    readonly dir: string | null,
    readonly masterCf: string | null,
  ) {}

  /** The value as written or defaulted, without expansion; undefined when unknown. */
  raw(name: string): string | undefined {
    return this.params.get(name) ?? DEFAULTS[name];
  }

  /** The value with $name / ${name} expanded (ten levels deep at most, as a loop guard). */
  get(name: string): string {
    let value = this.raw(name) ?? '';
    for (let i = 0; i < 10 && value.includes('$'); i++) {
      value = value.replace(/\$\{?([A-Za-z0-9_]+)\}?/g, (_, n: string) => this.derived(n));
    }
    return value;
  }

  private derived(name: string): string {
    if (name === 'mydomain' && this.params.get('mydomain') === undefined) {
      const host = this.params.get('myhostname') ?? '';
      return host.includes('.') ? host.slice(host.indexOf('.') + 1) : 'localdomain';
    }
    return this.raw(name) ?? '';
  }

  /** A list parameter: comma- or space-separated words. */
  list(name: string): string[] {
    return this.get(name)
      .split(/[\s,]+/)
      .filter((w) => w !== '');
  }
}

export function readConfig(path: string): PostfixConfig {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new PostfixImportError('no such file or directory');
  }
  if (stat.isDirectory()) {
    const main = join(path, 'main.cf');
    if (!existsSync(main)) throw new PostfixImportError('the directory has no main.cf');
    const master = join(path, 'master.cf');
    return new PostfixConfig(parseMainCf(readFileSync(main, 'utf8')), path, existsSync(master) ? readFileSync(master, 'utf8') : null);
  }
  const params = parseMainCf(readFileSync(path, 'utf8'));
  // `postconf -n` prints config_directory when it differs from the default: tables are there.
  return new PostfixConfig(params, params.get('config_directory') ?? null, null);
}

/** The types whose source file `postmap` compiles: their text is the table. */
const INDEXED = new Set(['hash', 'btree', 'lmdb', 'cdb', 'dbm', 'texthash', 'sdbm']);

export type Table = { ok: true; entries: [string, string][]; source: string } | { ok: false; why: string };

/** Reads a `type:path` lookup table from its source text; other types cannot be read here. */
export function readTable(config: PostfixConfig, spec: string): Table {
  const m = /^([a-z0-9]+):(.+)$/.exec(spec);
  if (m === null) return { ok: false, why: `${spec} is not a type:name lookup table` };
  const [, type = '', name = ''] = m;
  if (type === 'static') return { ok: true, entries: [['*', name.replace(/^\{|\}$/g, '')]], source: spec };
  if (!INDEXED.has(type)) return { ok: false, why: `${spec}: ${type} tables are not read by the import (only their answers at run time say what they hold)` };
  const file = isAbsolute(name) || config.dir === null ? name : join(config.dir, name);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { ok: false, why: `${spec}: its source file ${file} cannot be read` };
  }
  const entries: [string, string][] = [];
  let last: [string, string] | null = null;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*#/.test(raw) || raw.trim() === '') continue;
    if (/^\s/.test(raw) && last !== null) {
      last[1] = `${last[1]} ${raw.trim()}`;
      continue;
    }
    const [key = '', ...rest] = raw.trim().split(/\s+/);
    last = [key.toLowerCase(), rest.join(' ')];
    entries.push(last);
  }
  return { ok: true, entries, source: file };
}

export interface Listener {
  /** The service field as written: `smtp`, `2525`, `127.0.0.1:2525`. */
  service: string;
  port: number | null;
  command: string;
  /** `-o name=value` overrides on the lines that continue it. */
  overrides: string[];
}

const SERVICE_PORTS: Record<string, number> = { smtp: 25, submission: 587, submissions: 465, smtps: 465 };

/** The inet services of master.cf (or `postconf -M` output) and their ports. */
export function listeners(masterCf: string): Listener[] {
  const out: Listener[] = [];
  let current: Listener | null = null;
  for (const raw of masterCf.split(/\r?\n/)) {
    if (/^\s*#/.test(raw) || raw.trim() === '') continue;
    if (/^\s/.test(raw)) {
      if (current !== null) current.overrides.push(...[...raw.matchAll(/-o\s+(\S+)/g)].map((m) => m[1]!));
      continue;
    }
    const fields = raw.trim().split(/\s+/);
    current = null;
    if (fields[1] !== 'inet') continue;
    const service = fields[0]!;
    const name = service.includes(':') ? service.slice(service.lastIndexOf(':') + 1) : service;
    const port = /^\d+$/.test(name) ? Number(name) : (SERVICE_PORTS[name] ?? null);
    current = { service, port, command: fields[7] ?? '', overrides: [] };
    out.push(current);
  }
  return out;
}
