/**
 * A sentence for the user kept as a locale key and its parameters, not as English,
 * so whatever stores it (a hop record) is shown in the popup's language when it is
 * read. Parameters are plain strings (a number, a txid, a server's own words) or
 * nested texts, which are translated too.
 */
export interface LocalText {
  key: string;
  params?: (string | LocalText)[];
}

export function localText(key: string, ...params: (string | LocalText)[]): LocalText {
  return params.length ? { key, params } : { key };
}

/**
 * The text in the language of `translate` (the popup's `t`). A plain string is
 * shown as it is: records stored before texts had keys hold English sentences.
 */
export function renderText(x: string | LocalText, translate: (key: string, ...substitutions: string[]) => string): string {
  if (typeof x === 'string') return x;
  return translate(x.key, ...(x.params ?? []).map((p) => (typeof p === 'string' ? isolated(p) : renderText(p, translate))));
}

/** Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms). */
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;

/**
 * A parameter with right-to-left letters (a service's quoted words, a label) inside an
 * isolate (U+2068 … U+2069), so the number or quote mark after it is not drawn inside it.
 */
function isolated(p: string): string {
  return RTL.test(p) ? `\u2068${p}\u2069` : p;
}

const MAX_DEPTH = 4;

/** A LocalText that crossed a message boundary: a key and strings or texts, not too deep. */
export function isLocalText(x: unknown, depth = 0): x is LocalText {
  if (typeof x !== 'object' || x === null || depth > MAX_DEPTH) return false;
  const { key, params } = x as LocalText;
  if (typeof key !== 'string' || !/^[A-Za-z0-9_]+$/.test(key)) return false;
  return params === undefined || (Array.isArray(params) && params.every((p) => typeof p === 'string' || isLocalText(p, depth + 1)));
}
