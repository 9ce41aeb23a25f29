/**
 * A verdict of `holds` says nothing bad happens; these say the good (or merely interesting) thing
 * does happen on some run, so a fixture cannot pass for the wrong reason — a backup MX that is
 * never used, a fallback that is never taken. Each searches the rule fixture's reachable states.
 */
import { describe, expect, it } from 'vitest';
import { MailSystem } from '../../models/system/mailSystem.js';
import type { SystemState } from '../../models/system/types.js';
import { formatLoadError, loadTopologyFile } from '../../models/topology/load.js';

const DIR = new URL('../fixtures/rules/', import.meta.url);

interface Seen {
  system: MailSystem;
  /** Every reachable state, with the step that first reached it. */
  states: SystemState[];
  /** "actor: text" of every transition explored (not only the first into each state). */
  steps: Set<string>;
}

const cache = new Map<string, Seen>();
function explore(file: string): Seen {
  const hit = cache.get(file);
  if (hit !== undefined) return hit;
  const loaded = loadTopologyFile(new URL(`${file}.yaml`, DIR).pathname);
  if (!loaded.ok) throw new Error(loaded.errors.map(formatLoadError).join('\n'));
  const system = new MailSystem(loaded.topology);
  const seen = new Set<string>();
  const states: SystemState[] = [];
  const steps = new Set<string>();
  const queue = [...system.initialStates()];
  for (const s of queue) seen.add(system.fingerprint(s));
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    states.push(state);
    for (const action of system.actions(state)) {
      const next = system.next(state, action);
      if (next.step) steps.add(`${next.step.actor}: ${next.step.text}`);
      const key = system.fingerprint(next);
      if (!seen.has(key)) {
        seen.add(key);
        queue.push(next);
      }
    }
  }
  const result = { system, states, steps };
  cache.set(file, result);
  return result;
}

const host = (seen: Seen, name: string) => seen.system.names.indexOf(name);
const someStep = (seen: Seen, pattern: RegExp) => [...seen.steps].some((s) => pattern.test(s));

describe('backup MX hosts', () => {
  it('a backup MX without a recipient list takes a message for the nonexistent user, then bounces it', () => {
    const seen = explore('backup-mx-without-recipient-list');
    const backup = host(seen, 'backup.example.net');
    expect(seen.states.some((s) => s.messages[1]!.holder === backup && s.messages[1]!.snap.value === 'bounced')).toBe(true);
    expect(someStep(seen, /^mail\.example\.com: 550 5\.1\.1 user unknown/)).toBe(true);
  });

  it('the backup MX with a recipient list never holds the nonexistent user’s message', () => {
    const seen = explore('backup-mx-with-recipient-list');
    const backup = host(seen, 'backup.example.net');
    expect(seen.states.every((s) => s.messages[1]!.holder !== backup)).toBe(true);
    expect(someStep(seen, /^backup\.example\.net: 550 5\.1\.1 recipient not on the user list/)).toBe(true);
  });

  it('a backup MX relays alice’s mail to the primary once it is back: delivered through the backup', () => {
    const seen = explore('backup-mx-primary-transient');
    const backup = host(seen, 'backup.example.net');
    const primary = host(seen, 'mail.example.com');
    expect(
      seen.states.some((s) => s.messages[0]!.snap.value === 'delivered' && s.messages[0]!.holder === primary && s.messages[0]!.visited.includes(backup)),
    ).toBe(true);
  });

  it('a call-ahead backup MX without deferOk answers 451 while the primary is down, and 250 only when the primary confirmed', () => {
    const seen = explore('backup-mx-call-ahead-without-defer-ok');
    expect(someStep(seen, /^backup\.example\.net: 451 4\.4\.0 call-ahead failed temporarily/)).toBe(true);
    const accepts = [...seen.steps].filter((s) => /^backup\.example\.net: 250 /.test(s));
    expect(accepts).toEqual(['backup.example.net: 250 call-ahead confirmed the recipient']);
  });

  it('a call-ahead backup MX with deferOk takes alice’s mail while the primary is down, and it is delivered later', () => {
    const seen = explore('backup-mx-call-ahead-with-defer-ok');
    const backup = host(seen, 'backup.example.net');
    expect(someStep(seen, /^backup\.example\.net: 250 call-ahead failed temporarily; accepted anyway \(deferOk\)/)).toBe(true);
    expect(seen.states.some((s) => s.messages[0]!.snap.value === 'delivered' && s.messages[0]!.visited.includes(backup))).toBe(true);
  });

  it('secondaries with self-truncation never hand the message to each other', () => {
    const seen = explore('backup-mx-with-self-check');
    const mx2 = host(seen, 'mx2.example.net');
    const mx3 = host(seen, 'mx3.example.net');
    expect(seen.states.every((s) => !(s.messages[0]!.visited.includes(mx2) && s.messages[0]!.visited.includes(mx3)))).toBe(true);
  });
});

