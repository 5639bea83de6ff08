/**
 * Service worker entry: wiring only. Restores an unlocked session, answers the
 * popup, runs the auto-lock alarm and opens onboarding on first install.
 */
// First: keyed errors get their English message from here on.
import '../shared/english';
import browser from 'webextension-polyfill';
import { createHandlers } from './handlers';
import { DappCore, dappWallet } from './dapp';
import { APPROVAL_WINDOW, type WindowPort } from './dapp/approvals';
import { isRelayedRequest } from './dapp/router';
import { MECHANISMS } from '../hops/registry';
import { Hops, HOPS_ALARM } from './hops';
import { LabelStore } from './labels/store';
import { Layers } from './layers';
import type { AlarmPort, BackgroundPorts, KeyValueArea } from './ports';
import { layerGate } from './layer-gate';
import { handleMessage, isOwnPage } from './rpc';
import { SettingsStore } from './settings-store';
import { CachedArea } from './cached-area';
import { SESSION_SECRET_KEYS, WalletService } from './wallet';
import { SCAN_MEMO_KEYS } from '../layers/scan-memo';

function area(a: browser.Storage.StorageArea, name: 'local' | 'session'): KeyValueArea {
  return {
    get: (keys) => a.get(keys),
    set: (items) => a.set(items),
    remove: (keys) => a.remove(keys),
    // Changes from any context (this worker's own writes included), so copies kept in memory can drop what changed.
    onChanged: (listener) =>
      browser.storage.onChanged.addListener((changes, areaName) => {
        if (areaName === name) listener(Object.keys(changes));
      }),
  };
}

const alarms: AlarmPort = {
  schedule: async (name, when) => browser.alarms.create(name, { when }),
  clear: async (name) => {
    await browser.alarms.clear(name);
  },
};

const ports: BackgroundPorts = {
  local: new CachedArea(area(browser.storage.local, 'local')),
  // The kept scans are read once per worker (scan-memo.ts): a copy would only double them in memory.
  session: new CachedArea(area(browser.storage.session, 'session'), { except: [...SESSION_SECRET_KEYS, ...SCAN_MEMO_KEYS] }),
  alarms,
  now: () => Date.now(),
};

const settings = new SettingsStore(ports.local);
const wallet = new WalletService(ports, settings);
const layers = new Layers(wallet, settings, ports.local, ports.now, ports.session);
const hops = new Hops(wallet, settings, layers, ports.local, ports.now, MECHANISMS);
const windows: WindowPort = {
  open: async () => {
    const { url, width, height } = APPROVAL_WINDOW;
    const created = await browser.windows.create({ url: browser.runtime.getURL(url), type: 'popup', width, height });
    if (created.id === undefined) throw new Error('the approval window has no id');
    return created.id;
  },
  focus: async (id) => {
    await browser.windows.update(id, { focused: true });
  },
  onRemoved: (listener) => browser.windows.onRemoved.addListener(listener),
};
const tabs = {
  send: async (tabId: number, frameId: number, message: object, origin: string) => {
    await browser.tabs.sendMessage(tabId, { ...message, origin }, { frameId });
  },
};
const dapp = new DappCore({ local: ports.local, now: ports.now, windows, tabs, wallet: dappWallet(wallet, settings, layers), selfId: browser.runtime.id });
settings.onChange((before, after) => dapp.settingsChanged(before, after));
const handlers = createHandlers(wallet, settings, layers, hops, new LabelStore(ports.local), dapp);
const gate = layerGate(settings);
const self = { id: browser.runtime.id, baseUrl: browser.runtime.getURL('') };
// A damaged session must not wedge the worker: fall back to locked.
const ready = wallet.restore().catch(() => wallet.lock());

// Listeners are registered synchronously at top level so a woken worker gets the event.
browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => {
  // Web pages' requests, relayed by our content script; the router checks the sender itself.
  if (isRelayedRequest(message) && !isOwnPage(sender, self)) return ready.then(() => dapp.router.handle(message, sender));
  // Returning undefined (not a promise) means: no answer for this sender.
  return handleMessage(message, sender, self, handlers, ready, () => wallet.touch(), gate);
});

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === HOPS_ALARM) void ready.then(() => hops.tick());
  else void ready.then(() => wallet.onAlarm(alarm.name));
});

// Unfinished hops keep moving without the popup: check them every minute, and once now.
void browser.alarms.create(HOPS_ALARM, { periodInMinutes: 1 });
void ready.then(() => hops.tick(true)).catch(() => undefined);

browser.runtime.onInstalled.addListener(async ({ reason }) => {
  if (reason !== 'install') return;
  const { state } = await ready.then(() => wallet.status());
  if (state === 'empty') await browser.tabs.create({ url: browser.runtime.getURL('popup.html?view=tab') });
});
