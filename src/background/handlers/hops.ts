/** Move screen handlers. Moves to or from a layer switched off in Settings are refused (hops under way are still followed). */
import { WalletError } from '../../shared/errors';
import { HOP_ASSETS } from '../../shared/hop-views';
import type { Hops } from '../hops';
import { assertShown, shownLayers } from '../layer-gate';
import type { Handlers } from '../rpc';
import type { SettingsStore } from '../settings-store';
import { localText } from '../../shared/local-text';

export function hopHandlers(hops: Hops, settings: Pick<SettingsStore, 'get'>): Pick<Handlers, (`hops.${string}` | `chains.${string}`) & keyof Handlers> {
  // Chained moves are being built (issue #18): until then they are refused in words.
  const notYet = async (): Promise<never> => {
    throw new WalletError('unsupported', localText('err_chains_unavailable'));
  };
  return {
    'hops.assets': async () => {
      const shown = await shownLayers(settings);
      return HOP_ASSETS.filter((a) => shown.includes(a.layer)).map((a) => ({ ...a }));
    },
    'hops.plan': async ({ from, to, amount, destination }) => {
      await assertShown(settings, from.layer, to.layer);
      return hops.plan(from, to, amount, destination);
    },
    // Hops.start refuses a quote to or from a layer hidden since it was planned.
    'hops.start': ({ quoteId }) => hops.start(quoteId),
    'hops.list': () => hops.list(),
    'hops.get': ({ id }) => hops.get(id),
    'hops.refund': ({ id }) => hops.refund(id),
    'hops.restore': () => hops.restore(),
    'hops.matrix': () => hops.matrix(),
    'chains.start': ({ quoteId }) => hops.startChain(quoteId),
    'chains.list': () => hops.listChains(),
    'chains.get': ({ id }) => hops.getChain(id),
    'chains.requote': ({ id }) => hops.requoteChain(id),
    'chains.continue': ({ id, quoteId }) => hops.continueChain(id, quoteId),
    'chains.leave': ({ id }) => hops.leaveChain(id),
  };
}
