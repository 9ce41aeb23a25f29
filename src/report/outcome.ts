/**
 * What the file-level reports (JUnit, SARIF) render: each file either checked, with the positions
 * its results point into (null when a budget stopped the check while loading it: no positions), or
 * refused by the loader with its errors. The API's `check` returns
 * values of this shape, so a user's script can hand them straight to a renderer.
 */
import type { LoadError } from '../../models/topology/errors.js';
import type { SourcePos } from '../../models/topology/types.js';
import type { CheckResult } from '../../properties/result.js';

export type CheckedFile =
  | { ok: true; file: string; result: CheckResult; topology: { positions: Record<string, SourcePos> } | null }
  | { ok: false; file: string; errors: readonly LoadError[] };
