/**
 * A request that arrives while an unlock is finishing (the popup's next request, a
 * page's, the hops alarm) must not find the half-built session past its deadline and
 * lock the wallet being unlocked.
 */
import { describe, expect, it } from 'vitest';
import { SettingsStore } from '../../../src/background/settings-store';
import { WalletService } from '../../../src/background/wallet';
import { WALLET_ID_STORAGE_KEY } from '../../../src/shared/portfolio-cache';
import { memoryPorts } from '../../helpers/memory-ports';

const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const PASSWORD = 'Correct-Horse-42';

describe('activity while an unlock finishes', () => {
  it('leaves the wallet unlocked, with the deadline the unlock set', async () => {
    const ports = memoryPorts();
    const settings = new SettingsStore(ports.local);
    const wallet = new WalletService(ports, settings);
    await wallet.importPhrase(ABANDON, PASSWORD);
    await wallet.lock();
    // Hold the unlock at its write of the wallet id: the session is in memory, not yet saved.
    let release!: () => void;
    let reached!: () => void;
    const atWrite = new Promise<void>((r) => (reached = r));
    const set = ports.local.set.bind(ports.local);
    ports.local.set = async (items) => {
      if (WALLET_ID_STORAGE_KEY in items) {
        reached();
        await new Promise<void>((r) => (release = r));
      }
      return set(items);
    };
    const unlocking = wallet.unlock(PASSWORD);
    await atWrite;
    const touching = wallet.touch();
    const keyring = wallet.unlockedKeyring().then(
      () => 'unlocked',
      (e: { code?: string }) => e.code,
    );
    release();
    await touching;
    expect(await keyring).toBe('unlocked');
    expect((await unlocking).state).toBe('unlocked');
    expect((await wallet.status()).state).toBe('unlocked');
    expect((await wallet.status()).lockAt).toBe(ports.clock.now + 15 * 60_000);
  });
});
