/** One route's counterparty that never answers must not hold the plan: its quote is refused after QUOTE_TIMEOUT_MS, the others come back. */
import { describe, expect, it, vi } from 'vitest';
import { planRoutes, QUOTE_TIMEOUT_MS } from '../../../src/hops/routes';
import type { MechanismId } from '../../../src/hops/types';
import { BTC, fakeContext, fakeMechanism, LN } from './chained/fakes';

describe('a quote that never comes', () => {
  it('is refused after QUOTE_TIMEOUT_MS with its reason, while the other routes are planned', async () => {
    const answering = fakeMechanism('boltz-submarine', BTC, LN);
    const silent = { ...fakeMechanism('boltz-chain', BTC, LN), id: 'boltz-chain' as MechanismId, quote: () => new Promise<never>(() => undefined) };
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let done = false;
      const planned = planRoutes(fakeContext(), [answering, silent], BTC, LN, 100_000n).finally(() => (done = true));
      await vi.advanceTimersByTimeAsync(QUOTE_TIMEOUT_MS + 10);
      expect(done).toBe(true);
      const { routes } = await planned;
      expect(routes.map((r) => [r.mechanism, r.available])).toEqual([
        ['boltz-submarine', true],
        ['boltz-chain', false],
      ]);
      expect(routes[1]!.reason).toEqual({ key: 'err_quote_slow', params: [String(QUOTE_TIMEOUT_MS / 1000)] });
    } finally {
      vi.useRealTimers();
    }
  });
});
