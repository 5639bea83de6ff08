/**
 * The background's journal(): the selected Lightning preset's relay (with the
 * Settings override), one journal per key tree, none while locked; a second profile
 * imported from the same phrase reads back what the first one wrote.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { WalletError } from '../../../../src/shared/errors';
import { DEVNET_RELAY } from '../../../../src/shared/networks';
import { ABANDON, background, PASSWORD } from '../../../helpers/background';
import { startNostrRelay, type DevRelay } from '../../../devnet/nostr-relay';

let relay: DevRelay;

beforeAll(async () => {
  relay = await startNostrRelay();
  // The service worker's WebSocket; Node 20 has none of its own.
  vi.stubGlobal('WebSocket', WebSocket);
});

afterAll(async () => {
  vi.unstubAllGlobals();
  await relay?.stop();
});

describe('Hops.journal', () => {
  it('follows the Lightning preset and its override, is kept per key tree, and is gone while locked', async () => {
    const bg = background();
    await bg.wallet.importPhrase(ABANDON, PASSWORD);
    // Testnet names no relay.
    expect(await bg.hops.journal()).toBeNull();

    await bg.settings.update({ networks: { lightning: 'devnet' } });
    const devnet = await bg.hops.journal();
    expect((devnet as { relayUrl?: string } | null)?.relayUrl).toBe(DEVNET_RELAY);
    expect(await bg.hops.journal()).toBe(devnet);

    await bg.settings.update({ endpoints: { 'lightning.devnet.journalRelay': relay.url } });
    const overridden = await bg.hops.journal();
    expect(overridden).not.toBe(devnet);
    expect((overridden as { relayUrl?: string } | null)?.relayUrl).toBe(relay.url);
    await overridden!.put({ id: 'chain-1', body: { legs: 2 }, updatedAt: 1 });

    await bg.wallet.lock();
    const locked = await bg.hops.journal().catch((err: unknown) => err);
    expect(locked).toBeInstanceOf(WalletError);
    expect((locked as WalletError).code).toBe('locked');
    await expect(overridden!.put({ id: 'chain-1', body: { legs: 2 }, updatedAt: 2 })).rejects.toMatchObject({ code: 'locked' });

    await bg.wallet.unlock(PASSWORD);
    const again = await bg.hops.journal();
    expect(again).not.toBe(overridden);
    expect(await again!.list()).toEqual([{ id: 'chain-1', body: { legs: 2 }, updatedAt: 1 }]);

    // Another profile, imported from the phrase, on the same relay.
    const restored = background();
    await restored.wallet.importPhrase(ABANDON, PASSWORD);
    await restored.settings.update({ networks: { lightning: 'devnet' }, endpoints: { 'lightning.devnet.journalRelay': relay.url } });
    expect(await (await restored.hops.journal())!.list()).toEqual([{ id: 'chain-1', body: { legs: 2 }, updatedAt: 1 }]);

    // The same relay named on the testnet preset: another journal, which does not read the devnet move.
    await restored.settings.update({ networks: { lightning: 'testnet' }, endpoints: { 'lightning.testnet.journalRelay': relay.url } });
    const onTestnet = await restored.hops.journal();
    expect((onTestnet as { relayUrl?: string } | null)?.relayUrl).toBe(relay.url);
    expect(await onTestnet!.list()).toEqual([]);
  });
});
