/**
 * `mxproof replay FILE PATH`: re-runs the path a counterexample printed (`path 0:0*16`) on the
 * model of FILE and prints its steps — none of them elided (the reports leave the middle of a long
 * run out) — which property each step violates, and, for a path that ends where it has been
 * before as a lasso does, that it repeats forever and which mail it never delivers. Like `check`,
 * the text shows the steps of the mail at fault and the faults it sees, unless `--all-steps`; with
 * --format json, every step in the JSON report's shapes. A path that does not fit the file (it was
 * edited since) is bad input, with the step where it stops fitting.
 */
import { safeText } from '../safe.js';
import { Option, type Command } from 'commander';
import { MailSystem } from '../../../models/system/mailSystem.js';
import type { SystemAction, SystemState } from '../../../models/system/types.js';
import { formatLoadError } from '../../../models/topology/load.js';
import { loadTopologyFile } from '../../api/load.js';
import { Configs, configOption, noConfigOption, type ConfigFlags } from '../config.js';
import { toCounterexample } from '../../../properties/counterexample.js';
import { propertiesOf } from '../../../properties/check.js';
import { decodePath, replay } from '../../checker/index.js';
import { counterexample as jsonCounterexample } from '../../report/json.js';
import { relevantSteps } from '../../report/relevantSteps.js';
import { renderStep } from '../../report/text.js';
import { CliError, EXIT } from '../exit.js';
import { collect, type CommandContext } from '../options.js';
import { withFaults } from '../../api/failures.js';
import { selectMessage } from '../../api/message.js';
import { normalizeName } from '../../../models/topology/parse.js';
import { visible } from '../../../models/topology/text.js';
import type { Topology } from '../../../models/topology/types.js';

/**
 * Longest path replay prints: every step is a global state held in memory (a 1 000 000-step
 * path took 17 s and 1.7 GB), and a shortest counterexample is rarely past a few thousand steps.
 */
export const MAX_REPLAY_STEPS = 100_000;

const STEPS_PER_WRITE = 2_000;

/** The file with `--fault HOST=KIND` added: the topology a failure sweep's set was checked on. */
function withAddedFaults(topology: Topology, specs: readonly string[]): Topology {
  let out = topology;
  for (const spec of specs) {
    const [host = '', kind = 'transient'] = spec.split('=');
    const name = normalizeName(host);
    if (!topology.hosts.some((h) => h.name === name)) {
      throw new CliError(`--fault ${visible(spec)}: unknown host \`${visible(host)}\`; known hosts: ${topology.hosts.map((h) => h.name).join(', ')}`);
    }
    if (kind !== 'transient' && kind !== 'down') throw new CliError(`--fault ${visible(spec)}: a fault is transient or down, got \`${visible(kind)}\``);
    out = withFaults(out, [name], kind);
  }
  return out;
}

