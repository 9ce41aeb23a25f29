/**
 * The JSON report: one object per checked file, `{ file, properties, stats }` (the contract),
 * printed one per line so several files stream as JSON Lines.
 */
import type { CheckResult } from '../../properties/result.js';
import type { LoadError } from '../../models/topology/errors.js';

export function renderCheckJson(result: CheckResult): string {
  return JSON.stringify(result) + '\n';
}

export function renderLoadErrorsJson(file: string, errors: readonly LoadError[]): string {
  return JSON.stringify({ file, errors }) + '\n';
}
