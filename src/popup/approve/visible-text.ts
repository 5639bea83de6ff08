/**
 * What a page sends is shown as it is, never as it would render: a right-to-left
 * override can make "exe.txt" read "txt.exe", a zero-width space can split an address
 * that looks whole, a control character can hide what follows. Each such character is
 * replaced by its code point in brackets, so the user sees that it is there.
 */
const HIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/** `text` with every invisible or direction-changing character named; `keep` lists the ones a multi-line message may use (newline, tab). */
export function showHidden(text: string, keep: readonly string[] = []): string {
  return text.replace(HIDDEN, (c) => (keep.includes(c) ? c : `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`));
}
