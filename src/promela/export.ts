/**
 * `mxproof export --promela`: a topology as a Promela program SPIN can check. The program is the
 * shared rules (interpreter.ts) over this topology's tables (facts.ts), one process stepping
 * every message and fault, with assertions for the two properties SPIN is asked about:
 *
 * - `call-ahead-bounded`: `assert(!call_ahead_unbounded)` fails where a call-ahead repeats one
 *   already on its chain, or goes deeper than `limits.callAheadDepth`;
 * - `no-forwarding-loop`: `assert(!forwarding_loop)` fails where an accepted message is relayed
 *   to a host it passed, or bounced for its hop count.
 *
 * Check it with `spin -a FILE.pml && gcc -O2 -DBFS -DSAFETY -o pan pan.c && ./pan -c0 -n`:
 * `-c0` reports every violation (each line names the property) instead of stopping at the first.
 */
import { MailSystem } from '../../models/system/mailSystem.js';
import type { Topology } from '../../models/topology/types.js';
import { promelaFacts, type PromelaFacts } from './facts.js';
import { constants, MAX_CANDIDATES, RULES, sessionBits } from './interpreter.js';
import { arrayTables, macroTables } from './tables.js';

export type PromelaProperty = 'call-ahead-bounded' | 'no-forwarding-loop';

export interface PromelaOptions {
  /** The properties to assert (default both). */
  properties?: readonly PromelaProperty[];
}

/** Why a topology cannot be exported: Promela's bounded types cannot hold it. */
export class PromelaLimitError extends Error {}

export function exportPromela(topology: Topology, options: PromelaOptions = {}): string {
  return program([described(topology)], options, false);
}

/**
 * Several topologies in one program, for checking many with one compilation (the differential
 * test): the rules are the same, the tables are arrays, and the first step fills them from the
 * topology numbered by the environment variable MXPROOF_TOPOLOGY when pan starts.
 */
export function exportPromelaBatch(topologies: readonly Topology[], options: PromelaOptions = {}): string {
  return program(topologies.map(described), options, true);
}

interface Described {
  topology: Topology;
  facts: PromelaFacts;
}

function described(topology: Topology): Described {
  const facts = promelaFacts(topology, new MailSystem(topology));
  const H = facts.names.length;
  if (H > 31) throw new PromelaLimitError(`Promela export handles at most 30 hosts (the visited set is a 31-bit mask); this topology has ${H - 1}`);
  if (facts.maxCandidates > MAX_CANDIDATES) {
    throw new PromelaLimitError(`Promela export handles at most ${MAX_CANDIDATES} next-hop candidates per host; this topology has ${facts.maxCandidates}`);
  }
  if (facts.frames > 250) throw new PromelaLimitError(`limits.callAheadDepth ${facts.callAheadDepth} is too deep for a Promela byte`);
  return { topology, facts };
}

