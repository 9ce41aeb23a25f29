/**
 * Hosts that behave alike for their recipients, so that one XState machine and one memo serve
 * them all (localSteps.ts). A host's machine for a recipient reads the world only through its
 * guards and actions (machines/hostSetup.ts, machines/callAhead.ts), and those read:
 *
 * - the host's role (which machine), `verify`, `deferOk`, `hopLimit`, `spam` and `software`;
 * - of the recipient: whether the host accepts its domain, holds its mailbox, lists it in
 *   `recipients`, is among its domain's best MX, and routes its domain by MailHop's rule (a
 *   `bestMxElse` route, not a per-domain override: which hop, and so which note, the relay chooses);
 * - the next hop for it: its kind and, for candidates, their preference groups (which candidates
 *   an attempt may try, whether it is over, whether every one was tried) — never their names;
 * - of an event: its type, index and code, a DATA's hop count, and whether a DATA's client is
 *   blocked as spam and not whitelisted (the only read of a client's name).
 *
 * Two (host, recipient) pairs with the same behaviour key therefore take the same guard branches
 * and assign the same context for the same snapshot and event key, whatever their names: the
 * memo's answer for one is the answer for the other, exactly. The guards and actions are listed
 * below (HOST_GUARDS …) and a test compares them with the machines', so that a new one cannot
 * read something this key leaves out unnoticed. A host playing a config role has a behaviour of
 * its own for each recipient: its code may read anything.
 *
 * Nothing in that argument is about one topology: the key names every read, whatever file the host
 * is in. So behaviours of the built-in roles are shared by every mail system of the process —
 * `explore` checks thousands of small topologies whose hosts behave alike, and each would otherwise
 * build its machines and run XState again for steps another topology already took. A behaviour's
 * first (host, recipient) stands for it everywhere, with its own environment and recipient. A
 * config role's behaviour is its topology's alone: its code may read anything of that topology.
 */
import type { CallAheadEvent } from '../machines/callAhead.js';
import { acceptsDomain, holdsMailbox, isBestMx, nextHopOf, routesByBestMx, type HostEnv, type HostEvent } from '../machines/env.js';

/** The guards and actions whose reads the behaviour key covers (test/system/behaviour.test.ts compares). */
export const HOST_GUARDS = [
  'acceptsDomain',
  'acceptsOnDefer',
  'answerIsPermanentFailure',
  'answerIsPositive',
  'attemptOver',
  'bouncesOn5xxGreetingAtLast',
  'hasNoNextHop',
  'holdsMailbox',
  'isBestMx',
  'isOnRecipientList',
  'lastCandidateFailed',
  'overHopLimit',
  'quarantinesSpam',
  'refusedPermanently',
  'replyIsPositive',
  'replyIsTemporary',
  'routesByBestMx',
  'routesLocally',
  'senderBlockedAsSpam',
  'verifiesByCallAhead',
  'verifiesLocally',
  'verifiesNothing',
];
// chooseHop records a hop its role declares (read through the hop in the key); refuseForHopCount
// and remember only say what happened (remember's value comes from the event, which the memo key holds).
export const HOST_ACTIONS = ['answer', 'chooseHop', 'countSession', 'markTried', 'noteReply', 'refuseForHopCount', 'remember', 'startRound'];
export const CALL_AHEAD_GUARDS = ['answerIsDefinite', 'lastCandidate', 'refusedPermanently'];
export const CALL_AHEAD_ACTIONS = ['cannotConnect', 'markTried', 'takeAnswer', 'timeOut'];

export interface Behaviour {
  /** Unique in the process, never reused: memos are keyed by it (localSteps.ts). */
  readonly id: number;
  /** The first host and recipient met with this behaviour, in whatever topology: their machine stands for all. */
  readonly env: HostEnv;
  readonly rcpt: string;
  /** The part of an event the machines read, as a memo key. */
  eventKey(event: HostEvent | CallAheadEvent): string;
}

/**
 * Behaviours met in this process, by key. Bounded, since each keeps its topology alive: past
 * SHARED_MAX the table starts over. Ids keep counting, so a behaviour dropped here is never
 * confused with a new one; a mail system that still holds it goes on stepping its machine.
 */
const shared = new Map<string, Behaviour>();
const SHARED_MAX = 2048;
let nextId = 0;

export class Behaviours {
  private readonly byPair = new Map<string, Behaviour>();

  constructor(private readonly envs: readonly HostEnv[]) {}

  of(host: number, rcpt: string): Behaviour {
    const pair = `${host}|${rcpt}`;
    let b = this.byPair.get(pair);
    if (b === undefined) {
      const env = this.envs[host]!;
      const own = env.topology.roles?.has(env.host.role) === true;
      const key = behaviourKey(env, rcpt);
      b = own ? undefined : shared.get(key);
      if (b === undefined) {
        const spam = env.host.spam;
        const blocked = (client: string) => spam !== null && spam.blocks.includes(client) && !spam.whitelist.includes(client);
        b = { id: nextId++, env, rcpt, eventKey: (event) => eventKey(event, blocked) };
        if (!own) {
          if (shared.size >= SHARED_MAX) shared.clear();
          shared.set(key, b);
        }
      }
      this.byPair.set(pair, b);
    }
    return b;
  }
}

function behaviourKey(env: HostEnv, rcpt: string): string {
  const { host } = env;
  // A config role's machine may read anything of its host, the topology and the recipient: it
  // shares its memo with nobody (one behaviour per host and recipient).
  if (env.topology.roles?.has(host.role) === true) return JSON.stringify(['config-role', host.name, rcpt]);
  const hop = nextHopOf(env, rcpt);
  return JSON.stringify([
    host.role,
    host.verify,
    host.deferOk,
    host.hopLimit,
    host.spam,
    host.software,
    acceptsDomain(host, rcpt),
    holdsMailbox(host, rcpt),
    host.recipients.includes(rcpt.toLowerCase()),
    isBestMx(env, rcpt),
    routesByBestMx(env, rcpt),
    hop.kind,
    hop.kind === 'candidates' ? hop.candidates.map((c) => c.group) : null,
  ]);
}

function eventKey(event: HostEvent | CallAheadEvent, blocked: (client: string) => boolean): string {
  switch (event.type) {
    case 'RCPT':
      // No guard reads who asks RCPT, nor whether it is a verification; a role's may read what
      // the host remembers (RoleDefinition.memory), never set for the built-in roles.
      return event.memory === undefined ? 'R' : `R${event.memory}`;
    case 'DATA':
      return `D${blocked(event.client) ? 1 : 0}|${event.hops}`;
    case 'CALL_AHEAD_RESULT':
    case 'REPLY':
    case 'ANSWER':
      return `${event.type}${event.code}`;
    case 'CONNECTED':
    case 'CONNECT_FAILED':
      return `${event.type}${event.index}`;
    case 'REFUSED':
      return `${event.type}${event.index}|${event.code}`;
    default:
      return event.type;
  }
}
