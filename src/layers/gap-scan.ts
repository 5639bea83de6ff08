/**
 * The gap-limit walk that Bitcoin's and Liquid's discovery share: look at a chain's
 * addresses from index 0 until `gap` consecutive ones past the last used one have
 * no history. Each index is launched as soon as it is known to be inside the window
 * (a used address found widens it at once, without waiting for the rest of its
 * batch), so a chain costs exactly `lastUsed + 1 + gap` lookups and no round trip
 * waits on another.
 */

/** Runs async jobs with at most `limit` in flight. */
export class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((r) => this.queue.push(r));
    this.active++;
    try {
      return await job();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}

/**
 * Walks one chain: `used(index)` says whether that address has any history; `windowEnd`
 * is where the window stood at its launch (every index below it is launched too). `from`
 * is where the last walk ended (the first index after the last used one), which
 * opens the window that far at once; it only ever widens the walk, so a stale or
 * wrong value costs lookups, never a missed address. Returns the first index after
 * the last used one; the first failed lookup rejects.
 */
export function walkGap(used: (index: number, windowEnd: number) => Promise<boolean>, gap: number, from = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    let lastUsed = -1;
    let launched = 0;
    let inFlight = 0;
    let failed = false;
    const start = Number.isSafeInteger(from) && from > 0 ? from : 0;
    const end = () => Math.max(start, lastUsed + 1) + gap;
    const pump = () => {
      while (!failed && launched < end()) {
        const index = launched++;
        const windowEnd = end();
        inFlight++;
        Promise.resolve()
          .then(() => used(index, windowEnd))
          .then(
            (isUsed) => {
              inFlight--;
              if (isUsed) lastUsed = Math.max(lastUsed, index);
              pump();
              if (!failed && inFlight === 0 && launched >= end()) resolve(lastUsed + 1);
            },
            (err: unknown) => {
              failed = true;
              reject(err);
            },
          );
      }
    };
    pump();
  });
}
