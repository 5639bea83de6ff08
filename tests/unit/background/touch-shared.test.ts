/**
 * User activity moves the idle deadline with one storage.session write; requests made
 * at once (Home refreshing five layers) share the write under way when it carries
 * their deadline to within a second, and never one that ends later or much earlier.
 */
import { describe, expect, it } from 'vitest';
import { SettingsStore } from '../../../src/background/settings-store';
import { WalletService } from '../../../src/background/wallet';
import { memoryPorts } from '../../helpers/memory-ports';

const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const PASSWORD = 'Correct-Horse-42';

async function unlocked() {
  const ports = memoryPorts();
  const settings = new SettingsStore(ports.local);
  const wallet = new WalletService(ports, settings);
  await settings.update({ autoLockMinutes: 5 });
  await wallet.importPhrase(ABANDON, PASSWORD);
  const writes: number[] = [];
  let hold: Promise<void> | null = null;
  const set = ports.session.set.bind(ports.session);
  ports.session.set = async (items) => {
    const s = items['unlocked'] as { lockAt?: number } | undefined;
    if (s?.lockAt !== undefined) writes.push(s.lockAt);
    const h = hold;
    if (h) await h;
    return set(items);
  };
  const held = () => {
    let release!: () => void;
    hold = new Promise((r) => (release = r));
    return () => {
      hold = null;
      release();
    };
  };
  return { ports, settings, wallet, writes, held };
}

const stored = (ports: ReturnType<typeof memoryPorts>) => (JSON.parse(ports.session.data.get('unlocked')!) as { lockAt: number }).lockAt;

describe('user activity at once', () => {
  it('five requests at once write the deadline once', async () => {
    const { ports, wallet, writes } = await unlocked();
    ports.clock.now += 60_000;
    await Promise.all([wallet.touch(), wallet.touch(), wallet.touch(), wallet.touch(), wallet.touch()]);
    expect(writes).toEqual([ports.clock.now + 5 * 60_000]);
    expect(stored(ports)).toBe(ports.clock.now + 5 * 60_000);
    expect((await wallet.status()).lockAt).toBe(ports.clock.now + 5 * 60_000);
  });

  it('a request after the write is done writes again, at its own time', async () => {
    const { ports, wallet, writes } = await unlocked();
    await wallet.touch();
    ports.clock.now += 300;
    await wallet.touch();
    expect(writes).toEqual([ports.clock.now - 300 + 5 * 60_000, ports.clock.now + 5 * 60_000]);
  });

  it('a request more than a second after the write under way began gets a write of its own, and its deadline stands', async () => {
    const { ports, wallet, writes, held } = await unlocked();
    const release = held();
    const first = wallet.touch();
    await new Promise((r) => setTimeout(r, 0));
    ports.clock.now += 1_500;
    const second = wallet.touch();
    release();
    await Promise.all([first, second]);
    expect(writes).toEqual([ports.clock.now - 1_500 + 5 * 60_000, ports.clock.now + 5 * 60_000]);
    expect(stored(ports)).toBe(ports.clock.now + 5 * 60_000);
  });

  it('a shorter idle time saved while a write is under way is not lost to it', async () => {
    const { ports, settings, wallet, writes, held } = await unlocked();
    const release = held();
    const first = wallet.touch();
    await new Promise((r) => setTimeout(r, 0));
    await settings.update({ autoLockMinutes: 1 });
    const second = wallet.touch();
    release();
    await Promise.all([first, second]);
    expect(writes.at(-1)).toBe(ports.clock.now + 60_000);
    expect(stored(ports)).toBe(ports.clock.now + 60_000);
  });

  it('a write for a wallet since locked and unlocked again is not shared', async () => {
    const { ports, wallet, writes, held } = await unlocked();
    const release = held();
    const first = wallet.touch();
    await new Promise((r) => setTimeout(r, 0));
    release();
    await first;
    await wallet.lock();
    await wallet.unlock(PASSWORD);
    const before = writes.length;
    await wallet.touch();
    expect(writes.length).toBe(before + 1);
    expect(stored(ports)).toBe(ports.clock.now + 5 * 60_000);
  });

  it('a request whose activity is noted while the wallet locks answers, and writes no deadline for the locked wallet', async () => {
    const { ports, wallet, writes } = await unlocked();
    const before = writes.length;
    // The lock lands while the touch reads the idle time.
    let release!: () => void;
    const reading = new Promise<void>((r) => (release = r));
    let settingsRead!: () => void;
    const settingsAsked = new Promise<void>((r) => (settingsRead = r));
    const get = ports.local.get.bind(ports.local);
    ports.local.get = async (keys) => {
      if (keys.includes('settings')) {
        settingsRead();
        await reading;
      }
      return get(keys);
    };
    const touching = wallet.touch();
    await settingsAsked;
    const locking = wallet.lock();
    release();
    await expect(touching).resolves.toBeUndefined();
    await locking;
    expect(writes.length).toBe(before);
    expect(ports.session.data.has('unlocked')).toBe(false);
  });
});
