/**
 * A statechart read off an XState machine itself — `machine.root`, its child state nodes, their
 * `transitions` map and `always` list — never drawn by hand: states in definition order, each
 * transition with its event (null for an eventless `always`), its guard by name (`not(…)`,
 * `and(…)` spelled out), its actions and targets. A targetless transition stays in its state.
 */
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';

export interface Statechart {
  /** The machine's id (`relay`, `call-ahead`). */
  id: string;
  /** What the chart is drawn for, e.g. the role. */
  title: string;
  root: ChartState;
}

export interface ChartState {
  /** XState's id for the node, e.g. `relay.checkingRecipient`: unique in the machine. */
  path: string;
  key: string;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** Path of the initial child of a compound state. */
  initial: string | null;
  children: ChartState[];
  transitions: ChartTransition[];
}

export interface ChartTransition {
  source: string;
  /** Paths of the targets; empty when the transition stays in its state. */
  targets: string[];
  /** Null for an eventless (`always`) transition. */
  event: string | null;
  guard: string | null;
  actions: string[];
  /** True for the unguarded last of several alternatives for the same event: taken when no guard holds. */
  otherwise: boolean;
}

export function statechartOf(machine: AnyStateMachine, title: string = machine.id): Statechart {
  return { id: machine.id, title, root: stateOf(machine.root) };
}

function stateOf(node: AnyStateNode): ChartState {
  const children = Object.values(node.states as Record<string, AnyStateNode>).map(stateOf);
  const initial = node.type === 'compound' ? (node.initial.target[0]?.id ?? null) : null;
  const groups: [string | null, AnyTransitionDefinition[]][] = [
    ...(node.always === undefined ? [] : [[null, node.always] as [null, AnyTransitionDefinition[]]]),
    ...[...node.transitions.entries()],
  ];
  const transitions = groups.flatMap(([event, list]) =>
    list.map((t, i) => ({
      source: node.id,
      targets: (t.target ?? []).map((s: AnyStateNode) => s.id),
      event,
      guard: t.guard === undefined ? null : guardName(t.guard),
      actions: t.actions.map(actionName),
      otherwise: t.guard === undefined && i > 0,
    })),
  );
  return { path: node.id, key: node.key, type: node.type, initial, children, transitions };
}

/** A guard by name; higher-order guards (`not`, `and`, `or`) with their operands. */
export function guardName(guard: unknown): string {
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const inner = (guard as { guards?: unknown }).guards;
    if (Array.isArray(inner)) return `${guard.name}(${inner.map(guardName).join(', ')})`;
    return guard.name === '' ? 'inline guard' : guard.name;
  }
  if (guard !== null && typeof guard === 'object' && 'type' in guard) return String(guard.type);
  return String(guard);
}

/** An action by name; parameters of a parameterized action shown after it, `answer(550 relay-denied)`. */
export function actionName(action: unknown): string {
  if (typeof action === 'string') return action;
  if (typeof action === 'function') {
    const type = (action as { type?: unknown }).type;
    return typeof type === 'string' ? type : action.name === '' ? 'inline action' : action.name;
  }
  if (action !== null && typeof action === 'object' && 'type' in action) {
    const params = 'params' in action && action.params !== null && typeof action.params === 'object' ? Object.values(action.params) : [];
    return params.length === 0 ? String(action.type) : `${String(action.type)}(${params.map(String).join(' ')})`;
  }
  return String(action);
}

/** The transition's label: `EVENT [guard] / action, action`. */
export function transitionLabel(t: ChartTransition): string {
  const parts: string[] = [];
  if (t.event !== null) parts.push(t.event);
  if (t.guard !== null) parts.push(`[${t.guard}]`);
  else if (t.otherwise) parts.push('[else]');
  if (t.actions.length > 0) parts.push(`/ ${t.actions.join(', ')}`);
  return parts.length === 0 ? '(always)' : parts.join(' ');
}

/** Every state of the chart, depth first, the root excluded. */
export function allStates(chart: Statechart): ChartState[] {
  const out: ChartState[] = [];
  const walk = (s: ChartState): void => {
    for (const c of s.children) {
      out.push(c);
      walk(c);
    }
  };
  walk(chart.root);
  return out;
}
