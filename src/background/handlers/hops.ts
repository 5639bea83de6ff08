/** Move screen handlers. */
import { HOP_ASSETS } from '../../hops/assets';
import type { Hops } from '../hops';
import type { Handlers } from '../rpc';

export function hopHandlers(hops: Hops): Pick<Handlers, `hops.${string}` & keyof Handlers> {
  return {
    'hops.assets': async () => HOP_ASSETS.map((a) => ({ ...a })),
    'hops.plan': ({ from, to, amount, destination }) => hops.plan(from, to, amount, destination),
    'hops.start': ({ quoteId }) => hops.start(quoteId),
    'hops.list': () => hops.list(),
    'hops.get': ({ id }) => hops.get(id),
    'hops.refund': ({ id }) => hops.refund(id),
    'hops.restore': () => hops.restore(),
  };
}
