import { describe, expect, it } from 'vitest';
import { SettingsStore } from '../../../src/background/settings-store';
import { AUTO_LOCK_ALARM, WalletService } from '../../../src/background/wallet';
import { memoryPorts } from '../../helpers/memory-ports';
import { shownError } from '../../helpers/locale';
import type { WalletError } from '../../../src/shared/errors';

const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const PASSWORD = 'Correct-Horse-42';

function setup(ports = memoryPorts()) {
  const settings = new SettingsStore(ports.local);
  return { ports, settings, wallet: new WalletService(ports, settings) };
}

/** Plays the onboarding as the popup does, answering the challenge from the shown words. */
/** The string values in a stored structure, descending into strings that are JSON themselves. */
function storedValues(v: unknown): string[] {
  if (typeof v === 'string') {
    try {
      const inner: unknown = JSON.parse(v);
      if (inner !== null && typeof inner === 'object') return storedValues(inner);
    } catch {
      // a plain string
    }
    return [v];
  }
  if (Array.isArray(v)) return v.flatMap(storedValues);
  if (v !== null && typeof v === 'object') return Object.values(v).flatMap(storedValues);
  return [String(v)];
}

async function createWallet(wallet: WalletService) {
  const { words, confirmPositions } = await wallet.generate(12);
  const answers = Object.fromEntries(confirmPositions.map((p) => [String(p), words[p - 1]!]));
  await wallet.confirm(answers);
  await wallet.create(PASSWORD);
  return words;
}

describe('onboarding', () => {
  it('creates a wallet only after the backup is confirmed', async () => {
    const { wallet } = setup();
    expect((await wallet.status()).state).toBe('empty');
    const { words, confirmPositions } = await wallet.generate(12);
    expect(words).toHaveLength(12);
    expect(confirmPositions).toHaveLength(3);
    expect(new Set(confirmPositions).size).toBe(3);
    await expect(wallet.create(PASSWORD)).rejects.toMatchObject({ code: 'backup_not_started' });

    const wrong = Object.fromEntries(confirmPositions.map((p) => [String(p), words[p % 12]!]));
    await expect(wallet.confirm(wrong)).rejects.toMatchObject({ code: 'backup_mismatch' });
    // Answering only some positions is not enough either.
    const partial = { [String(confirmPositions[0])]: words[confirmPositions[0]! - 1]! };
    await expect(wallet.confirm(partial)).rejects.toMatchObject({ code: 'backup_mismatch' });

    const right = Object.fromEntries(confirmPositions.map((p) => [String(p), ` ${words[p - 1]!.toUpperCase()} `]));
    await expect(wallet.confirm(right)).resolves.toEqual({ confirmed: true });
    await expect(wallet.create('weak')).rejects.toMatchObject({ code: 'weak_password' });
    expect((await wallet.create(PASSWORD)).state).toBe('unlocked');
    await expect(wallet.generate(12)).rejects.toMatchObject({ code: 'wallet_exists' });
  });

  it('imports a phrase and shows its first BIP84 testnet address', async () => {
    const { wallet, settings } = setup();
    await expect(wallet.importPhrase('abandon about', PASSWORD)).rejects.toMatchObject({ code: 'bad_mnemonic_length' });
    expect((await wallet.importPhrase(ABANDON, PASSWORD)).state).toBe('unlocked');
    const accounts = (await wallet.unlockedKeyring()).accounts(await settings.get());
    expect(accounts[0]!.value).toBe('tb1q6rz28mcfaxtmd6v789l9rrlrusdprr9pqcpvkl');
  });

  it('never writes the phrase or the seed to persistent storage', async () => {
    const { wallet, ports } = setup();
    const words = await createWallet(wallet);
    const disk = ports.local.dump();
    // Every stored value (JSON inside JSON opened too), not the keys: "salt" is a BIP39 word and a vault key.
    const values = [...ports.local.data.values()].flatMap((v) => storedValues(JSON.parse(v))).join('\n');
    for (const w of new Set(words)) expect(values).not.toMatch(new RegExp(`\\b${w}\\b`));
    const session = JSON.parse(ports.session.dump()) as { seed: string };
    expect(disk).not.toContain(session.seed);
  });
});

