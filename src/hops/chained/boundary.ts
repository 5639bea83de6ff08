/**
 * Exact boundaries of a monotone predicate over whole amounts, found from a guess:
 * the planner's guess (the amount mapped through the legs' fees) is usually within
 * a unit or two, so a gallop from it then a bisection settles it in a few
 * evaluations, each a re-quote of the legs (their fetches memoized for the plan).
 */

type Pred = (x: bigint) => Promise<boolean>;

function clamp(x: bigint, lo: bigint, hi: bigint): bigint {
  return x < lo ? lo : x > hi ? hi : x;
}

/**
 * The least x in [lo, hi] where `holds` (false below it, true from it on), or null
 * when it never holds. With `step` (an amount in wei, where quotes count whole sats:
 * 10^10), the multiples of `step` are searched first and then the one step below
 * the edge found, which with whole-sat quotes takes two looks.
 */
export async function leastWhere(lo: bigint, hi: bigint, guess: bigint, holds: Pred, step = 1n): Promise<bigint | null> {
  // Crossed limits hold no amount; the stepped search below would otherwise answer `lo`.
  if (lo > hi) return null;
  if (step <= 1n) return leastFine(lo, hi, guess, holds);
  const at = (k: bigint) => clamp(k * step, lo, hi);
  const kLo = lo / step;
  const kHi = (hi + step - 1n) / step;
  const k = await leastFine(kLo, kHi, guess / step, (k) => holds(at(k)));
  if (k === null || k === kLo) return k === null ? null : lo;
  // holds(at(k - 1)) is false: the edge is in the step just below at(k).
  return leastFine(at(k - 1n) + 1n, at(k), at(k) - 1n, holds);
}

async function leastFine(lo: bigint, hi: bigint, guess: bigint, holds: Pred): Promise<bigint | null> {
  if (lo > hi || !(await holds(hi))) return null;
  if (await holds(lo)) return lo;
  // Invariant: holds(lo) is false, holds(hi) is true.
  if (hi - lo > 2n) {
    const g = clamp(guess, lo + 1n, hi - 1n);
    const down = await holds(g);
    if (down) hi = g;
    else lo = g;
    for (let step = 1n; hi - lo > 1n; step *= 2n) {
      const probe = down ? hi - step : lo + step;
      if (probe <= lo || probe >= hi) break;
      if (await holds(probe)) {
        hi = probe;
        if (!down) break;
      } else {
        lo = probe;
        if (down) break;
      }
    }
  }
  while (hi - lo > 1n) {
    const mid = lo + (hi - lo) / 2n;
    if (await holds(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The greatest x in [lo, hi] where `holds` (true up to it, false above), or null when it never holds. */
export async function greatestWhere(lo: bigint, hi: bigint, guess: bigint, holds: Pred, step = 1n): Promise<bigint | null> {
  if (lo > hi || !(await holds(lo))) return null;
  const firstFalse = await leastWhere(lo, hi, guess + 1n, async (x) => !(await holds(x)), step);
  return firstFalse === null ? hi : firstFalse - 1n;
}
