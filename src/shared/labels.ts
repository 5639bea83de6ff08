/**
 * Labels on addresses, transactions and hops, and their BIP-329 form: JSON Lines, one
 * `{type, ref, label?, origin?, spendable?}` object per line. Reading only parses JSON
 * and copies the named fields into fresh objects: nothing in a file is run or merged
 * into a prototype.
 */

/** The record types BIP-329 defines. */
export const BIP329_TYPES = ['tx', 'addr', 'pubkey', 'input', 'output', 'xpub'] as const;
/**
 * Hops are exported as records of their own type (ref: the hop id). BIP-329 tells other
 * wallets to ignore types it does not define, so they skip these lines and read the rest.
 */
export const HOP_LABEL_TYPE = 'hop';
/** What the wallet stores; any other type read from a file is ignored on import, as BIP-329 asks. */
export const LABEL_TYPES = [...BIP329_TYPES, HOP_LABEL_TYPE] as const;
export type LabelType = (typeof LABEL_TYPES)[number];

/** BIP-329's suggested longest label; longer ones are cut on import (and the import says how many). */
export const MAX_LABEL_CHARS = 255;
export const MAX_REF_CHARS = 200;
export const MAX_ORIGIN_CHARS = 200;
/** The most labels one wallet keeps. */
export const MAX_LABELS = 10_000;
/** The largest import file (characters), so a huge file cannot fill storage or stall the worker. */
export const MAX_IMPORT_CHARS = 2_000_000;

export interface LabelRecord {
  type: string;
  ref: string;
  /** Absent: the record says nothing about the label (an importer keeps its own). */
  label?: string;
  /** Key origin of the wallet the record belongs to, e.g. `wpkh([d34db33f/84'/1'/0'])`. */
  origin?: string;
  /** Outputs only: whether the wallet may spend it. */
  spendable?: boolean;
}

