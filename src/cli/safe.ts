/**
 * Text the CLI prints that is not a coloured report (those escape their own data): messages,
 * replays, stage reports. Every line is made visible — control, bidi and NUL characters from a
 * file or an argument become escapes like `\u001b` — and the line breaks kept, so nothing a user's
 * input contains can recolour, hide or forge lines on their terminal.
 */
import { visible } from '../report/escape.js';

export function safeText(text: string): string {
  return text.split('\n').map(visible).join('\n');
}
