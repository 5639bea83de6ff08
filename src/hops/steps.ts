/** Building and updating the steps of a hop record (see `HopStep` for the text rules). */
import type { LocalText } from '../shared/local-text';
import type { HopRecord, HopStep } from './types';

export function step(key: string, label: LocalText, status: HopStep['status'] = 'waiting'): HopStep {
  return { key, label, status };
}

/** Patches the step `key`; its time moves only when its status changes. */
export function setStep<R extends HopRecord>(r: R, key: string, patch: Partial<HopStep>, now: number): R {
  return { ...r, steps: r.steps.map((s) => (s.key === key ? { ...s, ...patch, at: patch.status && patch.status !== s.status ? now : s.at } : s)) };
}
