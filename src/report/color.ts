/**
 * Colour for the text reports, as a palette of wrappers: `PLAIN` leaves text alone, `ANSI` adds
 * SGR escapes. Renderers take a palette and stay pure; the CLI picks one (a terminal, no NO_COLOR).
 */
export interface Palette {
  ok(text: string): string;
  bad(text: string): string;
  warn(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const same = (text: string) => text;

export const PLAIN: Palette = { ok: same, bad: same, warn: same, dim: same, bold: same };

const sgr = (open: number, close: number) => (text: string) => (text === '' ? text : `\x1b[${open}m${text}\x1b[${close}m`);

export const ANSI: Palette = { ok: sgr(32, 39), bad: sgr(31, 39), warn: sgr(33, 39), dim: sgr(2, 22), bold: sgr(1, 22) };

/**
 * https://no-color.org: NO_COLOR set to anything but the empty string turns colour off, even when
 * FORCE_COLOR asks for it; otherwise colour goes to a terminal, or anywhere FORCE_COLOR (not `0`)
 * asks for it (CI logs that render ANSI).
 */
export function wantsColor(isTTY: boolean, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  return isTTY;
}
