/**
 * Host memory: what a host keeps about a message beyond its SMTP sessions — a call-ahead cache is
 * the case that asked for it (Exim's callout cache, DOMAIN.md "Call-ahead engine"). Everything
 * else a host knows of a message lives in its machine snapshot, which exists only while it holds
 * the message or serves a session: a server asked again starts from `idle`. A role that declares
 * `memory` (RoleDefinition) gets one small integer per host and message, kept in the message's
 * local state (MessageState.memory) and therefore in its key (messageKey.ts): two states that
 * differ only in what a host remembers are told apart by every engine, the packed tables
 * (localSpace.ts) included. The machine sets it with the named action `remember` while it serves a
 * session and reads it as `memory` on the RCPT that opens the next one.
 *
 * Why per message is exact. A real cache is per host and keyed by recipient address, so two
 * messages to the same address share it; mxproof checks each message in states of its own
 * (independence.ts, product.ts). Per message, a host's memory for the message is its cache entry
 * for the message's recipient — the only key that message ever asks about — so the model is exact
 * whenever no other message can touch that entry: no two messages to the same recipient can both
 * reach a host that remembers. The loader refuses the topologies where they can (memoryScope.ts),
 * instead of checking them with caches that silently forget the other message's answers.
 *
 * Never expiring is exact for what happens within an entry's lifetime, and not conservative past
 * it. Exim keeps a positive answer 24 h and a negative one 2 h; a model run has no clock, so a
 * memory is never forgotten. Every run of the model is a real run in which the host's asks all
 * fall within the entry's lifetime; what the model leaves out is a host asking *again* after its
 * entry expired (a fresh call-ahead, which may then get another answer: 451 with the destination
 * down, 550 from a backup candidate). A sender retries for 4–5 days, so such runs exist; a `holds`
 * for a role with memory says "with a cache that outlives the message", nothing more. Modelling
 * expiry exactly would be a nondeterministic forget step (any time); none of today's findings
 * needs it: in the founding loop no call-ahead ever completes with a definite answer, so nothing
 * is ever remembered and there is nothing to expire.
 */
import { roleMisbehaved } from '../roles/misbehaved.js';
import type { HostEnv } from '../machines/env.js';
import type { Remembered } from './types.js';

/** The memory a host starts with for every message, or undefined when its role keeps none. */
export function initialMemory(env: HostEnv): number | undefined {
  // The built-in roles, the implicit sender's (mta) among them, keep none.
  return env.role.memory?.initial;
}

/** What host `host` remembers of the message, as its RCPT event carries it; undefined when its role keeps no memory. */
export function recall(memory: readonly Remembered[] | undefined, host: number, env: HostEnv): number | undefined {
  const initial = initialMemory(env);
  if (initial === undefined) return undefined;
  return memory?.find((r) => r.host === host)?.value ?? initial;
}

/**
 * The message's memory after host `host` remembered `value`. Canonical, so equal memories have
 * equal keys: ascending by host, and a host holding its initial value is not listed (undefined
 * when nobody holds anything else).
 */
export function keep(memory: readonly Remembered[] | undefined, host: number, value: number, env: HostEnv): readonly Remembered[] | undefined {
  const initial = initialMemory(env);
  if (initial === undefined) {
    throw roleMisbehaved(env, `role ${env.host.role}: its machine remembers ${value} at ${env.host.name}, but the role declares no \`memory\``);
  }
  const others = (memory ?? []).filter((r) => r.host !== host);
  const next = value === initial ? others : [...others, { host, value }].sort((a, b) => a.host - b.host);
  return next.length === 0 ? undefined : next;
}
