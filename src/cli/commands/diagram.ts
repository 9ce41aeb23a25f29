/**
 * `mxproof diagram [FILE] --kind topology|machines|trace [--format mermaid|dot|svg] [--out PATH]`:
 * the topology map (with the loop a counterexample walks in red), the statecharts of the roles
 * the file uses (of every role without a file), or one counterexample as a sequence diagram.
 * Exit 0 when drawn; 2 for bad input or usage. A trace of a file without a counterexample is not
 * an error: it says so on stderr, writes nothing, and exits 0.
 */
import { safeText } from '../safe.js';
import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { formatLoadError } from '../../../models/topology/load.js';
import { loadTopologyFile } from '../../api/load.js';
import { Configs, configOption, noConfigOption, type ConfigFlags } from '../config.js';
import type { Role, Topology } from '../../../models/topology/types.js';
import { checkTopology } from '../../../properties/check.js';
import { BUILT_IN } from '../../../properties/index.js';
import type { PropertyRegistry } from '../../../properties/registry.js';
import type { PropertyResult } from '../../../properties/result.js';
import { ROLES, roleStatecharts, rolesOf } from '../../docs/machines.js';
import { renderMachinesDot, renderMachinesMermaid } from '../../report/machinesDiagram.js';
import { isSequence } from '../../report/pages.js';
import { renderSequenceMermaid } from '../../report/sequence.js';
import { tooLargeToLayOut } from '../../report/drawLimit.js';
import { SvgRenderer } from '../../report/svg.js';
import { renderTopologyDot, renderTopologyMermaid } from '../../report/topologyDiagram.js';
import { topologyGraph } from '../../report/topologyGraph.js';
import { renderTraceDot } from '../../report/traceDot.js';
import { DEFAULT_MAX_STATES, parseProperties } from '../checkCommand.js';
import { CliError, EXIT, type ExitCode } from '../exit.js';
import type { CliIO } from '../io.js';
import { collect, positiveInt, type CommandContext } from '../options.js';

type Kind = 'topology' | 'machines' | 'trace';
type Format = 'mermaid' | 'dot' | 'svg';

interface DiagramFlags extends ConfigFlags {
  kind: Kind;
  format: Format;
  property?: string;
  role: string[];
  out?: string;
  maxStates?: number;
  all: boolean;
}

export function registerDiagram(program: Command, { io, setCode }: CommandContext): void {
  program
    .command('diagram')
    .description('draw a topology, the statecharts of its roles, or a counterexample (Mermaid, DOT or SVG)')
    .argument('[file]', 'topology file (YAML or JSON, FORMAT.md); optional with --kind machines')
    .addOption(new Option('--kind <kind>', 'what to draw').choices(['topology', 'machines', 'trace']).default('topology'))
    .addOption(new Option('--format <format>', 'diagram language; svg is rendered in-process by Graphviz (WebAssembly)').choices(['mermaid', 'dot', 'svg']).default('mermaid'))
    .option('--property <id>', 'trace: the property whose counterexample to draw (default: the first one violated)')
    .option('--role <role>', `machines: only this role (repeatable; ${[...ROLES, 'call-ahead'].join(', ')}, or a role the config registers)`, collect, [])
    .option('--all-steps', "trace: draw every step: other messages' and faults the violating one does not see, and the middle of a long trace", false)
    .option('-o, --out <path>', 'write the diagram to this file instead of stdout')
    .option('--max-states <n>', `stop exploring after this many states (default ${DEFAULT_MAX_STATES})`, positiveInt('--max-states'))
    .addOption(configOption())
    .addOption(noConfigOption())
    .action(async (file: string | undefined, flags: DiagramFlags & { allSteps: boolean }) => {
      setCode(await diagramCommand(file, { ...flags, all: flags.allSteps }, io));
    });
}

interface Drawing {
  mermaid: string;
  dot: string;
  /** What Graphviz would lay out, when it grows with the input (drawLimit.ts); null when bounded. */
  size: { nodes: readonly unknown[]; edges: readonly unknown[] } | null;
}

