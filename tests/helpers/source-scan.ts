/** Reads the wallet's sources as text, for tests that check what the code says (locale keys it uses). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function sources(dir: string): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(n) ? [{ path: p, text: readFileSync(p, 'utf8') }] : [];
  });
}

/** How many arguments follow the key in the call that starts at `from` (just after `localText(`), skipping nested brackets and strings. */
export function paramCount(src: string, from: number): number {
  let depth = 0;
  let commas = 0;
  let quote: string | null = null;
  for (let i = from; i < src.length; i++) {
    const c = src[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) {
      if (depth === 0) return commas;
      depth--;
    } else if (c === ',' && depth === 0) commas++;
  }
  throw new Error('unclosed localText call');
}

