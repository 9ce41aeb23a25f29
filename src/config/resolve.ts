/**
 * From a config's default export to the registry a check reads: the shape is validated (zod), ids
 * are checked against the built-in ones and each other, and every function of the user's is
 * wrapped so that an exception or a value of the wrong kind during a check becomes an
 * ExtensionError naming the config file, the property and the function, never a crash of mxproof.
 */
import * as z from 'zod';
import { EFFECT_LABEL } from '../../models/system/labels.js';
import { PROPERTY_ID } from '../../models/topology/pathProperties.js';
import { byPosition, type LoadError } from '../../models/topology/errors.js';
import { didYouMean, listOf, show } from '../../models/topology/text.js';
import { BUILT_IN } from '../../properties/index.js';
import type { PropertyRegistry } from '../../properties/registry.js';
import type { MailProperty } from '../../properties/types.js';
import type { MxproofConfig } from './define.js';
import { describeThrown, ExtensionError, placeOf, thrownAt } from './errors.js';
import { configRoles, roleIdErrors } from './roles.js';
import { VERIFY_MODES } from '../../models/topology/schema.js';
import type { RoleDefinition } from '../../models/roles/types.js';

/** A config validated: the registry its checks read, and the ids `expect` and `--property` may name. */
export interface Extensions {
  /** The config file, or `(config)` for an object a program passed. */
  source: string;
  registry: PropertyRegistry;
  propertyIds: string[];
  /** The roles it registers, by id (none: empty). */
  roles: ReadonlyMap<string, RoleDefinition>;
}

export type ExtensionsResult = { ok: true; extensions: Extensions } | { ok: false; errors: LoadError[] };

export const UNNAMED_CONFIG = '(config)';

const EFFECT_KINDS = Object.keys(EFFECT_LABEL) as [string, ...string[]];
type Fn = (...args: unknown[]) => unknown;
const fn = z.custom<Fn>((v) => typeof v === 'function', { message: 'expected a function' });
const base = { id: z.string(), summary: z.string().min(1), notApplicable: fn.optional() };
const SHAPES = {
  safety: z.strictObject({ ...base, kind: z.literal('safety'), judges: z.array(z.enum(EFFECT_KINDS)).min(1), violation: fn, perMessage: z.boolean().optional() }),
  liveness: z.strictObject({ ...base, kind: z.literal('liveness'), goal: fn, explain: fn }),
  static: z.strictObject({ ...base, kind: z.literal('static'), findings: fn }),
};
const zodSchema = z.custom<z.ZodType>((v) => v !== null && typeof v === 'object' && typeof (v as { safeParse?: unknown }).safeParse === 'function', {
  message: 'expected a zod schema',
});
/** A role preset's fields (models/roles/types.ts RolePreset), checked so a wrong one is the config's error, not a crash. */
const hostPort = z.strictObject({ host: z.string().min(1), port: z.number().int().min(1).max(65535) });
const PRESET_ACCEPTS = z.union([z.literal('required'), z.literal('own-mailboxes'), z.array(z.string())], {
  error: "expected 'required', 'own-mailboxes' or a list of domains",
});
const verifyMode = z.enum(VERIFY_MODES);
const PRESET_VERIFY = z.union([verifyMode, z.strictObject({ withRecipients: verifyMode, otherwise: verifyMode })], {
  error: `expected a verify mode (${VERIFY_MODES.join(', ')}) or { withRecipients, otherwise }`,
});
const PRESET_ROUTE = z.union([
  z.strictObject({ kind: z.enum(['local', 'mx']) }),
  z.strictObject({ kind: z.literal('to'), to: z.array(hostPort).min(1) }),
  z.strictObject({ kind: z.literal('bestMxElse'), dest: hostPort }),
  z.strictObject({ required: z.enum(['local', 'mx', 'to', 'bestMxElse']), form: z.string(), why: z.string() }),
], { error: "expected a route — { kind: 'mx' }, { kind: 'local' }, { kind: 'to', to: [{ host, port }] }, { kind: 'bestMxElse', dest: { host, port } } — or a required one: { required, form, why }" });
const ROLE_SHAPE = z.strictObject({
  id: z.string(),
  summary: z.string().min(1),
  preset: z.strictObject({ accepts: PRESET_ACCEPTS.optional(), verify: PRESET_VERIFY.optional(), route: PRESET_ROUTE.optional() }).optional(),
  options: zodSchema.optional(),
  hops: fn.optional(),
  // A memory is part of a state's key (models/system/memory.ts): a plain integer.
  memory: z.strictObject({ initial: z.number().int() }).optional(),
  machine: fn,
  note: z.string().optional(),
});
const configSchema = z.strictObject({
  properties: z.array(z.discriminatedUnion('kind', [SHAPES.safety, SHAPES.liveness, SHAPES.static])).optional(),
  roles: z.array(ROLE_SHAPE).optional(),
  source: z.string().optional(),
});

