/**
 * A counterexample as a Mermaid `sequenceDiagram`: hosts as lifelines (aliases P1, P2, … with the
 * names as escaped labels), `->>` for commands, `-->>` for replies, `-x` for a connection that
 * failed, a host acting alone as a note over it, each call-ahead in a shaded `rect` nested inside
 * the session that caused it, and the repeating part inside a `loop` block.
 */
import type { Counterexample, Step } from '../../properties/result.js';
import { isConnectionFailure } from './cycle.js';
import { mermaidLines } from './escape.js';
import { wrapWords } from './textMetrics.js';
import { traceTree, type TraceItem, type TraceOptions } from './traceTree.js';

const CALL_AHEAD_SHADE = 'rgba(124, 58, 237, 0.10)';
const WRAP = 44;

/** The text a step's arrow or note carries: its number, what it says, and the step it repeats. */
export function stepCaption(step: Step): string {
  return `${step.n}. ${step.text}${step.repeats === undefined ? '' : ` ↺ repeats step ${step.repeats}`}`;
}

export function renderSequenceMermaid(cx: Counterexample, options: TraceOptions = {}): string {
  const tree = traceTree(cx, options);
  const alias = new Map(tree.participants.map((p, i) => [p, `P${i + 1}`]));
  const all = tree.participants.length > 1 ? `${alias.get(tree.participants[0]!)},${alias.get(tree.participants.at(-1)!)}` : 'P1';
  const lines = ['sequenceDiagram'];
  for (const p of tree.participants) lines.push(`  participant ${alias.get(p)} as ${mermaidLines([p])}`);

  const text = (s: string) => mermaidLines(wrapWords(s, WRAP));
  const emit = (items: readonly TraceItem[], indent: string): void => {
    for (const item of items) {
      switch (item.kind) {
        case 'gap':
          lines.push(`${indent}Note over ${all}: ${text(`… ${item.count} more steps like these …`)}`);
          break;
        case 'note':
          lines.push(`${indent}Note over ${all}: ${text(item.text)}`);
          break;
        case 'call-ahead':
          lines.push(`${indent}rect ${CALL_AHEAD_SHADE}`);
          emit(item.items, indent + '  ');
          lines.push(`${indent}end`);
          break;
        case 'loop':
          lines.push(`${indent}loop ${mermaidLines([item.label])}`);
          emit(item.items, indent + '  ');
          lines.push(`${indent}end`);
          break;
        case 'step':
          lines.push(...stepLines(item.step, indent));
      }
    }
  };
  const stepLines = (step: Step, indent: string): string[] => {
    const from = alias.get(step.from)!;
    const to = step.to === null ? undefined : alias.get(step.to)!;
    if (to === undefined) return [`${indent}Note over ${from}: ${text(stepCaption(step))}`];
    const arrow = step.kind === 'reply' ? '-->>' : isConnectionFailure(step) ? '-x' : '->>';
    const out = [`${indent}${from}${arrow}${to}: ${text(stepCaption(step))}`];
    // The step that closes a call-ahead loop says why in its details: show them where it happens.
    if (step.repeats !== undefined && step.details.length > 0) out.push(`${indent}Note over ${from === to ? from : `${from},${to}`}: ${text(step.details.join('; '))}`);
    return out;
  };
  emit(tree.items, '  ');
  return lines.join('\n') + '\n';
}
