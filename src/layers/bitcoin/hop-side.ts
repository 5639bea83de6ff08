/** Bitcoin's side for hops, over the layer's service (which signs and records every send). */
import type { BitcoinHopSide } from '../hop-sides';
import type { BitcoinService } from './service';

export function bitcoinHopSide(service: BitcoinService): BitcoinHopSide {
  return {
    payoutAddress: async () => (await service.receive()).address,
    quotePayment: (to, sats) => service.quote({ to, amountSats: sats, fee: { kind: 'normal' } }),
    planQuotes: () => {
      const quote = service.quoter();
      return (to, sats) => quote({ to, amountSats: sats, fee: { kind: 'normal' } });
    },
    normalFeeRate: async () => (await service.feeOptions()).normal,
    lookOnce: async () => {
      const look = await service.lookOnce();
      return {
        sent: look.activity.filter((a) => a.direction === 'out').map((a) => ({ txid: a.id, amount: BigInt(a.amount), ...(a.time !== undefined ? { time: a.time } : {}) })),
        pay: async (to, sats, extras) => ({ txid: (await look.send({ to, amountSats: sats, fee: { kind: 'normal' } }, extras)).txid }),
      };
    },
    tx: (txid) => service.esplora.tx(txid),
    dropUnsent: (txid) => service.dropUnsent(txid),
    holds: (txid) => service.holds(txid),
  };
}
