/**
 * The violating cycle a counterexample walks, as host pairs the topology diagram colours: call-ahead
 * pairs that close a loop within one call-ahead chain, and forwarding pairs that close a loop
 * within one message's delivery sessions. A pair is on the cycle when its target reaches its
 * source again through pairs of the same chain — a retry of the same hop is not a cycle.
 */
import type { CheckResult, Step } from '../../properties/result.js';

/** A connection attempt that failed, or was refused in the greeting, carries no SMTP exchange: it cannot close a loop. */
export function isConnectionFailure(step: Step): boolean {
  return step.kind === 'command' && /^(call-ahead )?connect(ion)? to \S+ (failed|refused)/.test(step.text);
}

export interface CyclePairs {
  /** `from → to` pairs of delivery sessions (depth 0) on a forwarding loop. */
  forwarding: Pair[];
  /** `from → to` pairs of call-aheads (depth ≥ 1) on a call-ahead loop. */
  callAhead: Pair[];
}

export interface Pair {
  from: string;
  to: string;
}

const key = (p: Pair) => JSON.stringify([p.from, p.to]);

export function cyclePairs(result: CheckResult | null): CyclePairs {
  const forwarding = new Map<string, Pair>();
  const callAhead = new Map<string, Pair>();
  for (const p of result?.properties ?? []) {
    if (p.verdict !== 'violated' || p.counterexample === undefined) continue;
    const steps = p.counterexample.steps.filter((s) => s.kind === 'command' && s.to !== null && !isConnectionFailure(s));
    for (const group of groupBy(steps.filter((s) => s.depth === 0), (s) => String(s.message))) addCycles(group, forwarding);
    for (const chain of callAheadChains(p.counterexample.steps)) addCycles(chain, callAhead);
  }
  return { forwarding: [...forwarding.values()], callAhead: [...callAhead.values()] };
}

/** Runs of call-ahead commands, each run started by one delivery-session step. */
function callAheadChains(steps: readonly Step[]): Step[][] {
  const chains: Step[][] = [];
  let current: Step[] = [];
  for (const s of steps) {
    if (s.depth === 0) {
      if (current.length > 0) chains.push(current);
      current = [];
    } else if (s.kind === 'command' && s.to !== null && !isConnectionFailure(s)) current.push(s);
  }
  if (current.length > 0) chains.push(current);
  return chains;
}

function addCycles(steps: readonly Step[], into: Map<string, Pair>): void {
  const next = new Map<string, Set<string>>();
  for (const s of steps) {
    if (!next.has(s.from)) next.set(s.from, new Set());
    next.get(s.from)!.add(s.to!);
  }
  const reaches = (a: string, b: string): boolean => {
    const seen = new Set([a]);
    const queue = [a];
    for (let i = 0; i < queue.length; i++) {
      for (const n of next.get(queue[i]!) ?? []) {
        if (n === b) return true;
        if (!seen.has(n)) {
          seen.add(n);
          queue.push(n);
        }
      }
    }
    return false;
  };
  for (const s of steps) {
    const pair = { from: s.from, to: s.to! };
    if (s.from === s.to || reaches(s.to!, s.from)) into.set(key(pair), pair);
  }
}

function groupBy<T>(items: readonly T[], by: (t: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(by(item), [...(groups.get(by(item)) ?? []), item]);
  return [...groups.values()];
}