/** Validated configs, by the object passed: a program that checks many files passes the same one. */
const resolved = new WeakMap<object, ExtensionsResult>();

/** The file a config was read from: its text places errors on its lines, its path finds them in stacks. */
export interface ConfigFile {
  text: string;
  path: string;
}

/** Validates a config's default export and builds its registry: the built-in properties, then the config's. */
export function resolveConfig(config: unknown, file: ConfigFile | null = null): ExtensionsResult {
  if (config !== null && typeof config === 'object' && file === null) {
    const known = resolved.get(config);
    if (known !== undefined) return known;
  }
  const result = build(config, file);
  if (config !== null && typeof config === 'object') resolved.set(config, result);
  return result;
}

function build(config: unknown, file: ConfigFile | null): ExtensionsResult {
  const source = (config as MxproofConfig | null)?.source ?? UNNAMED_CONFIG;
  const text = file?.text ?? null;
  const error = (path: readonly PropertyKey[], message: string): LoadError => ({ file: source, ...placeOf(text, config, path), field: fieldOf(path), message });
  const parsed = configSchema.safeParse(config, { reportInput: true });
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((issue) => error(issue.path, messageOf(issue, config))) };

  const errors: LoadError[] = [];
  const ids = new Map<string, number>();
  (parsed.data.properties ?? []).forEach((p, i) => {
    const at = ['properties', i, 'id'];
    if (BUILT_IN.get(p.id) !== undefined) errors.push(error(at, `\`${p.id}\` is a built-in property; a property of your own needs another id`));
    else if (!PROPERTY_ID.test(p.id)) errors.push(error(at, `${show(p.id)} is not a property id: use letters, digits, \`-\`, \`_\` and \`.\` (at most 64), e.g. \`no-legacy-hosts\``));
    else if (ids.has(p.id)) errors.push(error(at, `\`${p.id}\` is registered twice (also properties[${ids.get(p.id)}]); each property needs its own id`));
    else ids.set(p.id, i);
  });
  errors.push(...roleIdErrors((config as MxproofConfig).roles ?? [], error));
  if (errors.length > 0) return { ok: false, errors: errors.sort(byPosition) };

  const given = (config as MxproofConfig).properties ?? [];
  const properties = given.map((p, i) => guarded(p as MailProperty, (name, thrown, message) => {
    const place = thrown === undefined ? placeOf(text, config, ['properties', i, name]) : thrownAt(thrown, file?.path ?? source);
    return new ExtensionError({ file: source, ...place, field: fieldOf(['properties', i, name]), message: `property \`${p.id}\`: ${message}` });
  }));
  const registry = BUILT_IN.plus(properties, { kind: 'config', source });
  const roles = configRoles((config as MxproofConfig).roles ?? [], source, (name, thrown, i, message) => {
    const place = thrown === undefined ? placeOf(text, config, ['roles', i, name]) : thrownAt(thrown, file?.path ?? source);
    return new ExtensionError({ file: source, ...place, field: fieldOf(['roles', i, name]), message });
  });
  return { ok: true, extensions: { source, registry, propertyIds: properties.map((p) => p.id), roles } };
}

/** `properties[0].judges[1]`, the loader's way of naming a field. */
function fieldOf(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(config)';
  return path.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? String(seg) : `.${String(seg)}`)).join('');
}

