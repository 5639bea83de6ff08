/**
 * Connections belong to the wallet that made them: after the phrase is wiped and
 * another one imported (or created), the sites the earlier wallet connected are
 * strangers to the new one, in the router and in Settings.
 */
import { describe, expect, it } from 'vitest';
import { DappCore, dappWallet } from '../../../../src/background/dapp';
import type { FamilyHandler } from '../../../../src/dapp/family';
import { DAPP_TAG } from '../../../../src/shared/dapp/protocol';
import { ABANDON, background, importWallet, PASSWORD } from '../../../helpers/background';
import { memoryPorts } from '../../../helpers/memory-ports';

const OTHER = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const APP = 'https://app.example';

const family: FamilyHandler<'bitcoin'> = {
  family: 'bitcoin',
  layer: 'bitcoin',
  open: [],
  connecting: ['getAddresses'],
  grants: () => [],
  connectContent: async () => ({ summary: { key: 'connect' }, sections: [] }),
  methods: {
    getAddresses: async (_p, ctx) => [ctx.account.value],
    // Needs a connection, asks nothing: answers with what only a connected site may see.
    address: async (_p, ctx) => ctx.account.value,
  },
  error: (refusal, message) => ({ code: refusal === 'unauthorized' ? 4100 : 4000, message }),
};

async function walletWithDapp(phrase: string, ports = memoryPorts()) {
  const bg = background([], ports);
  await importWallet(bg.wallet, bg.ports, phrase);
  const windows = { open: async () => 1, focus: async () => undefined, onRemoved: () => undefined };
  const core = new DappCore({ local: ports.local, now: ports.now, windows, wallet: dappWallet(bg.wallet, bg.settings, bg.layers), selfId: 'ext', families: { bitcoin: family as unknown as FamilyHandler } });
  const sender = { id: 'ext', url: `${APP}/`, frameId: 0, tab: { id: 1, url: `${APP}/` } };
  const ask = (method: string) => core.router.handle({ tag: DAPP_TAG, family: 'bitcoin', method }, sender);
  return { bg, core, ask };
}

describe('connections and the wallet', () => {
  it('a site the previous wallet connected is not connected to a wallet imported after a wipe', async () => {
    const ports = memoryPorts();
    const first = await walletWithDapp(ABANDON, ports);
    await first.core.connections.add(APP, 'bitcoin', []);
    expect(await first.ask('address')).toEqual({ result: expect.stringMatching(/^tb1q/) });
    // Wiped as the profile's storage is: the vault goes, the rest stays.
    await first.bg.wallet.lock();
    await ports.local.remove(['vault']);
    const second = await walletWithDapp(OTHER, ports);
    expect(await second.ask('address')).toMatchObject({ error: { code: 4100 } });
    expect(await second.core.connections.list()).toEqual([]);
  });

  it('a request that waited for Unlock is asked again for the wallet unlocked (a new vault whose id was not yet written)', async () => {
    const ports = memoryPorts();
    const first = await walletWithDapp(ABANDON, ports);
    await first.core.connections.add(APP, 'bitcoin', []);
    const oldId = (await ports.local.get(['walletId'])).walletId;
    await first.bg.wallet.lock();
    await ports.local.remove(['vault']);
    const second = await walletWithDapp(OTHER, ports);
    // As a worker stopped after storing the new vault and before writing its id leaves it.
    await second.bg.wallet.lock();
    await ports.local.set({ walletId: oldId });
    const reply = second.ask('address');
    while (!second.core.approvals.waiting()) await new Promise((r) => setTimeout(r, 1));
    await second.bg.wallet.unlock(PASSWORD);
    second.core.approvals.unlocked();
    expect(await reply).toMatchObject({ error: { code: 4100 } });
  });

  it("the same wallet keeps its connections across lock and unlock", async () => {
    const h = await walletWithDapp(ABANDON);
    await h.core.connections.add(APP, 'bitcoin', []);
    await h.bg.wallet.lock();
    await h.bg.wallet.unlock(PASSWORD);
    expect(await h.ask('address')).toEqual({ result: expect.stringMatching(/^tb1q/) });
    expect((await h.core.connections.list()).map((c) => c.origin)).toEqual([APP]);
  });
});
