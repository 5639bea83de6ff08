/** tests/helpers/background.ts importWallet: the state importPhrase leaves, with one PBKDF2 per file and phrase. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ABANDON, background, importWallet, PASSWORD } from '../../helpers/background';

const OTHER = 'legal winner thank year wave sausage worth useful legal winner thank yellow';

/** What a background holds in storage, the vault's random salt, IV and ciphertext aside. */
function stored(bg: ReturnType<typeof background>) {
  const local = Object.fromEntries(bg.ports.local.data);
  const vault = JSON.parse(local.vault!) as Record<string, unknown>;
  return {
    local: { ...local, vault: { ...vault, kdf: { ...(vault.kdf as object), salt: '' }, cipher: { name: 'AES-GCM', iv: '' }, ciphertext: '' } },
    session: Object.fromEntries(bg.ports.session.data),
    alarms: Object.fromEntries(bg.ports.alarms.alarms),
  };
}

describe('importWallet (test helper)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('leaves fresh storage as importPhrase leaves it, unlocked to the same keys, deriving a vault key once per phrase', async () => {
    const derive = vi.spyOn(crypto.subtle, 'deriveKey');
    const real = background();
    await real.wallet.importPhrase(ABANDON, PASSWORD);
    const first = background();
    const second = background();
    await importWallet(first.wallet, first.ports);
    const before = derive.mock.calls.length;
    expect(await importWallet(second.wallet, second.ports)).toEqual(await real.wallet.status());
    expect(derive.mock.calls.length).toBe(before);
    for (const bg of [first, second]) {
      expect(stored(bg)).toEqual(stored(real));
      expect((await bg.wallet.unlockedWallet()).id).toBe((await real.wallet.unlockedWallet()).id);
      expect((await bg.wallet.unlockedKeyring()).accounts(await bg.settings.get())).toEqual((await real.wallet.unlockedKeyring()).accounts(await real.settings.get()));
    }
    // The copied vault is a real one: it opens with the password only.
    await second.wallet.lock();
    await expect(second.wallet.unlock('Wrong-Horse-42')).rejects.toMatchObject({ code: 'wrong_password' });
    expect((await second.wallet.unlock(PASSWORD)).state).toBe('unlocked');
    // Another phrase is another import.
    const other = background();
    await importWallet(other.wallet, other.ports, OTHER);
    expect((await other.wallet.unlockedWallet()).id).not.toBe((await first.wallet.unlockedWallet()).id);
  });

  it('imports for real where storage was written first or the clock moved', async () => {
    const set = background();
    await set.settings.update({ autoLockMinutes: 1 });
    expect((await importWallet(set.wallet, set.ports)).lockAt).toBe(set.ports.now() + 60_000);

    const later = background();
    later.ports.clock.now += 5_000;
    const status = await importWallet(later.wallet, later.ports);
    expect(status.state).toBe('unlocked');
    expect(status.lockAt).toBe(later.ports.now() + (await later.settings.get()).autoLockMinutes * 60_000);
  });
});
