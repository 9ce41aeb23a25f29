/**
 * The statecharts are read from the XState machines the checker runs, not drawn by hand: every
 * state, event and guard of each role's machine appears, and a change to a machine shows up in
 * its chart.
 */
import { describe, expect, it } from 'vitest';
import { assign, not, setup, type AnyStateMachine } from 'xstate';
import { callAheadMachine, ROLE_MACHINES } from '../../models/machines/index.js';
import { roleStatecharts, ROLES, rolesOf } from '../../src/docs/machines.js';
import { renderMachinesDot, renderMachinesMermaid } from '../../src/report/machinesDiagram.js';
import { allStates, guardName, statechartOf, transitionLabel } from '../../src/report/statechart.js';
import { checkedExample, decodeMermaid, svgRenderer, svgText } from './helpers.js';

/** Every transition of a machine, straight from XState's state nodes, as `source EVENT → targets`. */
function xstateTransitions(machine: AnyStateMachine): string[] {
  return Object.values(machine.root.states).flatMap((node) => {
    const all = [...(node.always ?? []).map((t) => ['', t] as const), ...[...node.transitions].flatMap(([e, ts]) => ts.map((t) => [e, t] as const))];
    return all.map(([e, t]) => `${node.key} ${e} → ${(t.target ?? []).map((s) => s.key).join(',') || node.key}`);
  });
}

describe('statecharts from the XState definitions', () => {
  const charts = roleStatecharts();

  it('has one chart per role plus the call-ahead session', () => {
    expect(charts.map((c) => c.title)).toEqual([...ROLES, 'call-ahead']);
  });

  it('has exactly the states and transitions of each machine', () => {
    charts.forEach((chart, i) => {
      const chartTransitions = allStates(chart).flatMap((s) =>
        s.transitions.map((t) => `${s.key} ${t.event ?? ''} → ${t.targets.map((p) => p.split('.').at(-1)).join(',') || s.key}`),
      );
      const machine = chart.title === 'call-ahead' ? callAheadMachine({} as never) : ROLE_MACHINES[ROLES[i]!]({} as never);
      expect(allStates(chart).map((s) => s.key)).toEqual(Object.keys(machine.root.states));
      expect(chartTransitions).toEqual(xstateTransitions(machine));
    });
  });

  it('names guards, higher-order guards included, and the relay alone asks isBestMx', () => {
    const mermaid = Object.fromEntries(charts.map((c) => [c.title, decodeMermaid(renderMachinesMermaid([c]))]));
    expect(mermaid.relay).toContain('[isBestMx] / answer(0 to-destination)');
    expect(mermaid.filter).not.toContain('isBestMx');
    expect(mermaid.mailbox).toContain('[not(acceptsDomain)] / answer(550 relay-denied)');
    expect(mermaid.mailbox).toContain('[and(verifiesByCallAhead, routesLocally)]');
    expect(mermaid['call-ahead']).toContain('TIMED_OUT [lastCandidate] / timeOut');
    expect(mermaid['call-ahead']).toContain('REFUSED [refusedPermanently] / markTried, takeAnswer');
    expect(mermaid.mta).toContain('REFUSED [and(refusedPermanently, lastCandidateFailed, bouncesOn5xxGreetingAtLast)] / markTried, answer(550 ip-lock)');
    expect(mermaid.mta).toContain('REPLY [and(replyIsTemporary, attemptOver)] / noteReply');
  });

  it('follows a change to a machine: a new state, event and guard appear in the chart', () => {
    const machine = setup({ guards: { isReady: () => true }, actions: { mark: assign({}) } }).createMachine({
      id: 'toy',
      initial: 'waiting',
      states: {
        waiting: { on: { GO: [{ guard: not('isReady'), target: 'waiting' }, { target: 'done', actions: 'mark' }] } },
        done: { type: 'final' },
      },
    });
    const chart = statechartOf(machine);
    const labels = allStates(chart).flatMap((s) => s.transitions.map(transitionLabel));
    expect(labels).toEqual(['GO [not(isReady)]', 'GO [else] / mark']);
    expect(renderMachinesMermaid([chart])).toContain('state "done" as s');
    expect(guardName('plain')).toBe('plain');
  });

  it('draws only the roles a topology uses, with the call-ahead when a host calls ahead', () => {
    expect(rolesOf(checkedExample('postini-mailhop.yaml').topology)).toEqual({ roles: ['mta', 'filter', 'relay', 'mailbox'], callAhead: true });
  });

  it('renders every chart with Graphviz, one cluster per chart', async () => {
    const dot = renderMachinesDot(charts);
    expect(dot.match(/subgraph cluster_c\d+ \{/g)).toHaveLength(charts.length);
    const text = svgText((await svgRenderer()).render(dot));
    for (const c of charts) expect(text).toContain(c.title);
    expect(text).toContain('CALL_AHEAD_RESULT [answerIsPositive]');
  });

  it('puts several charts in one Mermaid diagram as composite states', () => {
    const mermaid = renderMachinesMermaid(charts.slice(0, 2));
    expect(mermaid.split('\n').filter((l) => /^ {2}state "[^"]+" as c\d+ \{$/.test(l))).toHaveLength(2);
  });
});