describe('senders and MX preference', () => {
  it('a sender that meets the dead equal-preference MX first moves on to the other and delivers', () => {
    const seen = explore('equal-preference-one-down');
    expect(someStep(seen, /^sender: connect to mx-a\.filter\.test:25 failed/)).toBe(true);
    const b = host(seen, 'mx-b.filter.test');
    expect(seen.states.some((s) => s.messages[0]!.snap.value === 'delivered' && s.messages[0]!.visited.includes(b))).toBe(true);
  });

  it('a sender refused by the IP lock on the second MX waits, and the filter delivers later', () => {
    const seen = explore('ip-lock-second-mx-filter-transient');
    expect(someStep(seen, /^sender: connect to mail\.example\.com:25 refused: 421 4\.7\.1 .*mail\.example\.com accepts connections only from mx\.postini\.test/)).toBe(true);
    expect(seen.states.some((s) => s.messages[0]!.snap.value === 'delivered')).toBe(true);
  });

  it('the implicit MX is the domain’s own host, on port 25', () => {
    const seen = explore('implicit-mx');
    expect(someStep(seen, /^sender: RCPT TO:<alice@example\.com>/)).toBe(true);
    expect(someStep(seen, /^example\.com: delivers <alice@example\.com> to its mailbox/)).toBe(true);
  });

  it('a null MX bounces at the sender without a connection to anyone', () => {
    const seen = explore('null-mx-alone');
    expect(seen.states.every((s) => s.messages[0]!.frames.length === 0)).toBe(true);
    expect(someStep(seen, /^sender: cannot deliver <alice@example\.com>: 556 5\.1\.10/)).toBe(true);
  });

  it('an unknown user is refused in the dialogue at the first hop; only the sender’s own MTA bounces', () => {
    const seen = explore('unknown-user-refused-at-rcpt');
    expect(someStep(seen, /^mail\.example\.com: 550 5\.1\.1 user unknown/)).toBe(true);
    expect(seen.states.every((s) => s.messages[0]!.holder === seen.system.senderIndex)).toBe(true);
  });
});

describe('filters and relays', () => {
  it('the whitelisted relay’s mail passes the filter and is delivered', () => {
    const seen = explore('filter-whitelists-relay');
    expect(someStep(seen, /^mx1\.mailhop\.test: DATA → 250 message accepted for delivery/)).toBe(true);
    expect(seen.states.some((s) => s.messages[0]!.snap.value === 'delivered')).toBe(true);
  });

  it('while the filter’s destination is down, the filter answers 451 (can’t connect) and the sender retries', () => {
    const seen = explore('mailbox-transient');
    expect(someStep(seen, /^mx\.postini\.test: call-ahead connection to mail\.example\.com:25 failed/)).toBe(true);
    expect(someStep(seen, /^mx\.postini\.test: 451/)).toBe(true);
    expect(someStep(seen, /^sender: retries the queued message/)).toBe(true);
  });

  it('the relay with a user list answers the filter’s call-ahead at once: no call-ahead is ever nested', () => {
    const seen = explore('founding-loop-relay-with-recipient-list');
    expect(seen.states.every((s) => s.messages[0]!.frames.length <= 2)).toBe(true);
    expect(someStep(seen, /^mx1\.mailhop\.test: 250 recipient is on the user list/)).toBe(true);
  });

  it('within the default depth, the two-deep call-ahead chain is answered from the mailbox host', () => {
    const seen = explore('call-ahead-depth-sufficient');
    expect(seen.states.some((s) => s.messages[0]!.frames.length === 3)).toBe(true);
    expect(someStep(seen, /^mail\.example\.com: 250 recipient is a local mailbox/)).toBe(true);
  });
});
