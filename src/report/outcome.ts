/**
 * What the file-level reports (JUnit, SARIF) render: each file either checked, with the positions
 * its results point into (null when a budget stopped the check while loading it: no positions), or
 * refused by the loader with its errors. The API's `check` returns
 * values of this shape, so a user's script can hand them straight to a renderer.
 */
import type { LoadError } from '../../models/topology/errors.js';
import type { PathProperty, SourcePos } from '../../models/topology/types.js';
import type { PropertyRegistry } from '../../properties/registry.js';
import type { CheckResult, PropertyResult } from '../../properties/result.js';
import type { FailureSweep } from '../api/failures.js';

/**
 * A failure sweep's findings as properties of their own, for the reports that list properties
 * (JUnit test cases, SARIF results): `eventual-delivery` broken with mx1 down is
 * `eventual-delivery with mx1 down`, violated. `named` keeps the property's own id and puts the
 * set in the reason instead (SARIF: the rule stays the property's).
 */
export function sweepResults(sweep: FailureSweep | undefined, named: 'id' | 'reason'): PropertyResult[] {
  return (sweep?.findings ?? []).flatMap((f) =>
    f.properties.map((p) => {
      const set = `with ${f.hosts.join(' + ')} ${f.kind}`;
      return named === 'id' ? { ...p, id: `${p.id} ${set}` } : { ...p, reason: `${set}: ${p.reason ?? 'violated'}` };
    }),
  );
}

export type CheckedFile =
  | {
      ok: true;
      file: string;
      result: CheckResult;
      topology: { positions: Record<string, SourcePos>; properties?: readonly PathProperty[] } | null;
      sweep?: FailureSweep;
      /** The properties the check knew (a config file's among them); default the built-in ones. */
      registry?: PropertyRegistry;
    }
  | { ok: false; file: string; errors: readonly LoadError[] };
