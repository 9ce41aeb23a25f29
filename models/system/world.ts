/**
 * What the packed encoding, the fault reads and the symmetry search need to know of the composed
 * mail system: the topology, its hosts by index, each host's environment, the transient faults,
 * and how one message steps. `MailSystem` is one; it builds its own encoding (`packed()`) and
 * hands itself over as this narrower world, so the encoding never imports the system it encodes
 * (no import cycle, and a change to `MailSystem` outside this interface touches none of them).
 */
import type { HostEnv } from '../machines/env.js';
import type { Topology } from '../topology/types.js';
import type { StepResult } from './messageStep.js';
import type { MessageState, SystemState } from './types.js';

export interface MailWorld {
  readonly topology: Topology;
  /** Host names by index, the implicit sender last. */
  readonly names: readonly string[];
  /** Host indices of the transient faults, ascending. */
  readonly transient: readonly number[];
  /** Each host's environment, by index. */
  readonly local: { env(host: number): HostEnv };
  /** Which modelled host a name connects to. */
  readonly network: { resolve(name: string): number | undefined };
  initialStates(): readonly SystemState[];
  isRecipientValid(message: number): boolean;
  /** The choices message `message` has in local state `msg`. */
  choicesOf(msg: MessageState, message: number): number[];
  /** Whether message `message` has arrived in local state `msg`. */
  isDelivered(msg: MessageState, message: number): boolean;
  /** One step of message `message` from `msg`, the hosts being down as `down` says. */
  stepOf(message: number, msg: MessageState, choice: number, down: readonly boolean[]): StepResult;
}