function messageOf(issue: z.core.$ZodIssue, config: unknown): string {
  const input = (issue as { input?: unknown }).input;
  // A role's preset speaks of routes and verify modes: zod's own words (and the route's shapes) say it.
  if (issue.path.includes('preset') && issue.code !== 'unrecognized_keys') return `${issue.message}, got ${valueOf(input)}`;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownFields(issue.path, config);
      return issue.keys.map((k) => `unknown field \`${k}\`${didYouMean(k, known)}; known: ${listOf(known)}`).join('; ');
    }
    case 'invalid_union':
      return `\`kind\` must be \`safety\`, \`liveness\` or \`static\`, got ${valueOf((input as { kind?: unknown } | undefined)?.kind)}`;
    case 'invalid_value':
      return `expected ${issue.path.at(-2) === 'judges' ? 'an effect kind' : 'one'} of ${listOf(EFFECT_KINDS, 20)}, got ${show(input)}${didYouMean(input, EFFECT_KINDS)}`;
    case 'too_small':
      return issue.path.at(-1) === 'judges'
        ? `\`judges\` names no effect: list every effect kind \`violation\` may object to (${EFFECT_KINDS.join(', ')})`
        : 'must not be empty: say in one line what the property means for mail';
    case 'invalid_type':
      if (issue.path.length === 0) return `the config's default export must be an object (defineConfig({ properties: [...] })), got ${valueOf(input)}`;
      if (input === undefined) return `\`${String(issue.path.at(-1))}\` is missing: ${expectedOf(issue.expected)}`;
      return `expected ${expectedOf(issue.expected)}, got ${valueOf(input)}`;
    case 'custom':
      if (issue.path.at(-1) === 'options') return `expected a zod schema for the role's options (e.g. z.object({ ... })), got ${valueOf(input)}`;
      return input === undefined ? `\`${String(issue.path.at(-1))}\` is missing: a function` : `expected a function, got ${valueOf(input)}`;
    default:
      return issue.message;
  }
}

const expectedOf = (type: string) => (type === 'array' ? 'a list' : type === 'object' ? 'an object' : `a ${type}`);

/** A JavaScript value as a message quotes it: a primitive as written, anything else by its kind. */
function valueOf(value: unknown): string {
  if (typeof value === 'string') return show(value);
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `\`${String(value)}\``;
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'a list';
  return value instanceof Promise ? 'a promise' : 'an object';
}

/** The fields the object at `path` may have: a property's depend on its kind. */
function knownFields(path: readonly PropertyKey[], config: unknown): string[] {
  if (path.length === 0) return Object.keys(configSchema.shape);
  if (path[0] === 'roles') return path.length > 2 ? ['accepts', 'verify', 'route'] : Object.keys(ROLE_SHAPE.shape);
  const kind = (config as { properties?: { kind?: unknown }[] }).properties?.[path[1] as number]?.kind;
  const shape = SHAPES[kind as keyof typeof SHAPES] ?? SHAPES.safety;
  return Object.keys(shape.shape);
}

type Fail = (name: string, thrown: unknown, message: string) => ExtensionError;

/** Calls a user function; an exception or a wrong kind of result becomes an ExtensionError. */
function call<R>(owner: object, name: string, f: Fn, args: unknown[], fail: Fail, wrong: (r: unknown) => string | null): R {
  let r: unknown;
  try {
    r = f.apply(owner, args);
  } catch (err) {
    if (err instanceof ExtensionError) throw err;
    throw fail(name, err, `${name} threw ${describeThrown(err)}`);
  }
  const why = wrong(r);
  if (why !== null) throw fail(name, undefined, `${name} returned ${valueOf(r)}${r instanceof Promise ? ' (it must not be async)' : ''}; ${why}`);
  return r as R;
}

const reasonOrNull = (r: unknown) => (r === null || typeof r === 'string' ? null : 'return the reason as a string, or null');
const aString = (r: unknown) => (typeof r === 'string' ? null : 'return a string');
const aBoolean = (r: unknown) => (typeof r === 'boolean' ? null : 'return true or false');
const findingsList = (r: unknown) =>
  Array.isArray(r) && r.every((f) => typeof f?.reason === 'string' && typeof f?.pointer === 'string' && Array.isArray(f?.steps) && f.steps.every((s: unknown) => typeof s === 'string'))
    ? null
    : 'return a list of { reason, pointer, steps } (strings; steps a list of strings)';

/** A copy of the user's property whose functions go through `call`. */
function guarded(p: MailProperty, fail: Fail): MailProperty {
  const na = p.notApplicable === undefined ? {} : { notApplicable: (...a: unknown[]) => call<string | null>(p, 'notApplicable', p.notApplicable as Fn, a, fail, reasonOrNull) };
  const common = { id: p.id, summary: p.summary, ...na };
  switch (p.kind) {
    case 'safety':
      return {
        ...common,
        kind: 'safety',
        judges: [...p.judges],
        ...(p.perMessage === undefined ? {} : { perMessage: p.perMessage }),
        violation: (...a) => call(p, 'violation', p.violation as Fn, a, fail, reasonOrNull),
      };
    case 'liveness':
      return {
        ...common,
        kind: 'liveness',
        goal: (...a) => call(p, 'goal', p.goal as Fn, a, fail, aBoolean),
        explain: (...a) => call(p, 'explain', p.explain as Fn, a, fail, aString),
      };
    case 'static':
      return { ...common, kind: 'static', findings: (...a) => call(p, 'findings', p.findings as Fn, a, fail, findingsList) };
  }
}
