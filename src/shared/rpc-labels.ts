/** Protocol of labels: per reference, and BIP-329 files (their text; the popup downloads or picks the file). */
import { LAYER_IDS } from './layers';
import { LABEL_TYPES, MAX_IMPORT_CHARS, MAX_LABEL_CHARS, MAX_REF_CHARS, type LabelImportResult, type LabelRecord } from './labels';
import { method } from './rpc-method';
import { empty, obj, oneOf, optional, str } from './schema';

export const LABEL_METHODS = {
  'labels.list': method<LabelRecord[]>()(empty),
  /**
   * Sets the label of one reference (an empty label removes it); `layer` says where it
   * lives, so a Bitcoin record gets its BIP-329 origin. Answers every label after.
   */
  'labels.set': method<LabelRecord[]>()(
    obj({
      type: oneOf(LABEL_TYPES),
      ref: str({ min: 1, max: MAX_REF_CHARS }),
      // Code units: a label of MAX_LABEL_CHARS characters may take two each; the store counts characters.
      label: str({ max: MAX_LABEL_CHARS * 2 }),
      layer: optional(oneOf(LAYER_IDS)),
    }),
  ),
  /** Every label as BIP-329 JSON Lines. */
  'labels.export': method<{ text: string; count: number }>()(empty),
  /** Merges a BIP-329 file's text (the file's label wins; refused lines are counted and named). */
  'labels.import': method<LabelImportResult>()(obj({ text: str({ max: MAX_IMPORT_CHARS }) })),
};
