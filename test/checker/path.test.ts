import { describe, expect, it } from 'vitest';
import { decodePath, encodePath, explore, replay } from '../../src/checker/index.js';
import { dgraph, eventually, neverReach } from './dgraph.js';
import { traceOf } from './helpers.js';

describe('paths', () => {
  it('encodes as initial index, a colon, then dot-separated action indices', () => {
    expect(encodePath(0, [3, 0, 12, 1])).toBe('0:3.0.12.1');
    expect(encodePath(2, [])).toBe('2:');
  });

  it('writes a run of three or more equal indices as index*count, so long retry loops stay short', () => {
    expect(encodePath(0, [0, 0, 0, 0, 1, 1, 2, 2, 2])).toBe('0:0*4.1.1.2*3');
    expect(decodePath('0:0*4.1.1.2*3')).toEqual({ ok: true, initial: 0, actionIndices: [0, 0, 0, 0, 1, 1, 2, 2, 2] });
  });

  it('decodes what it encodes', () => {
    for (const [initial, actionIndices] of [[0, [3, 0, 12, 1]], [2, []], [7, [0]], [0, [5, 5, 5, 5, 5, 0, 5, 5, 5]]] as const) {
      expect(decodePath(encodePath(initial, actionIndices))).toEqual({ ok: true, initial, actionIndices });
    }
    expect(decodePath('  1:2.3\n')).toEqual({ ok: true, initial: 1, actionIndices: [2, 3] });
  });

  it.each(['', '3', ':1', 'a:1', '-1:0', '0:1..2', '0:1.', '0:.1', '0:1.x', '0:1.-2', '0:1.5e3', '0:01', '0:99999999999999999999', '0:1*0', '0:1*', '0:*3', '0:1*2*3', '0:0*99999999999'])(
    'rejects the malformed path %j with an error, not a throw',
    (text) => {
      const decoded = decodePath(text);
      expect(decoded.ok).toBe(false);
      if (!decoded.ok) expect(decoded.error.length).toBeGreaterThan(0);
    },
  );

  it('replays a counterexample to the very states and actions the trace shows', () => {
    const model = dgraph([0, 1], [[1, 2], [2, 3], [2, 4], [4, 2], [0, 4], [0, 5], [5, 6], [6, 5]]);
    const result = explore(model, [neverReach('no-3', [3]), eventually('reach-3', [3])]);
    for (const id of ['no-3', 'reach-3']) {
      const trace = traceOf(result, id);
      if (id === 'reach-3') expect(trace.loopsFrom).toBe(1);
      const replayed = replay(model, trace.path);
      expect(replayed).toEqual({
        ok: true,
        initial: trace.initial,
        actionIndices: trace.actionIndices,
        states: trace.states,
        actions: trace.actions,
      });
    }
  });

  it('replays a decoded path value as well as its string', () => {
    const model = dgraph([0], [[0, 1], [0, 2]]);
    expect(replay(model, { initial: 0, actionIndices: [1] })).toMatchObject({ ok: true, states: [0, 2] });
  });

  it('names the step where a path stops fitting the model', () => {
    const model = dgraph([0], [[0, 1], [1, 2], [1, 3]]);
    const replayed = replay(model, '0:0.2');
    expect(replayed).toEqual({ ok: false, atStep: 1, error: expect.stringMatching(/step 1: action index 2 .* 2 enabled/) });
    expect(replay(model, '0:0.1.0')).toMatchObject({ ok: false, atStep: 2 });
  });

  it('refuses an initial index the model does not have, and a malformed string', () => {
    const model = dgraph([0], [[0, 1]]);
    expect(replay(model, '1:0')).toMatchObject({ ok: false, atStep: -1, error: expect.stringMatching(/initial index 1/) });
    expect(replay(model, '0;0')).toMatchObject({ ok: false, atStep: -1 });
  });
});
