/** Option parsers shared by the commands: each rejects a bad value with a message commander prints. */
import { InvalidArgumentError } from 'commander';
import type { ExitCode } from './exit.js';
import type { CliIO } from './io.js';

export function positiveInt(what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${what} must be a positive integer, got '${value}'`);
    return n;
  };
}

export function positiveNumber(value: string): number {
  return positiveOf('seconds')(value);
}

/** A parser for a positive number of `unit`s, whose error says which unit. */
export function positiveOf(unit: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`must be a positive number of ${unit}, got '${value}'`);
    return n;
  };
}

export const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** What a command's action needs: where to write, and how to report its exit code. */
export interface CommandContext {
  io: CliIO;
  setCode: (code: ExitCode) => void;
}
