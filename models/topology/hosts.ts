/** Builds the hosts: names first (references need them all), then each host with its preset. */
import type { BuildContext } from './context.js';
import { parseAddress, parseName } from './parse.js';
import { applyPreset } from './presets.js';
import { buildRoute } from './routes.js';
import type { RawHost } from './schema.js';
import type { Path } from './source.js';
import { SOFTWARE } from './software.js';
import type { Host, Route, Software, Topology } from './types.js';
import { listOf, oneOfMessage } from './text.js';
import { findRole, roleIds, roleOf } from '../roles/registry.js';
import type { RoleDefinition } from '../roles/types.js';

export interface HostEntry {
  /** The key as written in the file (for paths). */
  key: string;
  name: string;
  raw: RawHost;
}

/** Checks and normalizes host names, in file order, and makes them known to the context. */
export function hostNames(ctx: BuildContext, hosts: Record<string, RawHost>, order: string[]): HostEntry[] {
  const entries: HostEntry[] = [];
  // File order first; any key the document walk did not see still gets checked, never dropped.
  for (const key of new Set([...order, ...Object.keys(hosts)])) {
    const raw = hosts[key];
    if (raw === undefined || !Object.hasOwn(hosts, key)) continue;
    const parsed = parseName(key, 'host name');
    if (!parsed.ok) {
      ctx.error(['hosts', key], parsed.message);
      continue;
    }
    if (!ctx.firstSighting('host', parsed.value, ['hosts', key])) continue;
    ctx.addHost(parsed.value);
    entries.push({ key, name: parsed.value, raw });
  }
  return entries;
}

function addresses(ctx: BuildContext, path: Path, list: string[] | undefined): string[] {
  const out: string[] = [];
  (list ?? []).forEach((raw, i) => {
    const parsed = parseAddress(raw);
    if (parsed.ok) out.push(parsed.value);
    else ctx.error([...path, i], parsed.message);
  });
  return out;
}

function domains(ctx: BuildContext, path: Path, list: string[] | undefined): string[] | undefined {
  if (list === undefined) return undefined;
  const out: string[] = [];
  list.forEach((raw, i) => {
    if (raw === '*') return void out.push('*');
    const parsed = parseName(raw, 'domain (or `*` alone for every domain)');
    if (parsed.ok) out.push(parsed.value);
    else ctx.error([...path, i], parsed.message);
  });
  return [...new Set(out)];
}

function hostList(ctx: BuildContext, path: Path, list: string[], where: string): string[] {
  return list.map((raw, i) => ctx.hostRef([...path, i], raw, where)).filter((h): h is string => h !== null);
}

function routes(ctx: BuildContext, path: Path, raw: RawHost['routes'], host: string): Record<string, Route> {
  const out: Record<string, Route> = {};
  for (const [key, value] of Object.entries(raw ?? {})) {
    const domain = parseName(key, 'domain');
    if (!domain.ok) {
      ctx.error([...path, key], domain.message);
      continue;
    }
    if (!ctx.firstSighting('domain', domain.value, [...path, key], host)) continue;
    const route = buildRoute(ctx, [...path, key], value, 'routes');
    if (route) out[domain.value] = route;
  }
  return out;
}

/**
 * The role a host names, checked against the built-in roles and those a config registered; null
 * after reporting an unknown name with the closest one (the host is then built as an `mta`, so the
 * rest of it is still checked).
 */
function roleFor(ctx: BuildContext, path: Path, raw: RawHost, roles: Topology['roles']): RoleDefinition | null {
  const found = findRole(roles, raw.role ?? 'mta');
  if (found !== undefined) return found;
  const own = [...(roles?.values() ?? [])];
  const registered =
    own.length === 0
      ? ' (a role of your own is registered under `roles` in an mxproof.config file)'
      : `; ${listOf(own.map((r) => r.id))} ${own.length === 1 ? 'is' : 'are'} registered by ${own[0]!.origin}`;
  ctx.error([...path, 'role'], `${oneOfMessage('role', roleIds(roles), raw.role)}${registered}`);
  return null;
}

/**
 * A config role's `options`, parsed by the schema it registered; every problem is named at its
 * field under `options`. A role without a schema takes none.
 */
function options(ctx: BuildContext, path: Path, raw: RawHost, role: RoleDefinition): Record<string, unknown> | undefined {
  if (role.options === undefined) {
    if (raw.options !== undefined) ctx.error([...path, 'options'], `the ${role.id} role takes no \`options\`${role.origin === 'built-in' ? ' (only a role a config registers may)' : ''}`);
    return undefined;
  }
  const parsed = role.options.safeParse(raw.options ?? {});
  if (parsed.success) return parsed.data as Record<string, unknown>;
  for (const issue of parsed.error.issues) {
    const where = issue.path.map(String);
    ctx.error([...path, 'options', ...where], `option${where.length > 0 ? ` \`${where.join('.')}\`` : 's'} of role ${role.id} (${role.origin}): ${issue.message}`);
  }
  return undefined;
}

export function buildHost(ctx: BuildContext, entry: HostEntry, defaults: { software: Software }, roles?: Topology['roles']): Host {
  const { raw, name } = entry;
  const path: Path = ['hosts', entry.key];
  const at = (...rest: (string | number)[]): Path => [...path, ...rest];
  const known = roleFor(ctx, path, raw, roles);
  const definition = known ?? roleOf({}, 'mta');
  const role = definition.id;
  const own = known === null ? undefined : options(ctx, path, raw, definition);
  const software = raw.software ?? defaults.software;
  const mailboxes = addresses(ctx, at('mailboxes'), raw.mailboxes);
  const preset = applyPreset(
    {
      role,
      accepts: domains(ctx, at('accepts'), raw.accepts),
      verify: raw.verify,
      rawRoute: raw.route,
      route: raw.route === undefined ? undefined : buildRoute(ctx, at('route'), raw.route, 'route'),
      recipientsGiven: raw.recipients !== undefined,
      mailboxes,
    },
    (rel, message) => ctx.error([...path, ...rel], message),
    definition,
  );
  return {
    name,
    role,
    accepts: preset.accepts,
    mailboxes,
    recipients: addresses(ctx, at('recipients'), raw.recipients),
    verify: preset.verify,
    deferOk: raw.deferOk ?? false,
    route: preset.route,
    routes: routes(ctx, at('routes'), raw.routes, name),
    selfCheck: raw.selfCheck ?? true,
    listen: raw.listen ?? [25],
    allowFrom: raw.allowFrom === undefined ? null : hostList(ctx, at('allowFrom'), raw.allowFrom, 'allowFrom'),
    spam:
      raw.spam === undefined
        ? null
        : {
            blocks: hostList(ctx, at('spam', 'blocks'), raw.spam.blocks, 'spam.blocks'),
            whitelist: hostList(ctx, at('spam', 'whitelist'), raw.spam.whitelist ?? [], 'spam.whitelist'),
            action: raw.spam.action ?? 'reject',
          },
    hopLimit: raw.hopLimit ?? SOFTWARE[software].hopLimit,
    software,
    allowFromReply: raw.allowFromReply ?? 421,
    tags: [...new Set(raw.tags ?? [])],
    ...(own === undefined ? {} : { options: own }),
  };
}