export function registerReplay(program: Command, { io, setCode }: CommandContext): void {
  program
    .command('replay')
    .description('replay the path of a counterexample (as printed by check) and print its steps')
    .argument('<file>', 'the topology file the path was printed for')
    .argument('<path>', 'the path, e.g. 0:0*16')
    .option('--fault <host=kind>', 'add a fault (transient or down) to the file, as `check --failures` did for the set a path came from (repeatable)', collect, [])
    .option('--message <n|address>', 'replay on that message alone, as `check --message` checked it')
    .addOption(new Option('--format <format>', 'text, or json: { file, path, counterexample, violations } with every step').choices(['text', 'json']).default('text'))
    .option('--all-steps', "text: print every step, other messages' and faults they do not see included", false)
    .addOption(configOption())
    .addOption(noConfigOption())
    .action(async (file: string, path: string, flags: { fault: string[]; message?: string; format: 'text' | 'json'; allSteps: boolean } & ConfigFlags) => {
      const configs = await Configs.load([file], flags, io);
      const read = loadTopologyFile(file, { config: configs.for(file)?.config });
      if (!read.ok) {
        for (const e of read.errors) io.stderr(formatLoadError(e) + '\n');
        setCode(EXIT.badInput);
        return;
      }
      let topology = withAddedFaults(read.topology, flags.fault);
      if (flags.message !== undefined) {
        const chosen = selectMessage(topology, flags.message);
        if (!chosen.ok) throw new CliError(`--message: ${chosen.message}`);
        topology = chosen.topology;
      }
      const loaded = { ...read, topology };
      const decoded = decodePath(path, MAX_REPLAY_STEPS);
      if (!decoded.ok && decoded.tooLong === true) {
        throw new CliError(
          `the path has more than ${MAX_REPLAY_STEPS} steps, the most replay prints (each step is a state held in memory). ` +
            'A shortest counterexample is far shorter: check the path was copied whole',
          EXIT.badInput,
        );
      }
      const system = new MailSystem(loaded.topology);
      const run = replay(system, decoded.ok ? decoded : path);
      if (!run.ok) {
        const where = run.atStep < 0 ? '' : ` at step ${run.atStep + 1}`;
        throw new CliError(`the path does not fit ${file}${where}: ${run.error}`);
      }
      const violations: { step: number; property: string; reason: string }[] = [];
      let broke: number[] = [];
      const properties = propertiesOf(loaded.topology, configs.registryFor(file));
      for (let i = 1; i < run.states.length; i++) {
        const effects = system.next(run.states[i - 1]!, run.actions[i - 1]!).effects;
        for (const p of properties) {
          if (p.kind !== 'safety') continue;
          for (const e of effects) {
            if (!p.judges.includes(e.kind)) continue;
            const why = p.violation(e, system, run.states[i]!);
            if (why === null) continue;
            violations.push({ step: i, property: p.id, reason: why });
            const action = run.actions[i - 1]!;
            if (broke.length === 0 && action.kind === 'message') broke = [action.message];
          }
        }
      }
      // A path that ends where it has been before is a lasso: from there it repeats forever.
      const loopsFrom = cycleStart(system, run.states);
      const stuck = loopsFrom === null ? [] : stuckIn(system, run, loopsFrom);
      const ed = properties.find((p) => p.id === 'eventual-delivery');
      const repeats =
        loopsFrom !== null && stuck.length > 0 && ed?.kind === 'liveness' ? { step: loopsFrom + 1, property: ed.id, reason: ed.explain(run.states.at(-1)!, system, stuck) } : null;
      const cx = toCounterexample({ ...run, loopsFrom, path }, system, stuck.length > 0 ? stuck : broke);
      if (flags.format === 'json') {
        // Every step: this is where a report's elided counterexample is read in full.
        io.stdout(JSON.stringify({ file, path, counterexample: jsonCounterexample(cx, true), violations: repeats === null ? violations : [...violations, repeats] }) + '\n');
      } else {
        // The steps its violation needs (every step with --all-steps), none elided: written a few
        // thousand at a time, as a 100 000-step path is some 20 MB of text; the steps escape their
        // own text (renderStep), so only what comes from elsewhere goes through safeText.
        const { cx: shown, note } = relevantSteps(cx, flags.allSteps);
        io.stdout(safeText(`${file}: replay of ${path} (${cx.steps.length} steps)`) + '\n');
        const lines = (steps: typeof shown.steps) =>
          steps.flatMap((step) => [...(step.n === shown.loopsFrom ? ['      ┌─ from here the run repeats forever ─'] : []), ...renderStep(step)]);
        for (let i = 0; i < shown.steps.length; i += STEPS_PER_WRITE) io.stdout(lines(shown.steps.slice(i, i + STEPS_PER_WRITE)).join('\n') + '\n');
        const said = [
          ...(shown.loopsFrom === null ? [] : [`      └─ … and from step ${shown.loopsFrom} it repeats`]),
          ...(note === null ? [] : [`      (${note})`]),
          ...violations.map((v) => `  step ${v.step} violates ${v.property}: ${v.reason}`),
          ...(repeats === null ? [] : [`  from step ${repeats.step} the run repeats forever: ${repeats.property}: ${repeats.reason}`]),
        ];
        if (said.length > 0) io.stdout(safeText(said.join('\n')) + '\n');
      }
      setCode(EXIT.ok);
    });
}

/**
 * The messages to valid recipients a lasso never delivers: those that step in its cycle, and those
 * with no step left. One that could step but never does in the cycle is only left waiting by this
 * run — fairness rules that out (its steps never depend on the faults), so it is not "stuck".
 */
function stuckIn(system: MailSystem, run: { states: SystemState[]; actions: SystemAction[] }, loopsFrom: number): number[] {
  const last = run.states.at(-1)!;
  const moving = new Set(run.actions.slice(loopsFrom).flatMap((a) => (a.kind === 'message' ? [a.message] : [])));
  return last.messages.flatMap((m, i) =>
    system.isRecipientValid(i) && !system.isDelivered(m, i) && (moving.has(i) || system.choicesOf(m, i).length === 0) ? [i] : [],
  );
}

/** Where a run that ends in a state it was in before first was in it; null when it ends anywhere new. */
function cycleStart(system: MailSystem, states: readonly SystemState[]): number | null {
  if (states.length < 2) return null;
  const end = system.fingerprint(states.at(-1)!);
  const first = states.findIndex((s) => system.fingerprint(s) === end);
  return first < states.length - 1 ? first : null;
}
