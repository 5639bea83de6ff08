/**
 * theirWords on any string a counterparty can send: one well-formed line of at
 * most `max` code points, with nothing that breaks the line, reorders the text
 * around it or renders as half a character.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { theirWords } from '../../../src/shared/their-words';

/** With the u flag a surrogate pair is one code point: only a lone half matches. */
const LONE_SURROGATE = /\p{Cs}/u;
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/u;
const codePoints = (s: string) => [...s].length;

describe('theirWords', () => {
  it('cuts on code points: an emoji across the limit is dropped whole, not split into a lone surrogate', () => {
    // 299 + 2 UTF-16 units: a cut on units keeps the emoji's high surrogate alone.
    expect(theirWords('a'.repeat(299) + '\u{1F600}tail', 300)).toBe('a'.repeat(299) + '\u{1F600}');
    expect(theirWords('a'.repeat(299) + '\u{1F600}', 299)).toBe('a'.repeat(299));
    expect(theirWords('\u{1F600}'.repeat(10), 4)).toBe('\u{1F600}'.repeat(4));
  });

  it('drops lone surrogates the counterparty sent', () => {
    expect(theirWords('ok\uD800x\uDC00y')).toBe('ok x y');
  });

  it('leaves no space at the end of a cut', () => {
    expect(theirWords('a'.repeat(299) + ' b', 300)).toBe('a'.repeat(299));
  });

  it('keeps at most 4 combining marks on a character: a stack of hundreds draws over the lines around the quote', () => {
    expect(theirWords('x' + '\u0301'.repeat(290) + ' nothing was sent')).toBe('x\u0301\u0301\u0301\u0301 nothing was sent');
    // Ordinary text keeps its marks: Vietnamese (two on a letter), Devanagari, decomposed accents.
    for (const text of ['Vie\u0302\u0323t Nam', 'ti\u1EBFng Vi\u1EC7t', 'नमस्ते', 'cafe\u0301']) expect(theirWords(text)).toBe(text);
  });

  it('gives one well-formed line of at most max code points without control, format or surrogate characters, for any string', () => {
    const anyText = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.string({ unit: fc.constantFrom('a', ' ', '\n', '\u202E', '\u2066', '\u200D', '\uD83D', '\uDE00', '\u{1F600}', '\u2028', '\u0301'), maxLength: 400 }),
    );
    fc.assert(
      fc.property(anyText, fc.integer({ min: 1, max: 320 }), (text, max) => {
        const words = theirWords(text, max);
        if (words === undefined) return;
        expect(words).not.toMatch(LONE_SURROGATE);
        expect(words).not.toMatch(UNSAFE);
        expect(words).toBe(words.trim());
        expect(codePoints(words)).toBeLessThanOrEqual(max);
        expect(words).not.toMatch(/\p{M}{5}/u);
      }),
      { numRuns: 500 },
    );
  });
});
