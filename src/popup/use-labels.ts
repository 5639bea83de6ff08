/**
 * The wallet's labels as the popup shows them: fetched once per popup (a poll, so it
 * does not keep the wallet unlocked), shared by every label field, and replaced by what
 * the background answers after each change or import.
 */
import { useEffect, useState } from 'preact/hooks';
import { labelKey, type LabelRecord, type LabelType } from '../shared/labels';
import type { LayerId } from '../shared/layers';
import { call, poll } from './rpc-client';

let labels: Map<string, string> | null = null;
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

function take(records: LabelRecord[]): void {
  labels = new Map(records.filter((r) => r.label !== undefined).map((r) => [labelKey(r), r.label!]));
  for (const l of listeners) l();
}

/** Fetches the labels again (after an import). */
export function reloadLabels(): Promise<void> {
  loading = poll('labels.list', {}).then(take, () => {
    loading = null;
  });
  return loading;
}

/** Sets one label (empty removes it); the background answers every label, which every field then shows. */
export async function saveLabel(type: LabelType, ref: string, label: string, layer?: LayerId): Promise<void> {
  take(await call('labels.set', layer ? { type, ref, label: label.trim(), layer } : { type, ref, label: label.trim() }));
}

/** The label of one reference ('' when none), kept up to date. */
export function useLabel(type: LabelType, ref: string): string {
  const [, setTick] = useState(0);
  useEffect(() => {
    const l = () => setTick((n) => n + 1);
    listeners.add(l);
    if (!labels && !loading) void reloadLabels();
    return () => void listeners.delete(l);
  }, []);
  return labels?.get(labelKey({ type, ref })) ?? '';
}
