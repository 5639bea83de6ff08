/**
 * The background's dApp part, wired once: the connections, the approval queue, the
 * router over the families' handlers, and the handlers of the wallet's own pages
 * (`dapp.*`: the approval window and Settings' connected sites).
 */
import { FAMILY_HANDLERS } from '../../dapp/registry';
import { DappError, type FamilyHandler } from '../../dapp/family';
import type { DappFamily } from '../../shared/dapp/protocol';
import type { Settings } from '../../shared/settings';
import { resolvePreset } from '../../shared/networks';
import type { Layers } from '../layers';
import type { KeyValueArea } from '../ports';
import type { Handlers } from '../rpc';
import type { SettingsStore } from '../settings-store';
import type { WalletService } from '../wallet';
import { ApprovalQueue, type WindowPort } from './approvals';
import { ConnectionStore } from './connections';
import { PageEvents, type TabPort } from './page-events';
import { DappRouter, type DappWallet, type FamilyHandlers } from './router';

export type DappHandlers = Pick<Handlers, `dapp.${string}` & keyof Handlers>;

/** Where no browser window can open (tests of the popup protocol): every approval is refused as closed. */
export const NO_WINDOWS: WindowPort = {
  open: () => Promise.reject(new Error('no windows here')),
  focus: async () => undefined,
  onRemoved: () => undefined,
};

/** Connections kept in memory only, for a DappCore that no page can reach. */
export function transientArea(): KeyValueArea {
  const items = new Map<string, unknown>();
  return {
    get: async (keys) => Object.fromEntries(keys.filter((k) => items.has(k)).map((k) => [k, structuredClone(items.get(k))])),
    set: async (all) => Object.entries(all).forEach(([k, v]) => items.set(k, structuredClone(v))),
    remove: async (keys) => keys.forEach((k) => items.delete(k)),
  };
}

export function dappWallet(wallet: WalletService, settings: SettingsStore, layers: Layers): DappWallet {
  return {
    isUnlocked: async () => (await wallet.status()).state === 'unlocked',
    preset: async (layer) => {
      const s = await settings.get();
      return resolvePreset(layer, s.networks[layer], s.endpoints, s.pins);
    },
    account: async (layer) => {
      const { keyring } = await wallet.unlockedWallet();
      const account = keyring.accounts(await settings.get()).find((a) => a.layer === layer);
      if (!account) throw new DappError('unsupported_method', 'This layer is switched off in the wallet.');
      return account;
    },
    service: (layer) => layers.service(layer),
    deps: (layer) => layers.deps(layer),
    selectPreset: async (layer, presetId) => {
      await settings.update({ networks: { [layer]: presetId } });
    },
  };
}

export class DappCore {
  readonly connections: ConnectionStore;
  readonly approvals: ApprovalQueue;
  readonly router: DappRouter;
  readonly events: PageEvents;
  private readonly families: FamilyHandlers;

  constructor(opts: { local: KeyValueArea; now: () => number; windows: WindowPort; tabs?: TabPort; wallet: DappWallet; selfId: string; families?: FamilyHandlers }) {
    const families = opts.families ?? FAMILY_HANDLERS;
    this.connections = new ConnectionStore(opts.local, opts.now);
    this.approvals = new ApprovalQueue(opts.windows, opts.wallet.isUnlocked);
    this.events = new PageEvents(opts.tabs ?? { send: async () => undefined });
    this.router = new DappRouter(families, this.connections, this.approvals, opts.wallet, opts.selfId, this.events);
    // A disconnected site's open pages hear it at once where the family's standard says so.
    this.connections.onDisconnect((origin, family) => {
      // Its requests in the approval window end with it; the window moves on.
      this.approvals.revoke(origin, family);
      for (const { event, data } of families[family]?.disconnectEvents?.() ?? []) void this.events.emit(origin, family, event, data);
    });
    this.families = families;
  }

  /** Settings changed: pages of a family whose layer is on another network now hear it (however it was switched). */
  settingsChanged(before: Settings, after: Settings): void {
    for (const [family, handler] of Object.entries(this.families) as [DappFamily, FamilyHandler][]) {
      const layer = handler.layer;
      if (before.networks[layer] === after.networks[layer] || !handler.networkEvents) continue;
      const preset = resolvePreset(layer, after.networks[layer], after.endpoints, after.pins);
      for (const { event, data } of handler.networkEvents(preset)) void this.events.emitAll(family, event, data);
    }
  }

  handlers(): DappHandlers {
    return {
      'dapp.pending': () => this.approvals.pending(),
      'dapp.decide': ({ id, approve }) => this.approvals.decide(id, approve),
      'dapp.waiting': async () => this.approvals.waiting(),
      'dapp.connections': () => this.connections.list(),
      'dapp.disconnect': ({ origin, family }) => this.connections.remove(origin, family),
    };
  }
}
