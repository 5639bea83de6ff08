/**
 * A counterparty's own words (an LNURL `reason`, a wallet service's error, a relay's
 * OK or CLOSED message), shown quoted inside the wallet's translated sentence.
 */

/**
 * Control and format characters (line breaks, bidirectional overrides and isolates,
 * zero-width marks) and lone surrogates, which render as a replacement glyph.
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]+/gu;
/** Combining marks past the 4th on one character: real scripts stack fewer; hundreds draw over the lines around the quote. */
const STACKED = /(\p{M}{4})\p{M}+/gu;

/**
 * One line, cut short, without characters that would reorder or hide the wallet's
 * words around the quote. Undefined when nothing readable is left.
 */
export function theirWords(words: unknown, max = 300): string | undefined {
  if (typeof words !== 'string') return undefined;
  const line = words.replace(HIDDEN, ' ').replace(STACKED, '$1').replace(/\s+/g, ' ').trim();
  // Cut on code points: a cut between UTF-16 units would leave half a surrogate pair
  // (2·max units hold at least max code points; no array as long as a huge answer).
  return [...line.slice(0, 2 * max)].slice(0, max).join('').trimEnd() || undefined;
}
