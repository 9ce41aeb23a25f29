/**
 * What `mxproof check` prints of each file, in file order, and at the end: the same calls whether
 * the files were checked one after another or by a pool of threads (checkPool.ts), so both print
 * the same bytes but for the timings.
 */
import { formatLoadError, formatWarning } from '../../models/topology/errors.js';
import { renderFailuresText } from '../report/failures.js';
import { renderCheckJson, renderLoadErrorsJson } from '../report/json.js';
import { renderJUnit } from '../report/junit.js';
import { renderSarif } from '../report/sarif.js';
import { renderCheckText } from '../report/text.js';
import type { Palette } from '../report/color.js';
import type { CheckFlags } from './checkFlags.js';
import type { FileOutcome } from './checkOne.js';
import { EXIT, worst, type ExitCode } from './exit.js';
import type { CliIO } from './io.js';

export function exitCodeOf(outcome: FileOutcome): ExitCode {
  if (!outcome.ok) return EXIT.badInput;
  return outcome.status === 'failed' ? EXIT.violated : outcome.status === 'inconclusive' ? EXIT.inconclusive : EXIT.ok;
}

/**
 * Text and JSON stream a report per file as it is checked. JUnit and SARIF are one document for
 * all the files, printed at the end. Load errors always go to stderr as `file:line:col: field:
 * message`, and into the JSON, JUnit and SARIF documents too. With --quiet the text report leaves
 * out the files whose every verdict is fine, and no warnings are printed.
 */
export class CheckReport {
  private readonly outcomes: FileOutcome[] = [];

  constructor(
    private readonly flags: Pick<CheckFlags, 'format' | 'quiet' | 'allSteps'>,
    private readonly io: CliIO,
    private readonly palette: Palette,
  ) {}

  /** Prints the report of the next file (they come in file order). */
  file(outcome: FileOutcome): void {
    const { flags, io } = this;
    this.outcomes.push(outcome);
    if (!outcome.ok) {
      for (const e of outcome.errors) io.stderr(formatLoadError(e) + '\n');
      if (flags.format === 'json') io.stdout(renderLoadErrorsJson(outcome.file, outcome.errors));
      return;
    }
    if (!flags.quiet) for (const w of outcome.result.warnings ?? []) io.stderr(formatWarning(w) + '\n');
    const { sweep } = outcome;
    const allSteps = flags.allSteps === true;
    if (flags.format === 'json') io.stdout(renderCheckJson(outcome.result, sweep));
    else if (flags.format === 'text' && !(flags.quiet && outcome.status === 'passed')) {
      io.stdout(renderCheckText(outcome.result, this.palette, outcome.topology?.positions, { allSteps }));
      if (sweep !== undefined) io.stdout(renderFailuresText(sweep, this.palette, { allSteps }));
    }
  }

  /**
   * Prints the documents of all the files and says the exit code. Interrupted, the reports hold
   * what was reached (the files after it: inconclusive, "stopped by an interrupt before the file
   * was read"), and the exit code says the run was cut.
   */
  end(): ExitCode {
    const { flags, io } = this;
    if (flags.format === 'junit') io.stdout(renderJUnit(this.outcomes));
    if (flags.format === 'sarif') io.stdout(renderSarif(this.outcomes, { baseDir: io.cwd ?? process.cwd() }));
    if (io.interrupted?.() === true) return EXIT.interrupted;
    return worst(this.outcomes.map(exitCodeOf));
  }
}
