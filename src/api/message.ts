/**
 * `check --message N|ADDRESS`: one message of a file checked alone. Each message's fate is its
 * own (messages only ever share whether a host is down), so a message checked alone keeps its
 * verdicts, and the space is that message's instead of the product of all of them. The file's
 * `expect` speaks of all messages together and is left out; positions move with the message, so
 * reports still point at its line in the file.
 */
import type { SourcePos, Topology } from '../../models/topology/types.js';
import { visible } from '../../models/topology/text.js';

export type MessageChoice = { ok: true; topology: Topology; index: number } | { ok: false; message: string };

/** The message `spec` names: its number counted from 1, or its recipient address (or `from>to`). */
export function selectMessage(topology: Topology, spec: string | number): MessageChoice {
  const messages = topology.messages;
  const list = messages.map((m, i) => `${i + 1}: <${m.from}> to <${m.to}>`).join('; ');
  let index: number;
  const text = String(spec).trim();
  if (/^\d+$/.test(text)) {
    index = Number(text) - 1;
    if (index < 0 || index >= messages.length) {
      return { ok: false, message: `there is no message ${visible(text)}: the file has ${messages.length} (${list})` };
    }
  } else {
    const wanted = text.toLowerCase();
    const matches = messages.flatMap((m, i) => (m.to.toLowerCase() === wanted || `${m.from}>${m.to}`.toLowerCase() === wanted ? [i] : []));
    if (matches.length !== 1) {
      const why = matches.length === 0 ? 'no message is addressed to' : 'several messages match';
      return { ok: false, message: `${why} ${visible(text)}; name one by its number: ${list}` };
    }
    index = matches[0]!;
  }
  return { ok: true, index, topology: onlyMessage(topology, index) };
}

function onlyMessage(topology: Topology, index: number): Topology {
  const positions: Record<string, SourcePos> = {};
  const prefix = `/messages/${index}`;
  for (const [pointer, pos] of Object.entries(topology.positions)) {
    if (!pointer.startsWith('/messages/')) positions[pointer] = pos;
    else if (pointer === prefix || pointer.startsWith(`${prefix}/`)) positions[`/messages/0${pointer.slice(prefix.length)}`] = pos;
  }
  if (topology.positions['/messages'] !== undefined) positions['/messages'] = topology.positions['/messages'];
  return { ...topology, messages: [topology.messages[index]!], expect: {}, positions };
}
