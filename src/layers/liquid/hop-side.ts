/** Liquid's side for hops, over the layer's service. */
import type { LiquidHopSide } from '../hop-sides';
import type { LiquidService } from './service';

export function liquidHopSide(service: LiquidService): LiquidHopSide {
  return {
    payoutAddress: async () => (await service.receive()).address,
    settle: async () => {
      await service.overview();
    },
    resendPendingTo: (to) => service.resendPendingTo(to),
    pay: async (to, sats, extras) => ({ txid: (await service.send({ asset: service.chain.policyAsset, to, amount: sats }, extras)).txid }),
    quotePayment: async (to, sats) => ({ fee: (await service.quote({ asset: service.chain.policyAsset, to, amount: sats })).fee }),
    planQuotes: () => {
      const quote = service.quoter();
      return async (to, sats) => ({ fee: (await quote({ asset: service.chain.policyAsset, to, amount: sats })).fee });
    },
  };
}
