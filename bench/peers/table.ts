/**
 * Side-by-side rows against a peer library, printed and stored the same way for
 * every comparison: ours, theirs, and ours / theirs (below 1: ours is faster or
 * cheaper).
 */
export interface PeerRow {
  measure: string;
  ours: number;
  theirs: number;
}

export function ratio(ours: number, theirs: number): number {
  return Math.round((ours / theirs) * 100) / 100;
}

/** Rounds for display: three significant digits are all a timing on a shared machine can carry. */
function shown(x: number): number {
  return Number(x.toPrecision(3));
}

export function printPeerTable(title: string, theirsName: string, rows: PeerRow[]): void {
  console.log(`\n${title}: ours / ${theirsName}`);
  console.table(rows.map((r) => ({ measure: r.measure, ours: shown(r.ours), [theirsName]: shown(r.theirs), 'ours / theirs': ratio(r.ours, r.theirs) })));
}

/** The ratios, keyed for bench/results.json. */
export function peerRatios(title: string, theirsName: string, rows: PeerRow[]): Record<string, number> {
  return Object.fromEntries(rows.map((r) => [`${title}: ${r.measure}, ours / ${theirsName}`, ratio(r.ours, r.theirs)]));
}

/**
 * Milliseconds per call of each function. Calls are batched until a batch takes
 * at least `minBatchMs` (so timer resolution does not matter), and the sides'
 * batches alternate, so a load spike on a shared machine hits both alike; the
 * median batch of each side counts.
 */
export function msPerCallEach(fns: (() => void)[], batches = 9, minBatchMs = 5): number[] {
  const sizes = fns.map((fn) => {
    fn(); // warm the JIT and any lazy setup
    let n = 1;
    for (;;) {
      const t = performance.now();
      for (let i = 0; i < n; i++) fn();
      if (performance.now() - t >= minBatchMs || n >= 1 << 16) return n;
      n *= 2;
    }
  });
  const per: number[][] = fns.map(() => []);
  for (let b = 0; b < batches; b++) {
    fns.forEach((fn, k) => {
      const n = sizes[k]!;
      const t = performance.now();
      for (let i = 0; i < n; i++) fn();
      per[k]!.push((performance.now() - t) / n);
    });
  }
  return per.map((xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
}
