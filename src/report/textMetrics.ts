/**
 * Rough text geometry for diagrams we lay out ourselves (the trace drawn by Graphviz): widths
 * estimated per character for a 12-point sans-serif face, and greedy word wrapping. An estimate
 * errs wide, so text gets room to spare rather than overlapping a neighbour.
 */

/** Estimated width, in points, of one line of text at 12 pt. */
export function textWidth(line: string): number {
  let w = 0;
  for (const ch of line) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x1100 && /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Extended_Pictographic}]/u.test(ch)) w += 12;
    else if (/[mwMW@]/.test(ch)) w += 10;
    else if (/[A-Z0-9#%&]/.test(ch)) w += 8;
    else if (/[il.,:;'|!]/.test(ch)) w += 3.5;
    else w += 6.6;
  }
  return w;
}

/** Splits text into lines of at most `width` characters at spaces; a longer word stays whole. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines;
}