export async function diagramCommand(file: string | undefined, flags: DiagramFlags, io: CliIO): Promise<ExitCode> {
  const properties = parseProperties(flags.property === undefined ? [] : [flags.property]);
  if (file === undefined && flags.kind !== 'machines') throw new CliError(`diagram --kind ${flags.kind} needs a topology file`);
  let topology: Topology | null = null;
  let registry: PropertyRegistry = BUILT_IN;
  if (file !== undefined) {
    const configs = await Configs.load([file], flags, io);
    registry = configs.registryFor(file);
    const loaded = loadTopologyFile(file, { config: configs.for(file)?.config });
    if (!loaded.ok) {
      for (const e of loaded.errors) io.stderr(formatLoadError(e) + '\n');
      return EXIT.badInput;
    }
    topology = loaded.topology;
    const known = [...registry.ids, ...topology.properties.map((p) => p.id)];
    const unknown = (properties ?? []).find((id) => !known.includes(id));
    if (unknown !== undefined) throw new CliError(`unknown property '${unknown}'; known: ${known.join(', ')}`);
  }
  const maxStates = flags.maxStates ?? DEFAULT_MAX_STATES;
  let drawing: Drawing | null;
  if (flags.kind === 'machines') drawing = machines(topology, parseRoles(flags.role, topology));
  else if (flags.kind === 'topology') {
    const graph = topologyGraph(topology!, checkTopology(topology!, { maxStates, registry }));
    drawing = { mermaid: renderTopologyMermaid(graph), dot: renderTopologyDot(graph), size: graph };
  } else drawing = trace(topology!, properties, maxStates, registry, flags.all, io);
  if (drawing === null) return EXIT.ok;

  if (flags.format === 'svg' && drawing.size !== null) {
    const tooLarge = tooLargeToLayOut(drawing.size);
    if (tooLarge !== null) throw new CliError(`not drawn as SVG: ${tooLarge}; --format dot or --format mermaid prints it for a layout of your own`);
  }
  const text = flags.format === 'svg' ? (await SvgRenderer.create()).render(drawing.dot) : flags.format === 'dot' ? drawing.dot : drawing.mermaid;
  if (flags.out === undefined) io.stdout(text);
  else {
    try {
      writeFileSync(flags.out, text);
    } catch (err) {
      throw new CliError(`cannot write ${flags.out}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }
  return EXIT.ok;
}

function parseRoles(names: readonly string[], topology: Topology | null): (Role | 'call-ahead')[] | null {
  if (names.length === 0) return null;
  const known = [...ROLES, ...(topology?.roles?.keys() ?? []), 'call-ahead'];
  for (const n of names) if (!known.includes(n)) throw new CliError(`unknown role '${n}'; known: ${known.join(', ')}`);
  return names as (Role | 'call-ahead')[];
}

function machines(topology: Topology | null, only: (Role | 'call-ahead')[] | null): Drawing {
  const used = topology === null ? { roles: ROLES, callAhead: true } : rolesOf(topology);
  const roles = only === null ? used.roles : (only.filter((r) => r !== 'call-ahead') as Role[]);
  const charts = roleStatecharts(roles, only === null ? used.callAhead : only.includes('call-ahead'), topology);
  return { mermaid: renderMachinesMermaid(charts), dot: renderMachinesDot(charts), size: null };
}

function trace(topology: Topology, properties: ReturnType<typeof parseProperties>, maxStates: number, registry: PropertyRegistry, all: boolean, io: CliIO): Drawing | null {
  const result = checkTopology(topology, { properties, maxStates, registry });
  const chosen: PropertyResult | undefined =
    result.properties.find((p) => p.counterexample !== undefined && isSequence(p)) ?? result.properties.find((p) => p.counterexample !== undefined);
  if (chosen?.counterexample === undefined) {
    const verdict = result.properties[0]?.verdict;
    const which = properties === undefined ? 'no property is violated' : `${properties[0]} ${verdict === 'holds' ? 'holds' : `is ${verdict}`}`;
    const cut = result.stats.complete ? '' : ` (the search stopped early: ${result.stats.stopReason})`;
    io.stderr(safeText(`mxproof: no counterexample to draw in ${topology.file}: ${which}${cut}\n`));
    return null;
  }
  const options = { allSteps: all };
  return {
    mermaid: renderSequenceMermaid(chosen.counterexample, options),
    dot: renderTraceDot(chosen.counterexample, { ...options, title: `${topology.file}: ${chosen.id}` }),
    // Elided, a trace is bounded; with every step it grows with the run.
    size: all ? { nodes: [], edges: chosen.counterexample.steps } : null,
  };
}