describe('lock, unlock, password', () => {
  it('locks, refuses a wrong password, and unlocks', async () => {
    const { wallet } = setup();
    await wallet.importPhrase(ABANDON, PASSWORD);
    expect((await wallet.lock()).state).toBe('locked');
    await expect(wallet.unlockedKeyring()).rejects.toMatchObject({ code: 'locked' });
    await expect(wallet.unlock('Wrong-Horse-42')).rejects.toMatchObject({ code: 'wrong_password' });
    expect((await wallet.unlock(PASSWORD)).state).toBe('unlocked');
  });

  it('changes the password', async () => {
    const { wallet } = setup();
    await wallet.importPhrase(ABANDON, PASSWORD);
    await expect(wallet.changePassword('Wrong-Horse-42', 'New-Password-77')).rejects.toMatchObject({ code: 'wrong_password' });
    await expect(wallet.changePassword(PASSWORD, 'short')).rejects.toMatchObject({ code: 'weak_password', message: 'The password must have at least 10 characters.' });
    expect(shownError(await wallet.changePassword(PASSWORD, 'password123').catch((e: WalletError) => e) as WalletError)).toBe('这个密码太常见了。请另选一个。');
    await wallet.changePassword(PASSWORD, 'New-Password-77');
    await wallet.lock();
    await expect(wallet.unlock(PASSWORD)).rejects.toMatchObject({ code: 'wrong_password' });
    expect((await wallet.unlock('New-Password-77')).state).toBe('unlocked');
  });

  it('reveals the phrase only with the password', async () => {
    const { wallet } = setup();
    await wallet.importPhrase(ABANDON, PASSWORD);
    await expect(wallet.reveal('nope')).rejects.toMatchObject({ code: 'wrong_password' });
    expect((await wallet.reveal(PASSWORD)).words.join(' ')).toBe(ABANDON);
  });
});

describe('lock comes first', () => {
  it('a wipe that never finishes neither delays the seed leaving storage.session nor the lock itself', async () => {
    const { wallet, ports } = setup();
    await wallet.importPhrase(ABANDON, PASSWORD);
    // A holder whose wipe hangs (an NWC link stuck behind a relay connect).
    let sessionWhenWiping: string[] | undefined;
    let wiping!: () => void;
    const wipeStarted = new Promise<void>((r) => (wiping = r));
    wallet.onLock(() => {
      sessionWhenWiping = [...ports.session.data.keys()];
      wiping();
      return new Promise<void>(() => undefined);
    });

    const locking = wallet.lock();
    await wipeStarted;
    // By the time any holder wipes, the seed is already gone from storage.session and the alarm is cleared.
    expect(sessionWhenWiping).toEqual([]);
    expect(ports.alarms.alarms.has(AUTO_LOCK_ALARM)).toBe(false);
    // A worker stopped right now comes back locked.
    const restarted = setup(ports).wallet;
    await restarted.restore();
    expect((await restarted.status()).state).toBe('locked');
    // And the lock answers although that wipe never ends.
    expect((await locking).state).toBe('locked');
    await expect(wallet.unlockedKeyring()).rejects.toMatchObject({ code: 'locked' });
  });
});

describe('session survival and auto-lock', () => {
  it('a restarted worker finds the wallet still unlocked', async () => {
    const { wallet, ports } = setup();
    await wallet.importPhrase(ABANDON, PASSWORD);
    const restarted = setup(ports).wallet; // same storage, fresh memory
    await restarted.restore();
    expect((await restarted.status()).state).toBe('unlocked');
    expect(ports.alarms.alarms.get(AUTO_LOCK_ALARM)).toBeGreaterThan(ports.clock.now);
  });

  it('a restarted worker past the idle deadline comes up locked', async () => {
    const { wallet, ports } = setup();
    await wallet.importPhrase(ABANDON, PASSWORD);
    ports.clock.now += 15 * 60_000 + 1;
    const restarted = setup(ports).wallet;
    await restarted.restore();
    expect((await restarted.status()).state).toBe('locked');
    expect(ports.session.data.size).toBe(0);
  });

  it('activity pushes the deadline; the alarm locks once it passes', async () => {
    const { wallet, ports, settings } = setup();
    await settings.update({ autoLockMinutes: 5 });
    await wallet.importPhrase(ABANDON, PASSWORD);
    const first = (await wallet.status()).lockAt!;
    expect(first).toBe(ports.clock.now + 5 * 60_000);
    ports.clock.now += 4 * 60_000;
    await wallet.touch(); // user activity (a request from the popup)
    const second = (await wallet.status()).lockAt!;
    expect(second).toBe(ports.clock.now + 5 * 60_000);
    // The old alarm fires early relative to the moved deadline: re-armed, not locked.
    await wallet.onAlarm(AUTO_LOCK_ALARM);
    expect((await wallet.status()).state).toBe('unlocked');
    expect(ports.alarms.alarms.get(AUTO_LOCK_ALARM)).toBe(second);
    ports.clock.now = second;
    await wallet.onAlarm(AUTO_LOCK_ALARM);
    expect((await wallet.status()).state).toBe('locked');
    expect(ports.session.data.size).toBe(0);
  });

  it('a late alarm is not needed: a request after the deadline finds the wallet locked', async () => {
    const { wallet, ports } = setup();
    await wallet.importPhrase(ABANDON, PASSWORD);
    ports.clock.now += 16 * 60_000;
    await expect(wallet.unlockedKeyring()).rejects.toMatchObject({ code: 'locked' });
  });
});
