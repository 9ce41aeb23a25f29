/**
 * The result of a check whose budget ran out while its file was still being loaded (a huge file,
 * a short `--timeout`, Ctrl-C): nothing is known of the topology, so every property asked is
 * `inconclusive`, and the reason says what stopped it and where. Reports render it like any
 * other result; `stats.stopReason` carries the budget, so the CLI exits 3 (or 130 on Ctrl-C).
 */
import type { LoadStopped } from '../../models/topology/load.js';
import type { AnyPropertyId } from '../../models/topology/types.js';
import type { CheckResult } from '../../properties/result.js';
import { DEFAULT_MAX_MEMORY_MB } from './budget.js';

interface Asked {
  properties?: readonly AnyPropertyId[];
  timeoutMs?: number;
  maxMemoryMB?: number;
}

function budgetName(stopped: LoadStopped, asked: Asked): string {
  switch (stopped.reason) {
    case 'timeout':
      return `the time limit (${asked.timeoutMs} ms)`;
    case 'max-memory':
      return `the memory limit (${asked.maxMemoryMB ?? DEFAULT_MAX_MEMORY_MB} MB)`;
    case 'interrupted':
      return 'an interrupt';
    default:
      return `the ${stopped.reason} budget`;
  }
}

const WHEN: Record<LoadStopped['stage'], string> = {
  reading: 'before the file was read',
  parsing: 'while parsing the file',
  validating: 'while validating the file',
  building: 'while building the topology from the file',
};

/** `known`: every property the check would have judged (the registry's ids), when none were asked. */
export function stoppedWhileLoading(file: string, stopped: LoadStopped, asked: Asked, durationMs: number, known: readonly AnyPropertyId[]): CheckResult {
  const reason = `stopped by ${budgetName(stopped, asked)} ${WHEN[stopped.stage]}; nothing was checked`;
  return {
    file,
    properties: (asked.properties ?? known).map((id) => ({ id, verdict: 'inconclusive', reason })),
    stats: { states: 0, transitions: 0, maxDepth: 0, durationMs: Math.round(durationMs * 100) / 100, setupMs: Math.round(durationMs * 100) / 100, complete: false, engine: 'none', stopReason: stopped.reason },
  };
}
