/**
 * The call-ahead session (models/machines/callAhead.ts): a verifier's fresh SMTP session to its own
 * next hop. Its result is the code the verifier maps: the first definite answer (2xx, 5xx — a 5xx
 * greeting included), else the last candidate's 4xx, 451 when no candidate could be reached, 0 when
 * the chain below the last candidate never answers and the session times out (staged on Exim 4.96).
 */
import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { callAheadMachine, type CallAheadEvent } from '../../models/machines/callAhead.js';
import { envOf, host, hp, mx, topology } from './fixtures.js';

/** A filter with two fixed destinations, and a backup MX with one better MX. */
const t = topology({
  dns: { 'example.com': { mx: mx('10 mail.example.com', '20 backup.example.net') } },
  hosts: [
    host('mx.postini.test', { role: 'filter', accepts: ['example.com'], verify: 'call-ahead', route: { kind: 'to', to: [hp('a.test'), hp('b.test:2525')] } }),
    host('backup.example.net', { role: 'backup-mx', accepts: ['example.com'], verify: 'call-ahead' }),
    host('a.test'),
    host('b.test', { listen: [2525] }),
    host('mail.example.com', { role: 'mailbox', accepts: ['example.com'], mailboxes: ['alice@example.com'], verify: 'local', route: { kind: 'local' } }),
  ],
});

function run(hostName: string, ...events: CallAheadEvent[]) {
  const machine = callAheadMachine(envOf(t, hostName));
  let [snap] = initialTransition(machine, { rcpt: 'alice@example.com' });
  for (const e of events) [snap] = transition(machine, snap, e);
  return { value: snap.value, context: snap.context };
}

describe('a call-ahead session', () => {
  it('starts connecting, with nothing tried and no result', () => {
    expect(run('mx.postini.test')).toEqual({ value: 'connecting', context: { rcpt: 'alice@example.com', tried: 0, result: 0 } });
  });

  it('waits for the answer once connected', () => {
    expect(run('mx.postini.test', { type: 'CONNECTED', index: 0 }).value).toBe('awaitingAnswer');
  });

  it('takes the answer as its result: 250', () => {
    expect(run('mx.postini.test', { type: 'CONNECTED', index: 0 }, { type: 'ANSWER', code: 250 })).toMatchObject({
      value: 'answered',
      context: { result: 250 },
    });
  });

  it('takes a 550 as its result at once, from any candidate (Exim: the first 5xx ends the callout)', () => {
    expect(run('mx.postini.test', { type: 'CONNECTED', index: 0 }, { type: 'ANSWER', code: 550 })).toMatchObject({ value: 'answered', context: { result: 550 } });
  });

  it('moves on after a 4xx from a candidate that is not the last, and takes the 4xx from the last', () => {
    expect(run('mx.postini.test', { type: 'CONNECTED', index: 0 }, { type: 'ANSWER', code: 451 })).toMatchObject({ value: 'connecting', context: { tried: 0b1 } });
    expect(
      run('mx.postini.test', { type: 'CONNECTED', index: 0 }, { type: 'ANSWER', code: 451 }, { type: 'CONNECTED', index: 1 }, { type: 'ANSWER', code: 451 }),
    ).toMatchObject({ value: 'answered', context: { tried: 0b11, result: 451 } });
    expect(
      run('mx.postini.test', { type: 'CONNECTED', index: 0 }, { type: 'ANSWER', code: 451 }, { type: 'CONNECTED', index: 1 }, { type: 'ANSWER', code: 250 }),
    ).toMatchObject({ value: 'answered', context: { result: 250 } });
  });

  it('stops at a 550 greeting (an IP lock) but moves on after a 421 greeting', () => {
    expect(run('mx.postini.test', { type: 'REFUSED', index: 0, code: 550 })).toMatchObject({ value: 'answered', context: { result: 550 } });
    expect(run('mx.postini.test', { type: 'REFUSED', index: 0, code: 421 })).toMatchObject({ value: 'connecting', context: { tried: 0b1 } });
    expect(run('mx.postini.test', { type: 'REFUSED', index: 0, code: 421 }, { type: 'REFUSED', index: 1, code: 421 })).toMatchObject({
      value: 'unreachable',
      context: { result: 451 },
    });
  });

  it('moves on to the next candidate after a failed connection', () => {
    expect(run('mx.postini.test', { type: 'CONNECT_FAILED', index: 0 })).toMatchObject({ value: 'connecting', context: { tried: 1, result: 0 } });
  });

  it('answers 451 ("Can\'t connect") when every candidate failed', () => {
    expect(run('mx.postini.test', { type: 'CONNECT_FAILED', index: 0 }, { type: 'CONNECT_FAILED', index: 1 })).toMatchObject({
      value: 'unreachable',
      context: { tried: 0b11, result: 451 },
    });
  });

  it('answers 451 at once when the only candidate fails (the backup MX calling its down primary)', () => {
    expect(run('backup.example.net', { type: 'CONNECT_FAILED', index: 0 })).toMatchObject({ value: 'unreachable', context: { result: 451 } });
  });

  it('ends with result 0 when the chain below its last candidate never answers and it times out', () => {
    expect(run('mx.postini.test', { type: 'CONNECT_FAILED', index: 0 }, { type: 'CONNECTED', index: 1 }, { type: 'TIMED_OUT' })).toMatchObject({
      value: 'timedOut',
      context: { result: 0 },
    });
  });

  it('moves on after a timeout when another candidate remains (Exim: a timeout is not a definite answer)', () => {
    expect(run('mx.postini.test', { type: 'CONNECTED', index: 1 }, { type: 'TIMED_OUT' })).toMatchObject({ value: 'connecting', context: { tried: 0b10 } });
  });

  it('ignores an answer before it has connected', () => {
    expect(run('mx.postini.test', { type: 'ANSWER', code: 250 }).value).toBe('connecting');
  });

  it('is over once answered: a late timeout changes nothing', () => {
    expect(run('mx.postini.test', { type: 'CONNECTED', index: 0 }, { type: 'ANSWER', code: 250 }, { type: 'TIMED_OUT' })).toMatchObject({
      value: 'answered',
      context: { result: 250 },
    });
  });
});
