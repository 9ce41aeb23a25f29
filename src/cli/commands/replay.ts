/**
 * `mxproof replay FILE PATH`: re-runs the path a counterexample printed (`path 0:0*16`) on the
 * model of FILE and prints every step of it (the reports leave the middle of a long run out), and
 * which property each step violates; as text, or with --format json in the JSON report's shapes.
 * A path that does not fit the file (it was edited since) is bad input, with the step where it
 * stops fitting.
 */
import { safeText } from '../safe.js';
import { Option, type Command } from 'commander';
import { MailSystem } from '../../../models/system/mailSystem.js';
import { formatLoadError } from '../../../models/topology/load.js';
import { loadTopologyFile } from '../../api/load.js';
import { Configs, configOption, noConfigOption, type ConfigFlags } from '../config.js';
import { toCounterexample } from '../../../properties/counterexample.js';
import { propertiesOf } from '../../../properties/check.js';
import { decodePath, replay } from '../../checker/index.js';
import { counterexample as jsonCounterexample } from '../../report/json.js';
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
    .addOption(configOption())
    .addOption(noConfigOption())
    .action(async (file: string, path: string, flags: { fault: string[]; message?: string; format: 'text' | 'json' } & ConfigFlags) => {
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
      const cx = toCounterexample({ ...run, loopsFrom: null, path }, system);
      const violations: { step: number; property: string; reason: string }[] = [];
      for (let i = 1; i < run.states.length; i++) {
        const effects = system.next(run.states[i - 1]!, run.actions[i - 1]!).effects;
        for (const p of propertiesOf(loaded.topology, configs.registryFor(file))) {
          if (p.kind !== 'safety') continue;
          for (const e of effects) {
            if (!p.judges.includes(e.kind)) continue;
            const why = p.violation(e, system, run.states[i]!);
            if (why !== null) violations.push({ step: i, property: p.id, reason: why });
          }
        }
      }
      // Every step: this is where a report's elided counterexample is read in full.
      if (flags.format === 'json') {
        io.stdout(JSON.stringify({ file, path, counterexample: jsonCounterexample(cx, true), violations }) + '\n');
      } else {
        // Written a few thousand steps at a time: a 100 000-step path is some 20 MB of text, and the
        // steps escape their own text (renderStep), so only what comes from elsewhere goes through safeText.
        io.stdout(safeText(`${file}: replay of ${path} (${cx.steps.length} steps)`) + '\n');
        for (let i = 0; i < cx.steps.length; i += STEPS_PER_WRITE) io.stdout(cx.steps.slice(i, i + STEPS_PER_WRITE).flatMap(renderStep).join('\n') + '\n');
        const said = violations.map((v) => `  step ${v.step} violates ${v.property}: ${v.reason}`);
        if (said.length > 0) io.stdout(safeText(said.join('\n')) + '\n');
      }
      setCode(EXIT.ok);
    });
}
