/**
 * A statechart read off an XState machine itself — `machine.root`, its child state nodes, their
 * `transitions` map and `always` list — never drawn by hand: states in definition order, each
 * transition with its event (null for an eventless `always`), its guard by name (`not(…)`,
 * `and(…)` spelled out), its actions and targets, and the same guard and actions as sentences
 * (phrases.ts), which the diagrams print. A targetless transition stays in its state.
 */
import { and, not, or, type AnyStateMachine, type AnyStateNode, type AnyTransitionDefinition } from 'xstate';
import { actionSentence, guardSentence, type GuardExpr } from './phrases.js';

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
  /**
   * The state's tags: what the composed system does next with a host there (`connects`,
   * `retries`, …) and what the state means for the message (`delivers`, …), models/machines/tags.ts.
   */
  tags: string[];
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** Path of the initial child of a compound state. */
  initial: string | null;
  children: ChartState[];
  transitions: ChartTransition[];
}

/** A state's name as a chart shows it: with its tags, which say what the composed system does there. */
export function stateLabel(s: Pick<ChartState, 'key' | 'tags'>): string {
  return s.tags.length === 0 ? s.key : `${s.key} · ${s.tags.join(', ')}`;
}

export interface ChartTransition {
  source: string;
  /** Paths of the targets; empty when the transition stays in its state. */
  targets: string[];
  /** Null for an eventless (`always`) transition. */
  event: string | null;
  /** The guard as the machine names it, `and(verifiesByCallAhead, routesLocally)`. */
  guard: string | null;
  actions: string[];
  /** The guard and actions as an administrator reads them: "verifies by call-ahead and routes locally". */
  guardText: string | null;
  actionTexts: string[];
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
      guardText: t.guard === undefined ? null : guardSentence(guardExpr(t.guard)),
      actionTexts: t.actions.map(actionText),
      otherwise: t.guard === undefined && i > 0,
    })),
  );
  return { path: node.id, key: node.key, tags: [...node.tags], type: node.type, initial, children, transitions };
}

// XState's higher-order guards are functions that carry their operands and a `check` of their
// own: known by that check, not by the function's name, which a bundler may rename (`and2`).
const OPERATORS = new Map<unknown, 'and' | 'or' | 'not'>([
  [(and([]) as unknown as { check: unknown }).check, 'and'],
  [(or([]) as unknown as { check: unknown }).check, 'or'],
  [(not('x') as unknown as { check: unknown }).check, 'not'],
]);

/** A guard as a tree: a name, or `and`/`or`/`not` over guards. */
export function guardExpr(guard: unknown): GuardExpr {
  if (typeof guard === 'function') {
    const { guards: inner, check } = guard as { guards?: unknown; check?: unknown };
    const op = OPERATORS.get(check);
    if (op !== undefined && Array.isArray(inner)) return { op, args: inner.map(guardExpr) };
    return { name: guard.name === '' ? 'inline guard' : guard.name };
  }
  if (typeof guard === 'string') return { name: guard };
  if (guard !== null && typeof guard === 'object' && 'type' in guard) return { name: String(guard.type) };
  return { name: String(guard) };
}

/** A guard by name; higher-order guards (`not`, `and`, `or`) with their operands. */
export function guardName(guard: unknown): string {
  const show = (g: GuardExpr): string => ('name' in g ? g.name : `${g.op}(${g.args.map(show).join(', ')})`);
  return show(guardExpr(guard));
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

/** An action as a sentence; parameters (`answer`'s reply and reason) read into it. */
function actionText(action: unknown): string {
  if (action !== null && typeof action === 'object' && 'type' in action) {
    const params = 'params' in action && action.params !== null && typeof action.params === 'object' ? (action.params as Record<string, unknown>) : {};
    return actionSentence(String(action.type), params);
  }
  return actionSentence(actionName(action));
}

/** The transition's label: `EVENT [guard] / action, action`, guard and actions as sentences. */
export function transitionLabel(t: ChartTransition): string {
  const guard = t.guardText;
  const actions = t.actionTexts;
  const parts: string[] = [];
  if (t.event !== null) parts.push(t.event);
  if (guard !== null) parts.push(`[${guard}]`);
  else if (t.otherwise) parts.push('[else]');
  if (actions.length > 0) parts.push(`/ ${actions.join(', ')}`);
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
