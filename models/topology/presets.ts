/**
 * Role presets (FORMAT.md, "Role presets"): what `accepts`, `verify` and `route` are when the file
 * leaves them out, and what a role requires to be given. Any field set in the file wins; a
 * relay's and a filter's route is a requirement, not a default, because their whole behaviour
 * (MailHop's best-MX rule, Postini's fixed destination) lives in it.
 */
import type { Path } from './source.js';
import type { RawRoute } from './schema.js';
import type { Role, Route, VerifyMode } from './types.js';
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

/** The route a role must be given, with the reason shown when it is missing or of another kind. */
const REQUIRED_ROUTE: Partial<Record<Role, { kind: string; form: string; why: string }>> = {
  relay: {
    kind: 'bestMxElse',
    form: '`route: { bestMxElse: H[:P] }`',
    why: "MailHop Relay's rule: deliver to H:P when it is the best MX, else forward to the best MX",
  },
  filter: {
    kind: 'to',
    form: '`route: { to: [H[:P], ...] }`',
    why: 'a filter always delivers to its configured destination, never by MX',
  },
};

/**
 * The effective accepts/verify/route for a host; reports what its role requires but the file
 * lacks. `report(path, message)` takes paths relative to the host.
 */
export function applyPreset(g: Given, report: (path: Path, message: string) => void): Preset {
  const needsAccepts = g.role === 'relay' || g.role === 'filter' || g.role === 'backup-mx';
  if (needsAccepts && g.accepts === undefined) {
    report(['accepts'], `a ${g.role} must be given \`accepts\`: the domains it receives mail for, e.g. \`accepts: [example.com]\``);
  }
  const required = REQUIRED_ROUTE[g.role];
  if (required && g.rawRoute === undefined) {
    report(['route'], `a ${g.role} needs ${required.form} (${required.why})`);
  } else if (required && g.rawRoute !== undefined && routeKind(g.rawRoute) !== required.kind) {
    report(['route'], `a ${g.role} needs ${required.form}, not ${SHOWN[routeKind(g.rawRoute)]} (${required.why})`);
  }
  return {
    accepts: g.accepts ?? defaultAccepts(g),
    verify: g.verify ?? defaultVerify(g),
    route: g.route ?? defaultRoute(g.role),
  };
}

function defaultAccepts(g: Given): string[] {
  // A mailbox host takes mail for the domains of its own mailboxes; the others must say.
  return g.role === 'mailbox' ? [...new Set(g.mailboxes.map(domainOf))] : [];
}

function defaultVerify(g: Given): VerifyMode {
  switch (g.role) {
    case 'mailbox':
      return 'local';
    case 'relay':
      return g.recipientsGiven ? 'list' : 'call-ahead';
    case 'filter':
      return 'call-ahead';
    default:
      return 'none';
  }
}

function defaultRoute(role: Role): Route {
  // Relay and filter routes are required (reported above); `mx` only stands in for a file
  // that is rejected anyway.
  return role === 'mailbox' ? { kind: 'local' } : { kind: 'mx' };
}
