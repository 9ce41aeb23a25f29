/**
 * A host as the loader builds an `mta` whose file gives nothing but its name: FORMAT.md's defaults.
 * For hosts made in code rather than read from a file — the implicit sender, statecharts, tests.
 */
import type { Host } from './types.js';

export function plainHost(name: string, fields: Partial<Host> = {}): Host {
  return {
    name,
    role: 'mta',
    accepts: [],
    mailboxes: [],
    recipients: [],
    verify: 'none',
    deferOk: false,
    route: { kind: 'mx' },
    routes: {},
    selfCheck: true,
    listen: [25],
    allowFrom: null,
    spam: null,
    hopLimit: 50,
    software: 'generic',
    allowFromReply: 421,
    tags: [],
    ...fields,
  };
}
