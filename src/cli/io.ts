/** Where the CLI writes; injected so tests run the CLI in-process and read what it printed. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal: only then is progress shown. */
  stderrIsTTY: boolean;
  /** True when stdout is a terminal: only then are reports coloured (unless NO_COLOR / FORCE_COLOR say otherwise). */
  stdoutIsTTY?: boolean;
  /** Width of the terminal stderr writes to, when known: a progress line is cut to fit it. */
  stderrColumns?: number;
  env: Record<string, string | undefined>;
  /** The directory SARIF URIs are relative to (default: the process's working directory). */
  cwd?: string;
  /**
   * True once the user asked the run to stop (Ctrl-C): a check then ends what it is doing,
   * prints what it reached and exits 130. Set only where something can interrupt (the bin runs
   * checks in a worker thread for it: main.ts); absent, nothing does.
   */
  interrupted?: () => boolean;
}

export function processIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stderrIsTTY: process.stderr.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrColumns: process.stderr.columns,
    env: process.env,
    cwd: process.cwd(),
  };
}