const TXID = /^(0x)?[0-9a-fA-F]{64}$/;
const OUTPOINT = /^(0x)?[0-9a-fA-F]{64}:(0|[1-9][0-9]{0,9})$/;
const REF_PATTERNS: Record<LabelType, RegExp> = {
  // Bitcoin and Liquid txids are bare hex; Stacks and Rootstock write them with 0x.
  tx: TXID,
  // base58, bech32(m), Stacks c32 and 0x Rootstock addresses: letters and digits only.
  addr: /^[A-Za-z0-9]{14,200}$/,
  pubkey: /^([0-9a-fA-F]{64}|[0-9a-fA-F]{66}|[0-9a-fA-F]{130})$/,
  input: OUTPOINT,
  output: OUTPOINT,
  xpub: /^[1-9A-HJ-NP-Za-km-z]{100,120}$/,
  hop: /^[a-z0-9-]{1,80}$/,
};
/** BIP-329's abbreviated descriptor: script functions around one key origin, no key, no child path, no checksum. */
const ORIGIN = /^(?:[a-z]+\()+\[[0-9a-fA-F]{8}(?:\/[0-9]{1,10}['h]?)*\]\)+$/;
const TYPE = /^[A-Za-z0-9_.-]{1,32}$/;
// BIP-329 allows no multiline values; other control characters have no place in a label either.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export const isKnownLabelType = (type: string): type is LabelType => (LABEL_TYPES as readonly string[]).includes(type);

/** Why `ref` is not a valid reference for `type` (a known type), or undefined. */
export function refProblem(type: LabelType, ref: string): string | undefined {
  return REF_PATTERNS[type].test(ref) ? undefined : `"${ref.slice(0, 80)}" is not a valid ${type} reference`;
}

export function originProblem(origin: string): string | undefined {
  if (origin.length > MAX_ORIGIN_CHARS || !ORIGIN.test(origin)) return 'origin is not an abbreviated descriptor such as wpkh([d34db33f/84\'/0\'/0\'])';
  const open = origin.split('(').length - 1;
  const close = origin.split(')').length - 1;
  return open === close ? undefined : 'origin has unbalanced parentheses';
}

export function labelProblem(label: string): string | undefined {
  return CONTROL.test(label) ? 'a label may not hold line breaks or control characters' : undefined;
}

/** The first `max` characters of `s`, never splitting a surrogate pair. */
function cut(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : chars.slice(0, max).join('');
}

/** Characters as a person counts them (code points). */
export const labelLength = (s: string): number => Array.from(s).length;

/** One parsed line: a record (with whether its label was cut), or why it is refused. */
export function recordFromJson(value: unknown): { record: LabelRecord; truncated: boolean } | { problem: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: 'not a JSON object' };
  const v = value as Record<string, unknown>;
  const { type, ref, label, origin, spendable } = v;
  if (typeof type !== 'string' || !TYPE.test(type)) return { problem: 'type is missing or not a short name' };
  if (typeof ref !== 'string' || ref.length === 0 || ref.length > MAX_REF_CHARS) return { problem: 'ref is missing or too long' };
  if (isKnownLabelType(type)) {
    const p = refProblem(type, ref);
    if (p) return { problem: p };
  }
  const record: LabelRecord = { type, ref };
  let truncated = false;
  if (label !== undefined) {
    if (typeof label !== 'string') return { problem: 'label is not a string' };
    const p = labelProblem(label);
    if (p) return { problem: p };
    record.label = cut(label, MAX_LABEL_CHARS);
    truncated = record.label !== label;
  }
  if (origin !== undefined) {
    if (typeof origin !== 'string') return { problem: 'origin is not a string' };
    const p = originProblem(origin);
    if (p) return { problem: p };
    record.origin = origin;
  }
  if (spendable !== undefined) {
    if (typeof spendable !== 'boolean') return { problem: 'spendable is not true or false' };
    // BIP-329: spendable belongs to outputs only; elsewhere it means nothing and is dropped.
    if (type === 'output') record.spendable = spendable;
  }
  return { record, truncated };
}

/** BIP-329 JSON Lines: one record per line, keys in the BIP's order, `\n` after each. */
export function writeLabels(records: readonly LabelRecord[]): string {
  return records
    .map((r) => {
      const line: LabelRecord = { type: r.type, ref: r.ref };
      if (r.label !== undefined) line.label = r.label;
      if (r.origin !== undefined) line.origin = r.origin;
      if (r.spendable !== undefined && r.type === 'output') line.spendable = r.spendable;
      return JSON.stringify(line) + '\n';
    })
    .join('');
}

export interface ReadLabels {
  records: LabelRecord[];
  /** 1-based numbers of the lines refused, in order, with why. */
  malformed: { line: number; problem: string }[];
  /** Records whose label was longer than MAX_LABEL_CHARS and was cut. */
  truncated: number;
}

/** Reads BIP-329 JSON Lines; blank lines are skipped, a line that is not a valid record is refused with its number. */
export function readLabels(text: string): ReadLabels {
  const out: ReadLabels = { records: [], malformed: [], truncated: 0 };
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      out.malformed.push({ line: i + 1, problem: 'not valid JSON' });
      return;
    }
    const r = recordFromJson(parsed);
    if ('problem' in r) out.malformed.push({ line: i + 1, problem: r.problem });
    else {
      out.records.push(r.record);
      if (r.truncated) out.truncated++;
    }
  });
  return out;
}

export const labelKey = (r: { type: string; ref: string }): string => `${r.type}\u0000${r.ref}`;

/**
 * `incoming` applied over `existing` in order (a later record for the same reference wins).
 * A field the incoming record leaves out is kept, as BIP-329 asks; an empty label removes
 * the label, and a record left with neither label nor spendable is dropped.
 */
export function mergeLabels(existing: readonly LabelRecord[], incoming: readonly LabelRecord[]): LabelRecord[] {
  const byKey = new Map<string, LabelRecord>();
  for (const r of existing) byKey.set(labelKey(r), { ...r });
  for (const r of incoming) {
    const key = labelKey(r);
    const next: LabelRecord = { ...(byKey.get(key) ?? { type: r.type, ref: r.ref }) };
    if (r.label !== undefined) next.label = r.label;
    if (r.origin !== undefined) next.origin = r.origin;
    if (r.spendable !== undefined) next.spendable = r.spendable;
    if (next.label === '') delete next.label;
    if (next.label === undefined && next.spendable === undefined) byKey.delete(key);
    else byKey.set(key, next);
  }
  return [...byKey.values()];
}

/** The txid an activity entry's id starts with (Liquid adds `:asset` for a second asset's line), or undefined. */
export function txidOfActivity(id: string): string | undefined {
  return /^(0x)?[0-9a-fA-F]{64}/.exec(id)?.[0];
}

/** What an import did. */
export interface LabelImportResult {
  /** Records taken (added or changed). */
  imported: number;
  /** Records of types the wallet does not store (BIP-329: ignored). */
  ignored: number;
  /** Labels cut to MAX_LABEL_CHARS. */
  truncated: number;
  /** How many lines were refused, and the first of their numbers. */
  refused: number;
  refusedLines: number[];
}
