/**
 * Role presets (FORMAT.md, "Role presets"): what `accepts`, `verify` and `route` are when the file
 * leaves them out, and what a role requires to be given, read from the role's definition
 * (models/roles). Any field set in the file wins.
 */
import type { Path } from './source.js';
import type { RawRoute } from './schema.js';
import type { Role, Route, VerifyMode } from './types.js';
import type { RoleDefinition, RolePreset } from '../roles/types.js';
import { domainOf } from './parse.js';

export interface Given {
  role: Role;
  /** As normalized from the file; undefined when the file leaves the field out. */
  accepts: string[] | undefined;
  verify: VerifyMode | undefined;
  /** The route as written (its shape decides role checks even when its hosts are unknown) … */
  rawRoute: RawRoute | undefined;
  /** … and as built; null when building it failed (already reported). */
  route: Route | null | undefined;
  recipientsGiven: boolean;
  mailboxes: string[];
}

export interface Preset {
  accepts: string[];
  verify: VerifyMode;
  route: Route;
}

function routeKind(route: RawRoute): string {
  if (typeof route === 'string') return route;
  return 'to' in route ? 'to' : 'bestMxElse';
}

const SHOWN: Record<string, string> = {
  local: '`local`',
  mx: '`mx`',
  to: '`{ to: [...] }`',
  bestMxElse: '`{ bestMxElse: ... }`',
};

/**
 * The effective accepts/verify/route for a host playing `role`; reports what the role requires but
 * the file lacks. `report(path, message)` takes paths relative to the host.
 */
export function applyPreset(g: Given, report: (path: Path, message: string) => void, role: RoleDefinition): Preset {
  const { preset } = role;
  if (preset.accepts === 'required' && g.accepts === undefined) {
    report(['accepts'], `a ${g.role} must be given \`accepts\`: the domains it receives mail for, e.g. \`accepts: [example.com]\``);
  }
  const required = 'required' in preset.route ? preset.route : null;
  if (required && g.rawRoute === undefined) {
    report(['route'], `a ${g.role} needs ${required.form} (${required.why})`);
  } else if (required && g.rawRoute !== undefined && routeKind(g.rawRoute) !== required.required) {
    report(['route'], `a ${g.role} needs ${required.form}, not ${SHOWN[routeKind(g.rawRoute)]} (${required.why})`);
  }
  return {
    accepts: g.accepts ?? defaultAccepts(g, preset),
    verify: g.verify ?? (typeof preset.verify === 'string' ? preset.verify : g.recipientsGiven ? preset.verify.withRecipients : preset.verify.otherwise),
    // A required route only stands in for a file that is rejected anyway.
    route: g.route ?? (required ? { kind: 'mx' } : (preset.route as Route)),
  };
}

function defaultAccepts(g: Given, preset: RolePreset): string[] {
  if (preset.accepts === 'own-mailboxes') return [...new Set(g.mailboxes.map(domainOf))];
  // `required` was reported above; the empty list only stands in.
  return preset.accepts === 'required' ? [] : [...preset.accepts];
}

/** True when the role makes the file give `accepts` (write-back writes it even when empty). */
export const acceptsRequired = (role: RoleDefinition): boolean => role.preset.accepts === 'required';
/** True when the role makes the file give `route`. */
export const routeRequired = (role: RoleDefinition): boolean => 'required' in role.preset.route;
