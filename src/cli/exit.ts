/**
 * Exit codes, distinct so CI can tell a broken topology from a broken file: 0 every property holds
 * (or every `expect` is met), 1 a violation or an unmet `expect`, 2 bad input or usage,
 * 3 inconclusive (a budget stopped the search before a verdict), 130 interrupted by Ctrl-C (the
 * shell's 128 + SIGINT, kept although mxproof handles the signal and prints what it reached;
 * a SIGTERM ends it the same way with 143, main.ts).
 */
export const EXIT = { ok: 0, violated: 1, badInput: 2, inconclusive: 3, interrupted: 130 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The worst of several outcomes: bad input beats a violation beats inconclusive beats ok. */
export function worst(codes: readonly ExitCode[]): ExitCode {
  const rank: ExitCode[] = [EXIT.badInput, EXIT.violated, EXIT.inconclusive];
  return rank.find((c) => codes.includes(c)) ?? EXIT.ok;
}

/** A usage or input problem found by the CLI itself; mapped to an exit code at the entry point only. */
export class CliError extends Error {
  constructor(message: string, readonly code: ExitCode = EXIT.badInput) {
    super(message);
  }
}
