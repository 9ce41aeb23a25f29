/**
 * The normalized topology: what the loader hands the models after validation and role presets.
 * Every field FORMAT.md makes optional is filled here, so models never look up defaults.
 */
import type { AnyStateMachine } from 'xstate';
import type * as z from 'zod';
import type { NextHop } from '../routing/hop.js';

/** 1-based line and column in the topology file. */
export interface SourcePos {
  line: number;
  col: number;
}

/** The five roles FORMAT.md presets; models/roles/builtIn.ts registers them. */
export type BuiltInRole = 'mailbox' | 'relay' | 'filter' | 'backup-mx' | 'mta';
/** A built-in role, or one a config file registers (models/roles/registry.ts checks the name). */
export type Role = BuiltInRole | (string & {});
export type VerifyMode = 'none' | 'local' | 'list' | 'call-ahead';
export type Fault = 'transient' | 'down';
/** The MTA whose client behaviour a host follows where real MTAs differ (FORMAT.md 1.1). */
export type Software = 'generic' | 'postfix' | 'exim';
/** How a host refuses a client its `allowFrom` does not list, at connect. */
export type AllowFromReply = 421 | 550;

/** A host and port; MX-derived hops always use port 25, only routes may name another. */
export interface HostPort {
  host: string;
  port: number;
}

export type Route =
  | { kind: 'local' }
  | { kind: 'mx' }
  | { kind: 'to'; to: HostPort[] }
  | { kind: 'bestMxElse'; dest: HostPort };

export interface SpamPolicy {
  blocks: string[];
  whitelist: string[];
  action: 'reject' | 'quarantine';
}

export interface Host {
  name: string;
  role: Role;
  /** Domains it receives mail for, lower-cased; `['*']` = every domain. */
  accepts: string[];
  /** Addresses delivered here (final delivery), lower-cased. */
  mailboxes: string[];
  /** The recipient list `verify: list` answers from, lower-cased. */
  recipients: string[];
  verify: VerifyMode;
  deferOk: boolean;
  route: Route;
  /** Per-domain overrides of `route`, keyed by lower-cased domain. */
  routes: Record<string, Route>;
  selfCheck: boolean;
  listen: number[];
  /** Hosts allowed to connect; `null` = anyone. */
  allowFrom: string[] | null;
  spam: SpamPolicy | null;
  hopLimit: number;
  software: Software;
  allowFromReply: AllowFromReply;
  /** Free labels for user-defined roles and properties; no built-in behaviour reads them. */
  tags: string[];
  /**
   * A config role's own options, as its schema parsed them (host field `options`); absent for the
   * built-in roles, which take none.
   */
  options?: Readonly<Record<string, unknown>>;
}

/** One MX record; `host === '.'` with preference 0 is a null MX (RFC 7505). */
export interface MxRecord {
  preference: number;
  host: string;
}

export interface DnsEntry {
  mx?: MxRecord[];
  a?: string[];
  aaaa?: string[];
  cname?: string;
}

export interface Message {
  from: string;
  to: string;
  /** The host that sends it; `null` = an implicit sending MTA that delivers by MX. */
  via: string | null;
}

export const PROPERTY_IDS = [
  'eventual-delivery',
  'call-ahead-bounded',
  'no-forwarding-loop',
  'no-silent-loss',
  'no-backscatter',
  'no-open-relay',
  'dns-well-formed',
] as const;
export type PropertyId = (typeof PROPERTY_IDS)[number];
/** A property a check may report: a built-in one, or a path property the file names. */
export type AnyPropertyId = PropertyId | (string & {});

export type Verdict = 'holds' | 'violated' | 'not-applicable' | 'inconclusive';

/**
 * A path property of the file's own (FORMAT.md 1.1 "Path properties of your own"). `waypoint`:
 * every message delivered (of the `for` domains) was accepted by at least one of `hosts` on its
 * way; `avoid`: no such message is ever accepted (250 after DATA) by one of `hosts`.
 */
export interface PathProperty {
  id: string;
  kind: 'waypoint' | 'avoid';
  /** Host names, lower-cased, in the order written. */
  hosts: string[];
  /** Recipient domains it speaks of, lower-cased; empty = every message. */
  for: string[];
}

