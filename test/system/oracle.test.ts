/**
 * The engine's reachable state space equals the one XState's own graph walker finds over the same
 * composed logic: two independent explorations of one transition function must agree exactly.
 */
import { describe, expect, it } from 'vitest';
import { getAdjacencyMap } from 'xstate/graph';
import { exploreReachable } from '../../src/checker/index.js';
import { MailSystem } from '../../models/system/mailSystem.js';
import { mailSystemLogic, mailSystemTraversal } from '../../models/system/logic.js';
import { exampleFiles, load } from '../helpers.js';

describe('the reachable state space', () => {
  it.each(exampleFiles())('of %s equals xstate/graph getAdjacencyMap over the composed logic', (file) => {
    const system = new MailSystem(load(file));
    const ours = exploreReachable(system);
    expect(ours.complete).toBe(true);
    const adjacency = getAdjacencyMap(mailSystemLogic(system), mailSystemTraversal(system) as never);
    const theirs = Object.keys(adjacency).sort();
    expect([...ours.fingerprints].sort()).toEqual(theirs);
    expect(theirs.length).toBeGreaterThan(5);
  });
});
