/**
 * A counterparty's own words (an LNURL `reason`, a wallet service's error, a relay's
 * OK or CLOSED message), shown quoted inside the wallet's translated sentence.
 */

/** Control and format characters: line breaks, bidirectional overrides and isolates, zero-width marks. */
const HIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]+/gu;

/**
 * One line, cut short, without characters that would reorder or hide the wallet's
 * words around the quote. Undefined when nothing readable is left.
 */
export function theirWords(words: unknown, max = 300): string | undefined {
  if (typeof words !== 'string') return undefined;
  return words.replace(HIDDEN, ' ').replace(/\s+/g, ' ').trim().slice(0, max) || undefined;
}