function program(all: readonly Described[], options: PromelaOptions, batch: boolean): string {
  const properties = options.properties ?? ['call-ahead-bounded', 'no-forwarding-loop'];
  const facts = all.map((d) => d.facts);
  const sizes = {
    H: Math.max(...facts.map((f) => f.names.length)),
    M: Math.max(1, ...facts.map((f) => f.messages)),
    K: Math.max(...facts.map((f) => f.maxCandidates)),
  };
  const { H, M, K } = sizes;
  const F = Math.max(...facts.map((f) => f.frames));
  const T = Math.max(...facts.map((f) => f.transient));
  const hopType = facts.some((f) => f.host.some((h) => h.hopLimit > 250)) ? 'short' : 'byte';

  const lines: string[] = ['/*'];
  if (batch) {
    lines.push(` * ${all.length} topologies exported by mxproof for SPIN; pan checks the one numbered MXPROOF_TOPOLOGY.`);
  } else {
    const { topology, facts: f } = all[0]!;
    lines.push(` * ${topology.file}, exported by mxproof for SPIN.`);
    lines.push(` * Hosts (index: name): ${f.names.map((n, i) => `${i}: ${n}${i === f.names.length - 1 ? ' (implicit sender)' : ''}`).join(', ')}.`);
    topology.messages.forEach((m, i) => lines.push(` * Message ${i}: <${m.from}> to <${m.to}>${m.via === null ? '' : ` via ${m.via}`}.`));
  }
  lines.push(` * Asserts: ${properties.join(', ')}.`);
  // Path properties (FORMAT.md 1.1) have no Promela form yet: say so rather than drop them silently.
  const own = [...new Set(all.flatMap(({ topology }) => topology.properties.map((p) => p.id)))];
  if (own.length > 0) lines.push(` * Not exported: the path properties ${own.join(', ')} (check them with \`mxproof check\`).`);
  lines.push(` * Check: spin -a FILE.pml && gcc -O2 -DBFS -DSAFETY -o pan pan.c && ./pan -c0 -n`);
  lines.push(' */');
  lines.push(`#define H ${H}`, `#define M ${M}`, `#define K ${K}`, `#define F ${F}`);
  lines.push(constants(), '');
  lines.push('typedef Frame { byte host; byte val; short reply; byte reason; byte cval; short ctried }');
  // `sessions` is as wide as the largest finite session limit needs (interpreter.ts: sessionBits).
  lines.push(
    `typedef Message { byte holder; byte val; short reply; byte reason; short tried; unsigned sessions : ${sessionBits()}; short choices; ${hopType} hops; int visited; byte left; bit trunc; byte nf; Frame f[F] }`,
  );
  lines.push('Message msg[M];');
  if (T > 0) lines.push(`bit down[${T}];`);
  lines.push('');
  lines.push('/* Scratch for one step, zero between steps; the property flags raise an assertion. */');
  lines.push('byte s_host, s_top, s_j, s_n, s_srv, s_repeats, s_val, s_reason;');
  lines.push('bit s_over;');
  lines.push('short s_code, s_tried, s_reply, s_choices;');
  lines.push('bit call_ahead_unbounded, forwarding_loop;', '');
  const arrays = batch ? arrayTables(sizes, T) : null;
  if (arrays === null) {
    lines.push('/* The topology, as tables: (cond -> a : b) chains over host, message and candidate indices. */');
    lines.push(...macroTables(facts[0]!, sizes));
    lines.push(`#define CALL_AHEAD_DEPTH ${facts[0]!.callAheadDepth}`);
  } else {
    lines.push('/* The topology pan checks, and its tables (filled by the first step). */');
    lines.push('byte topology, call_ahead_depth, transient;');
    lines.push(...arrays.declarations);
    lines.push('#define CALL_AHEAD_DEPTH call_ahead_depth');
  }
  lines.push(`#define HALTED (${Array.from({ length: M }, (_, m) => `msg[${m}].trunc`).join(' || ')})`);
  lines.push(
    properties.includes('call-ahead-bounded')
      ? '#define CALL_AHEAD_UNBOUNDED call_ahead_unbounded = 1; assert(!call_ahead_unbounded); call_ahead_unbounded = 0'
      : '#define CALL_AHEAD_UNBOUNDED skip',
  );
  lines.push(
    properties.includes('no-forwarding-loop')
      ? '#define FORWARDING_LOOP forwarding_loop = 1; assert(!forwarding_loop); forwarding_loop = 0'
      : '#define FORWARDING_LOOP skip',
  );
  lines.push('#define CLEAN s_host = 0; s_top = 0; s_j = 0; s_srv = 0; s_repeats = 0; s_val = 0; s_reason = 0; s_code = 0; s_tried = 0; s_reply = 0; s_over = 0; s_n = 0; s_choices = 0');
  lines.push(RULES);
  const initMessages = (f: PromelaFacts) =>
    f.origin.map((origin, m) => `msg[${m}].holder = ${origin}; msg[${m}].val = V_ACCEPTED${f.viaHost[m] ? `; msg[${m}].visited = ${2 ** origin}` : ''}`);
  if (arrays !== null) {
    lines.push('c_decl {');
    lines.push('  static int mxproof_topology;');
    lines.push('  __attribute__((constructor)) static void mxproof_read_topology(void) {');
    lines.push('    char *n = getenv("MXPROOF_TOPOLOGY");');
    lines.push('    mxproof_topology = n == 0 ? 0 : atoi(n);');
    lines.push('  }');
    lines.push('}');
  }
  lines.push('active proctype mail() {');
  if (arrays === null) {
    lines.push('  d_step {', ...initMessages(facts[0]!).map((l) => `    ${l};`), '    skip', '  };');
  } else {
    // One first step per topology, taken only by the one pan was started for.
    lines.push('  if');
    facts.forEach((f, t) => {
      const body = [`topology = ${t}`, ...arrays.fill(f), `call_ahead_depth = ${f.callAheadDepth}`, `transient = ${f.transient}`, ...initMessages(f)];
      lines.push(`  :: d_step { c_expr { mxproof_topology == ${t} } ->`);
      lines.push(...body.map((b, i) => `       ${b}${i < body.length - 1 ? ';' : ''}`));
      lines.push('     }');
    });
    lines.push('  fi;');
  }
  lines.push('end:');
  lines.push('  do');
  for (let m = 0; m < M; m++) {
    if (!batch && m >= facts[0]!.messages) break;
    for (let k = 0; k < K; k++) lines.push(`  :: d_step { CAN_STEP(${m}, ${k}) -> step(${m}, ${k}); CLEAN }`);
  }
  for (let b = 0; b < T; b++) lines.push(`  :: d_step { !HALTED${batch ? ` && ${b} < transient` : ''} -> down[${b}] = 1 - down[${b}] }`);
  lines.push('  od');
  lines.push('}');
  return lines.join('\n') + '\n';
}
