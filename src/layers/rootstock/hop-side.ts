/** Rootstock's side for hops (the EVM kind), over the layer's service. */
import type { EvmHopSide } from '../hop-sides';
import type { RootstockService } from './service';

export function rootstockHopSide(service: RootstockService): EvmHopSide {
  return {
    address: service.address,
    settle: async () => {
      await service.overview();
    },
    quotePayment: (to, wei) => service.quote({ to, amount: wei }),
    pay: (to, wei, hooks) => service.send({ to, amount: wei }, hooks),
    callContract: (call, hooks) => service.callContract(call, hooks),
    dropUnsent: (hash) => service.dropUnsent(hash),
    dropUnsentCalls: (to, data) => service.dropUnsentCalls(to, data),
  };
}
