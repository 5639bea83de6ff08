/**
 * The wallet's labels in storage.local (public data, never a key), under one key tagged
 * with the id of the wallet they belong to: labels another wallet left in the profile
 * (a reset, a copied profile) are never shown, and are replaced by the first write.
 * Every change is one storage write of the whole list, so a worker stopped mid-import
 * leaves the list as it was before or after, never half of a file.
 */
import { WalletError } from '../../shared/errors';
import {
  isKnownLabelType,
  labelKey,
  labelLength,
  labelProblem,
  MAX_LABEL_CHARS,
  MAX_LABELS,
  mergeLabels,
  readLabels,
  refProblem,
  writeLabels,
  type LabelImportResult,
  type LabelRecord,
  type LabelType,
} from '../../shared/labels';
import type { KeyValueArea } from '../ports';
import { localText } from '../../shared/local-text';

export const LABELS_STORAGE_KEY = 'labels';
/** How many refused line numbers an import names (the count is always whole). */
const REFUSED_LINES_SHOWN = 20;

interface StoredLabels {
  walletId: string;
  records: LabelRecord[];
}

export class LabelStore {
  /** Changes run one at a time: two requests at once must not each write over the other. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly area: KeyValueArea) {}

  async list(walletId: string): Promise<LabelRecord[]> {
    const stored = (await this.area.get([LABELS_STORAGE_KEY]))[LABELS_STORAGE_KEY] as Partial<StoredLabels> | undefined;
    if (!stored || stored.walletId !== walletId || !Array.isArray(stored.records)) return [];
    return stored.records;
  }

  /** Sets (or, with an empty label, removes) the label of one reference; the list after. */
  set(walletId: string, record: { type: LabelType; ref: string; label: string; origin?: string }): Promise<LabelRecord[]> {
    if (refProblem(record.type, record.ref)) return Promise.reject(new WalletError('bad_labels', localText('err_label_bad_ref', record.ref.slice(0, 80), record.type)));
    if (labelProblem(record.label)) return Promise.reject(new WalletError('bad_labels', localText('err_label_control')));
    if (labelLength(record.label) > MAX_LABEL_CHARS) {
      return Promise.reject(new WalletError('bad_labels', localText('err_label_too_long', String(MAX_LABEL_CHARS))));
    }
    return this.change(walletId, (records) => mergeLabels(records, [record]));
  }

  export(walletId: string): Promise<{ text: string; count: number }> {
    return this.list(walletId).then((records) => ({ text: writeLabels(records), count: records.length }));
  }

  /**
   * Merges a BIP-329 file: for a reference in both, the file's label (and spendable) wins,
   * since importing is asking for what the file says; a field the file leaves out is kept.
   * Valid lines are taken, refused ones counted and named; records of types the wallet
   * does not store are ignored (BIP-329).
   */
  async import(walletId: string, text: string): Promise<LabelImportResult> {
    const read = readLabels(text);
    const known = read.records.filter((r) => isKnownLabelType(r.type));
    const result: LabelImportResult = {
      imported: 0,
      ignored: read.records.length - known.length,
      truncated: read.truncated,
      refused: read.malformed.length,
      refusedLines: read.malformed.slice(0, REFUSED_LINES_SHOWN).map((m) => m.line),
    };
    if (known.length === 0) return result;
    await this.change(walletId, (records) => {
      const next = mergeLabels(records, known);
      const before = new Map(records.map((r) => [labelKey(r), JSON.stringify(r)]));
      result.imported = next.filter((r) => before.get(labelKey(r)) !== JSON.stringify(r)).length;
      return next;
    });
    return result;
  }

  private change(walletId: string, apply: (records: LabelRecord[]) => LabelRecord[]): Promise<LabelRecord[]> {
    const run = this.queue.then(async () => {
      const next = apply(await this.list(walletId));
      if (next.length > MAX_LABELS) {
        throw new WalletError('bad_labels', localText('err_labels_too_many', String(MAX_LABELS), String(next.length)));
      }
      const stored: StoredLabels = { walletId, records: next };
      await this.area.set({ [LABELS_STORAGE_KEY]: stored });
      return next;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