export interface Topology {
  version: 1;
  /** The file it was read from, as given (used in messages and reports). */
  file: string;
  /** Owner names lower-cased, without a trailing dot. */
  dns: Record<string, DnsEntry>;
  /** In file order. Host names lower-cased. */
  hosts: Host[];
  network: {
    blocked: HostPort[];
    faults: Record<string, Fault>;
  };
  messages: Message[];
  /** Settings every host starts from; `software` is also the implicit sender's. */
  defaults: { software: Software };
  limits: {
    callAheadDepth: number;
  };
  /** Path properties the file names, in file order; their ids are never one of PROPERTY_IDS. */
  properties: PathProperty[];
  /** By property id: a built-in one, or one of `properties`. */
  expect: Partial<Record<PropertyId, Verdict>> & Record<string, Verdict | undefined>;
  /**
   * Where each node of the file stands, keyed by JSON pointer into the document as written
   * (`/hosts/mx.postini.test/route`, `/dns/example.com/mx/0`, `/messages/0/to`). Reports (SARIF,
   * error messages) point at the file through it; models never read it.
   */
  positions: Record<string, SourcePos>;
  /**
   * The roles a config file registered, by id, when one was given to the loader; the built-in
   * roles are never in it (models/roles/registry.ts). Hosts name them in `role`.
   */
  roles?: ReadonlyMap<string, RoleDefinition>;
}

/**
 * What a host's machine knows about the world: the topology and its own configuration. Guards
 * close over it (models/machines/env.ts), so a machine's snapshot stays a small value.
 */
export interface HostEnv {
  topology: Topology;
  host: Host;
  /**
   * The role the host plays (built-in or a config's), as models/roles/hostEnv.ts finds it. Carried
   * here because the role's machine decides where the host routes (models/machines/hops.ts runs it),
   * and the machine's own guards read that decision: the env, a value, is how the choosing code
   * reaches the machine without importing it back (an import cycle).
   */
  role: RoleDefinition;
}

// The roles a topology carries (models/roles: the registry and what a role is). Declared here, with
// the topology that holds them, so that the two need not import each other.

/** A route a role must be given, and the reason the loader shows when it is missing or of another kind. */
export interface RequiredRoute {
  required: Route['kind'];
  /** How to write it, e.g. "`route: { to: [H[:P], ...] }`". */
  form: string;
  why: string;
}

/** The fields a role fills when the file leaves them out (FORMAT.md, "Role presets"). */
export interface RolePreset {
  /** `required`: the file must give them; `own-mailboxes`: the domains of the host's mailboxes; or a fixed list. */
  accepts: 'required' | 'own-mailboxes' | readonly string[];
  /** A mode, or one that depends on whether the file gives `recipients` (MailHop's user list). */
  verify: VerifyMode | { withRecipients: VerifyMode; otherwise: VerifyMode };
  /** A default route, or one the file must give. */
  route: Route | RequiredRoute;
}

export interface RoleDefinition {
  /** The name hosts give in `role`: letters, digits and `-`. */
  id: string;
  /** One line: what the role stands for. */
  summary: string;
  preset: RolePreset;
  /**
   * The schema of the host's `options` (any zod schema): the loader parses them with it and names
   * the file, line and field of what it refuses; the machine reads the result as `env.host.options`.
   * Without one, the role takes no options.
   */
  options?: z.ZodType;
  /**
   * The named next hops the role's machine may choose among for a recipient. The machine's
   * `routing` state picks one with the `chooseHop` action; every part of the model that asks where
   * a host sends a recipient's mail then reads that hop (hops.ts). Without it, the one hop `route`:
   * the host's configured route.
   */
  hops?: (env: HostEnv, rcpt: string) => Readonly<Record<string, NextHop>>;
  /**
   * What a host of this role remembers about a message beyond its SMTP sessions — a call-ahead
   * cache, say (models/system/memory.ts): one small integer per host and message, `initial` until
   * the machine's named action `remember` (params `{ value }`) sets it while the host serves a
   * session (its RCPT answer, its call-ahead's result, its DATA answer). The machine reads it as
   * `memory` on the RCPT event that opens each session it serves. Without it, a role remembers
   * nothing: a server asked again starts from its initial state, as every built-in role does.
   * A memory is about the message's recipient, as a callout cache's entry is: mxproof keeps it per
   * message, which is exact because a file in which two messages to one recipient can both reach
   * a host that remembers is refused (models/system/memoryScope.ts); a memory of all the host's
   * mail (a counter across recipients) cannot be modelled so. Remember codes or counts, never a
   * host's index: symmetric hosts are folded by swapping whose memory a value is, not the value
   * (models/system/symmetry.ts).
   */
  memory?: { initial: number };
  /** The host's XState machine (models/machines: built from the shared states, or a role's own). */
  machine: (env: HostEnv) => AnyStateMachine;
  /** One sentence shown beside its statechart. */
  note: string;
  /** Where it was registered: `built-in`, or the config file that registered it. */
  origin: string;
  /**
   * The error to throw when the role's machine breaks the model's rules (a hop it did not declare,
   * a routing guard that asks where it routes): a config role's names the config file and the role,
   * so the CLI prints it as the config's error (exit 2) rather than as a crash of mxproof.
   */
  misbehaved?: (message: string) => Error;
}
