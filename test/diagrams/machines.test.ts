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
import { ACTION_PHRASES, actionSentence, GUARD_PHRASES, guardSentence, ROUTE_PHRASES } from '../../src/report/phrases.js';
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
      const machine = chart.title === 'call-ahead' ? callAheadMachine({} as never) : ROLE_MACHINES[ROLES[i]! as keyof typeof ROLE_MACHINES]({} as never);
      expect(allStates(chart).map((s) => s.key)).toEqual(Object.keys(machine.root.states));
      expect(chartTransitions).toEqual(xstateTransitions(machine));
    });
  });

  it('says guards and actions as sentences, higher-order guards included, and the relay alone asks isBestMx', () => {
    const mermaid = Object.fromEntries(charts.map((c) => [c.title, decodeMermaid(renderMachinesMermaid([c]))]));
    expect(mermaid.relay).toContain('[follows the best-MX rule for the domain and is the best MX] / chooses the hop to-destination, routes to its destination');
    expect(mermaid.relay).toContain('[follows the best-MX rule for the domain] / chooses the hop to-best-mx, routes to the best MX');
    expect(mermaid.filter).not.toContain('best MX]');
    expect(mermaid.mailbox).toContain("[does not accept the recipient's domain] / answers 550 (relay denied)");
    expect(mermaid.mailbox).toContain('[verifies by call-ahead and routes locally]');
    expect(mermaid['call-ahead']).toContain("TIMED_OUT [that was the verifier's last candidate] / times out");
    expect(mermaid['call-ahead']).toContain('REFUSED [refused with 5xx] / marks the host tried, takes the answer');
    expect(mermaid.mta).toContain(
      'REFUSED [refused with 5xx, that was the last host to try and its software bounces then (Exim)] / marks the host tried, answers 550 (IP lock)',
    );
    expect(mermaid.mta).toContain('REPLY [the reply is 4xx and nothing is left to try in this attempt] / keeps the reply');
    // The machine's own names stay on the chart's data, for a programmer.
    const mta = charts.find((c) => c.title === 'mta')!;
    expect(allStates(mta).flatMap((s) => s.transitions).map((t) => t.guard)).toContain('and(replyIsTemporary, attemptOver)');
  });

  it('shows each state’s tags, what the composed system does with a host there, straight from the machine', () => {
    charts.forEach((chart, i) => {
      const machine = chart.title === 'call-ahead' ? callAheadMachine({} as never) : ROLE_MACHINES[ROLES[i]! as keyof typeof ROLE_MACHINES]({} as never);
      expect(allStates(chart).map((s) => s.tags)).toEqual(Object.values(machine.root.states).map((n) => n.tags));
    });
    const mta = decodeMermaid(renderMachinesMermaid([charts.find((c) => c.title === 'mta')!]));
    for (const label of ['queued · connects', 'deferred · retries', 'accepted · awaits-route', 'verifying · calls-ahead', 'delivered · delivers', 'idle"']) expect(mta).toContain(label);
  });

  it('has a phrase for every guard and action name the machines use', () => {
    const transitions = charts.flatMap((c) => allStates(c).flatMap((s) => s.transitions));
    const names = (g: string) => g.replace(/\b(and|or|not)\(/g, ' ').split(/[(), ]+/).filter(Boolean);
    const guards = new Set(transitions.flatMap((t) => (t.guard === null ? [] : names(t.guard))));
    expect([...guards].filter((g) => GUARD_PHRASES[g] === undefined)).toEqual([]);
    const actions = new Set(transitions.flatMap((t) => t.actions.map((a) => a.split('(')[0]!)).filter((a) => a !== 'answer'));
    expect([...actions].filter((a) => ACTION_PHRASES[a] === undefined)).toEqual([]);
    const routes = new Set(transitions.flatMap((t) => t.actions.flatMap((a) => /^answer\(0 (.+)\)$/.exec(a)?.[1] ?? [])));
    expect([...routes].filter((r) => ROUTE_PHRASES[r] === undefined)).toEqual([]);
  });

  it('falls back to words for a name it has no phrase for', () => {
    expect(guardSentence({ op: 'and', args: [{ name: 'hasTlsCertificate' }, { op: 'not', args: [{ name: 'isBestMx' }] }] })).toBe('has tls certificate and is not the best MX');
    expect(guardSentence({ op: 'not', args: [{ name: 'speaksLMTP' }] })).toBe('not (speaks lmtp)');
    expect(guardSentence({ op: 'or', args: [{ name: 'a' }, { op: 'and', args: [{ name: 'b' }, { name: 'c' }] }] })).toBe('a or (b and c)');
    expect(actionSentence('rewriteSender', { to: 'bounce@example.com' })).toBe('rewrite sender (bounce@example.com)');
    expect(actionSentence('answer', { reply: 0, reason: 'via-smarthost' })).toBe('routes: via smarthost');
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
    expect(labels).toEqual(['GO [not (is ready)]', 'GO [else] / mark']);
    expect(allStates(chart)[0]!.transitions[0]!.guard).toBe('not(isReady)');
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
    expect(text).toContain('CALL_AHEAD_RESULT [the call-ahead answered 2xx]');
  });

  it('puts several charts in one Mermaid diagram as composite states', () => {
    const mermaid = renderMachinesMermaid(charts.slice(0, 2));
    expect(mermaid.split('\n').filter((l) => /^ {2}state "[^"]+" as c\d+ \{$/.test(l))).toHaveLength(2);
  });
});
