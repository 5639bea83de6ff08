import { describe, expect, it } from 'vitest';
import { Limiter, walkGap } from '../../../src/layers/gap-scan';

/** A chain whose `usedAt` indexes have history, answering after `delay` ms; records what was asked, in order. */
function chain(usedAt: number[], delay = (_i: number) => 0) {
  const asked: number[] = [];
  const used = async (i: number) => {
    asked.push(i);
    await new Promise((r) => setTimeout(r, delay(i)));
    return usedAt.includes(i);
  };
  return { asked, used };
}

describe('walkGap', () => {
  it('looks at exactly the addresses up to the gap past the last used one, each once', async () => {
    for (const usedAt of [[], [0], [3], [19], [0, 19, 38], [5, 25]]) {
      const c = chain(usedAt);
      const last = usedAt.length ? Math.max(...usedAt) : -1;
      expect(await walkGap(c.used, 20)).toBe(last + 1);
      expect([...c.asked].sort((a, b) => a - b)).toEqual(Array.from({ length: last + 21 }, (_, i) => i));
    }
    // Beyond the gap: index 26 is the 21st past index 5, outside the window.
    const far = chain([5, 26]);
    expect(await walkGap(far.used, 20)).toBe(6);
    expect(far.asked).toHaveLength(26);
  });

  it('tells each look where the window stood when it was launched: every index below that is looked at too', async () => {
    const windows = new Map<number, number>();
    const used = async (i: number, windowEnd: number) => (windows.set(i, windowEnd), i === 5);
    expect(await walkGap(used, 20, 3)).toBe(6);
    expect([...windows].sort((a, b) => a[0] - b[0])).toEqual([
      ...Array.from({ length: 23 }, (_, i) => [i, 23]),
      ...Array.from({ length: 3 }, (_, i) => [23 + i, 26]),
    ]);
  });

  it('widens the window as soon as a used address answers, without waiting for the slow ones of its batch', async () => {
    // Index 19 is used and answers at once; 0..18 answer late. 20..39 must be asked before any of them answers.
    const c = chain([19], (i) => (i < 19 ? 30 : 0));
    const done = walkGap(c.used, 20);
    await new Promise((r) => setTimeout(r, 10));
    expect(c.asked).toContain(39);
    expect(c.asked).not.toContain(40);
    expect(await done).toBe(20);
  });

  it('opens the window to where the last walk ended, which only widens it', async () => {
    const c = chain([2]);
    expect(await walkGap(c.used, 20, 10)).toBe(3);
    expect(c.asked).toHaveLength(30);
    const d = chain([25]);
    expect(await walkGap(d.used, 20, 10)).toBe(26);
    expect(d.asked).toHaveLength(46);
    for (const bad of [-5, Number.NaN, 1.5]) {
      const e = chain([]);
      expect(await walkGap(e.used, 20, bad)).toBe(0);
      expect(e.asked).toHaveLength(20);
    }
  });

  it('rejects with the first failed lookup and launches nothing more', async () => {
    let asked = 0;
    const failing = async (i: number) => {
      asked++;
      if (i === 4) throw new Error('backend down');
      return i === 3;
    };
    await expect(walkGap(failing, 20)).rejects.toThrow('backend down');
    const before = asked;
    await new Promise((r) => setTimeout(r, 5));
    expect(asked).toBe(before);
  });
});

describe('Limiter', () => {
  it('keeps at most its limit in flight', async () => {
    const limiter = new Limiter(3);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 12 }, () =>
        limiter.run(async () => {
          peak = Math.max(peak, ++active);
          await new Promise((r) => setTimeout(r, 1));
          active--;
        }),
      ),
    );
    expect(peak).toBe(3);
  });
});
