/**
 * A role is one definition: what the loader fills in and requires of a host that plays it, the
 * options it takes, the next hops its machine may choose among, the machine itself and a note for
 * its statechart. The five built-in roles are registered in builtIn.ts; a config file's `roles`
 * adds its own (src/config/define.ts), and hosts name either kind in `role`.
 */
import type { AnyStateMachine } from 'xstate';
import type * as z from 'zod';
import type { HostEnv } from '../machines/env.js';
import type { NextHop } from '../routing/nextHop.js';
import type { Route, VerifyMode } from '../topology/types.js';

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
}

/** The hop a role without `hops` has, and the one a machine that chose none falls back to. */
export const ROUTE_HOP = 'route';
