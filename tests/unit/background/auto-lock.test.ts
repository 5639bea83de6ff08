/**
 * Auto-lock counts only what the user does: background work (the hops alarm,
 * hop advances, the layer services they build) never pushes the idle deadline.
 */
import { describe, expect, it, vi } from 'vitest';
import { handleMessage, type Handlers } from '../../../src/background/rpc';
import { AUTO_LOCK_ALARM } from '../../../src/background/wallet';
import { RPC_TAG } from '../../../src/shared/rpc';
import { ABANDON, background, inProgressHop, PASSWORD, waitingMechanism } from '../../helpers/background';

type Bg = ReturnType<typeof background>;

/** One minute of browser time: the hops alarm fires, then the auto-lock alarm if it is due. */
async function minutePasses({ ports, wallet, hops }: Bg) {
  ports.clock.now += 60_000;
  await hops.tick();
  const lockAlarm = ports.alarms.alarms.get(AUTO_LOCK_ALARM);
  if (lockAlarm !== undefined && lockAlarm <= ports.clock.now) await wallet.onAlarm(AUTO_LOCK_ALARM);
}

describe('auto-lock while hops run', () => {
  it('locks at the idle deadline although the hops alarm advances a hop every minute, and the hop resumes after unlock', async () => {
    const log = { advances: 0, keysSeen: [] as Uint8Array[] };
    const bg = background([waitingMechanism(log)]);
    await bg.settings.update({ autoLockMinutes: 5 });
    await bg.wallet.importPhrase(ABANDON, PASSWORD);
    const deadline = (await bg.wallet.status()).lockAt!;
    await bg.store.put(inProgressHop(bg.ports.clock.now));

    for (let m = 0; m < 4; m++) await minutePasses(bg);
    // The hop was worked on while unlocked, and that did not move the deadline.
    expect(log.advances).toBe(4);
    expect((await bg.wallet.status()).lockAt).toBe(deadline);

    await minutePasses(bg);
    await minutePasses(bg);
    expect(bg.ports.clock.now).toBeGreaterThanOrEqual(deadline);
    expect((await bg.wallet.status()).state).toBe('locked');

    // Locked: the hop waits, untouched and still in progress.
    const advancesWhenLocked = log.advances;
    await minutePasses(bg);
    expect(log.advances).toBe(advancesWhenLocked);
    expect((await bg.store.get('hop-test-0'))!.outcome).toBe('in-progress');

    // Unlocked again: it resumes.
    await bg.wallet.unlock(PASSWORD);
    await bg.hops.tick(true);
    expect(log.advances).toBe(advancesWhenLocked + 1);
  });

  it('a background layer refresh does not count as activity either', async () => {
    const bg = background();
    await bg.settings.update({ autoLockMinutes: 5 });
    await bg.wallet.importPhrase(ABANDON, PASSWORD);
    const deadline = (await bg.wallet.status()).lockAt!;
    bg.ports.clock.now += 4 * 60_000;
    await bg.layers.service('bitcoin');
    await bg.layers.deps('rootstock');
    expect((await bg.wallet.status()).lockAt).toBe(deadline);
  });
});

describe('user activity comes from the popup', () => {
  const self = { id: 'abcdefghijklmnop', baseUrl: 'chrome-extension://abcdefghijklmnop/' };
  const popup = { id: self.id, url: 'chrome-extension://abcdefghijklmnop/popup.html' };
  const handlers = () =>
    new Proxy({} as Handlers, { get: () => vi.fn(async () => ({})) });

  it('a user request pushes the deadline once; a timer poll, a foreign sender or an unknown method does not', async () => {
    const touch = vi.fn(async () => undefined);
    const send = (message: object, sender = popup) => handleMessage({ tag: RPC_TAG, ...message }, sender, self, handlers(), Promise.resolve(), touch);
    await send({ method: 'accounts.list', params: {} });
    expect(touch).toHaveBeenCalledTimes(1);
    await send({ method: 'hops.list', params: {}, poll: true });
    await send({ method: 'wallet.steal', params: {} });
    expect(send({ method: 'accounts.list', params: {} }, { id: self.id, url: 'https://evil.example/' })).toBeUndefined();
    expect(touch).toHaveBeenCalledTimes(1);
  });

  it('user activity after the deadline does not bring the wallet back', async () => {
    const bg = background();
    await bg.settings.update({ autoLockMinutes: 5 });
    await bg.wallet.importPhrase(ABANDON, PASSWORD);
    bg.ports.clock.now += 5 * 60_000 + 1;
    await bg.wallet.touch();
    expect((await bg.wallet.status()).state).toBe('locked');
  });

  it('user activity before the deadline pushes it', async () => {
    const bg = background();
    await bg.settings.update({ autoLockMinutes: 5 });
    await bg.wallet.importPhrase(ABANDON, PASSWORD);
    bg.ports.clock.now += 4 * 60_000;
    await bg.wallet.touch();
    expect((await bg.wallet.status()).lockAt).toBe(bg.ports.clock.now + 5 * 60_000);
  });
});
