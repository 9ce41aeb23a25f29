/**
 * Postfix as a staged MTA (issue 11): the files of one host's instance. `capable.ts` says which
 * hosts Postfix can run, `maps.ts` builds the lookup tables, `main-cf.ts` and `master-cf.ts` the
 * two configuration files. docs/fidelity.md, "Configuration per host", maps each field.
 */
import type { StageHost, StagePlan } from '../plan.js';
import { postfixMainCf, type PostfixSettings } from './main-cf.js';
import { postfixMaps } from './maps.js';
import { postfixMasterCf } from './master-cf.js';

export { postfixCannot } from './capable.js';
export { postfixLibDir, type PostfixSettings } from './main-cf.js';

/** The files of the instance's config directory, by name. */
export function postfixFiles(plan: StagePlan, h: StageHost, s: PostfixSettings): Record<string, string> {
  const maps = postfixMaps(plan, h);
  return {
    'main.cf': postfixMainCf(h, s, maps),
    'master.cf': postfixMasterCf(h),
    transport: maps.transport,
    recipients: maps.recipients,
    mailboxes: maps.mailboxes,
    ...(maps.allowFrom === null ? {} : { 'allow-from.cidr': maps.allowFrom }),
    ...(maps.spam === null ? {} : { 'spam.cidr': maps.spam }),
  };
}
