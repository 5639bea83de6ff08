/**
 * The flows the Firefox files run through the extension's own tab (puppeteer over
 * BiDi): import, a Bitcoin send, an LNURL-pay over NWC and a BTC -> Lightning move.
 * Each flow asserts what it does and calls `look(screen)` on every screen it shows,
 * so the zh_CN file can read each one's text while walking the same flows.
 */
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '../helpers/bip39-seed';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Page } from 'puppeteer-core';
import { expect } from 'vitest';
import { BitcoinKeys } from '../../src/layers/bitcoin/keys';
import type { BitcoinDevnet } from '../devnet/bitcoin';
import type { LightningDevnet } from '../devnet/lightning';
import { phraseFor, type BoltzDevnets } from './devnets';
import { PASSWORD, puppeteerDriver, type Driver } from './popup-flows';

/** Called on each screen a flow shows, once it is painted. */
export type Look = (screen: string) => Promise<void>;
export const noLook: Look = async () => undefined;

/** Paid only by these flows, so what reaches it on a chain Boltz also broadcasts on is ours. */
const RECIPIENT = new BitcoinKeys(HDKey.fromMasterSeed(mnemonicToSeedSync(phraseFor('firefox-flows recipient'))), { bech32: 'bcrt' }).address('p2wpkh', 0, 0);

const text = async (page: Page, selector: string) => (await page.$eval(selector, (e) => e.textContent ?? '')).trim();
const attr = (page: Page, selector: string, name: string) => page.$eval(selector, (e, n) => e.getAttribute(n) ?? '', name);
const value = async (page: Page, selector: string) => BigInt(await attr(page, selector, 'data-value'));

/** Imports `phrase` from the onboarding tab's welcome screen; resolves on Home. */
export async function importPhrase(page: Page, phrase: string, look: Look): Promise<Driver> {
  const d = puppeteerDriver(page);
  await d.waitFor('[data-testid=welcome]');
  await look('welcome');
  await d.click('[data-testid=start-import]');
  await d.waitFor('[data-testid=import-mnemonic]');
  await look('import');
  await d.fill('[data-testid=import-mnemonic]', phrase);
  await d.fill('[data-testid=new-password]', PASSWORD);
  await d.fill('[data-testid=repeat-password]', PASSWORD);
  await d.click('[data-testid=import-submit]');
  await d.waitFor('[data-testid=layers]', 30_000);
  // The devnet offer shows only when every devnet service answers on the default ports; Home is what follows.
  await d.waitFor('[data-testid=portfolio]');
  await look('home');
  return d;
}

/** Settings as a user fills them: `presets` switched to the devnet, then each endpoint; saved. */
export async function devnetSettings(d: Driver, look: Look, presets: string[], endpoints: { layer: string; key: string; url: string }[]): Promise<void> {
  await d.click('[data-testid=nav-settings]');
  await d.waitFor('[data-testid=settings]');
  await look('settings');
  for (const layer of presets) await d.select(`[data-testid=preset-${layer}]`, 'devnet');
  for (const e of endpoints) await d.fill(`[data-testid=endpoint-${e.layer}-${e.key}]`, e.url);
  await d.click('[data-testid=settings-save]');
  await d.waitFor('[data-testid=settings-saved]');
  await look('settings saved');
  await d.click('[data-testid=nav-home]');
  await d.waitFor('[data-testid=portfolio]');
}

/**
 * Faucet to our address, a send to another wallet's address through the review, a block,
 * and the send confirmed both in the popup and on bcoin.
 */
export async function bitcoinSendConfirmed(page: Page, devnet: BitcoinDevnet, look: Look): Promise<void> {
  await sendConfirmed(page, devnet, look).catch((err: unknown) => {
    // What the wallet asked the Esplora, when: a CI run keeps nothing else of this flow.
    if (err instanceof Error) err.message += `\n  the Esplora's last requests:\n    ${devnet.facade.server.requestLog(60).join('\n    ')}`;
    throw err;
  });
}

async function sendConfirmed(page: Page, devnet: BitcoinDevnet, look: Look): Promise<void> {
  const d = puppeteerDriver(page);
  await d.waitFor('[data-testid=address-bitcoin]');
  const ours = await text(page, '[data-testid=address-bitcoin]');
  expect(ours).toMatch(/^bcrt1q/);
  await devnet.faucet(ours, 250_000n);

  await d.click('[data-testid=open-bitcoin]');
  await d.waitFor('[data-testid=btc-confirmed][data-value="250000"]', 30_000);
  await look('bitcoin');

  const to = RECIPIENT.address;
  const before = devnet.facade.broadcasts.length;
  const paysRecipient = () => devnet.facade.broadcasts.slice(before).filter((b) => b.hex.includes(RECIPIENT.script));
  await d.click('[data-testid=btc-send]');
  await d.waitFor('[data-testid=send-to]');
  await look('bitcoin send');
  await d.fill('[data-testid=send-to]', to);
  await d.fill('[data-testid=send-amount]', '0.0012');
  await d.click('[data-testid=send-review]');
  await d.waitFor('[data-testid=btc-review]', 30_000);
  await look('bitcoin review');
  expect(await value(page, '[data-testid=review-amount]')).toBe(120_000n);
  const fee = await value(page, '[data-testid=review-fee]');
  const change = await value(page, '[data-testid=review-change]');
  expect(fee).toBeGreaterThan(0n);
  expect(120_000n + fee + change).toBe(250_000n);
  expect(await value(page, '[data-testid=review-total]')).toBe(120_000n + fee);
  expect(paysRecipient()).toEqual([]); // nothing sent before the confirmation

  await d.click('[data-testid=btc-confirm-send]');
  await d.waitFor('[data-testid=btc-sent]', 30_000);
  await look('bitcoin sent');
  const txid = await text(page, '[data-testid=sent-txid]');
  expect(txid).toMatch(/^[0-9a-f]{64}$/);
  expect(paysRecipient()).toEqual([expect.objectContaining({ accepted: true })]);
  const inMempool = (await (await fetch(`${devnet.esploraUrl}/tx/${txid}`)).json()) as { vout: { scriptpubkey_address: string; value: number }[]; status: { confirmed: boolean } };
  expect(inMempool.status.confirmed).toBe(false);
  expect(inMempool.vout).toContainEqual(expect.objectContaining({ scriptpubkey_address: to, value: 120_000 }));

  await d.click('[data-testid=sent-done]');
  await d.waitFor(`[data-testid=activity-${txid}][data-status=pending]`);
  await look('bitcoin pending');
  await devnet.mine();
  await d.click('[data-testid=btc-refresh]');
  await d.waitFor(`[data-testid=activity-${txid}][data-status=confirmed]`, 30_000);
  await look('bitcoin confirmed');
  expect(await value(page, '[data-testid=btc-confirmed]')).toBe(change);
  const status = (await (await fetch(`${devnet.esploraUrl}/tx/${txid}/status`)).json()) as { confirmed: boolean; block_height: number };
  expect(status.confirmed).toBe(true);
  const received = (await (await fetch(`${devnet.esploraUrl}/address/${to}/utxo`)).json()) as { txid: string; value: number; status: { confirmed: boolean } }[];
  expect(received).toContainEqual(expect.objectContaining({ txid, value: 120_000, status: expect.objectContaining({ confirmed: true }) }));
}

/** Lightning > Connect with the devnet's NWC string; back on the Lightning screen, connected. */
export async function connectNwc(page: Page, nwcUri: string, look: Look): Promise<void> {
  const d = puppeteerDriver(page);
  await d.click('[data-testid=nav-home]');
  await d.click('[data-testid=open-lightning]');
  await d.waitFor('[data-testid=lightning-screen]');
  await look('lightning');
  await d.click('[data-testid=ln-connect]');
  await d.waitFor('[data-testid=nwc-uri]');
  await look('nwc connect');
  await d.fill('[data-testid=nwc-uri]', nwcUri);
  await d.click('[data-testid=nwc-connect]');
  await d.waitFor('[data-testid=nwc-status][data-connected=true]', 30_000);
  await look('nwc connected');
  // The devnet wallet service announces NIP-44 in its info event.
  expect(await attr(page, '[data-testid=nwc-encryption]', 'data-encryption')).toBe('nip44_v2');
  await d.click('[data-testid=nwc-back]');
  await d.waitFor('[data-testid=ln-funding][data-connected=true]');
  await look('lightning connected');
}

/**
 * Pays a fresh LNURL-pay link of the devnet's lnurl-node through the review; the ledger shows
 * the service's invoice (the reviewed amount, committing to the link's metadata) settled by
 * the NWC wallet's node. Expects the Lightning screen, connected.
 */
export async function payLnurlThroughNwc(page: Page, devnet: LightningDevnet, look: Look): Promise<void> {
  const d = puppeteerDriver(page);
  const metadata = JSON.stringify([['text/plain', 'Firefox coffee']]);
  const link = await devnet.lnurl.createPayLink({ minSendable: 1000, maxSendable: 500_000, metadata, commentAllowed: 50, successAction: { tag: 'message', message: 'Enjoy!' } });
  const wallet = [...devnet.ledger.nodes.values()].find((n) => n.name === 'nwc-wallet')!;
  const invoicesBefore = new Set(devnet.ledger.invoices.keys());
  const commentsBefore = devnet.lnurl.comments.length;
  // The service's invoices for this link (its metadata's hash), issued while the flow ran.
  const descriptionHash = bytesToHex(sha256(utf8ToBytes(metadata)));
  const issued = () => [...devnet.ledger.invoices.values()].filter((i) => !invoicesBefore.has(i.paymentHash) && i.payee === devnet.lnurl.node.pubkey && i.descriptionHash === descriptionHash);

  await d.click('[data-testid=ln-pay]');
  await d.waitFor('[data-testid=ln-input]');
  await look('lightning paste');
  await d.fill('[data-testid=ln-input]', `lightning:${link.encoded}`);
  await d.waitFor('[data-testid=ln-continue]:not([disabled])');
  await d.click('[data-testid=ln-continue]');
  await d.waitFor('[data-testid=ln-pay-form]', 30_000);
  await look('lnurl pay form');
  expect(await value(page, '[data-testid=ln-pay-min]')).toBe(1000n);
  expect(await value(page, '[data-testid=ln-pay-max]')).toBe(500_000n);
  expect(await text(page, '[data-testid=ln-pay-description]')).toBe('Firefox coffee');

  await d.fill('[data-testid=ln-amount]', '21');
  await d.fill('[data-testid=ln-comment]', 'from Firefox');
  await d.click('[data-testid=ln-review]');
  await d.waitFor('[data-testid=ln-review-screen]', 30_000);
  await look('lnurl review');
  expect(await value(page, '[data-testid=ln-review-amount]')).toBe(21_000n);
  expect(await text(page, '[data-testid=ln-review-destination]')).toBe('127.0.0.1');
  expect(issued().filter((i) => i.state === 'settled')).toEqual([]); // nothing paid before the confirmation

  await d.click('[data-testid=ln-confirm-pay]');
  await d.waitFor('[data-testid=ln-paid]', 30_000);
  await look('lnurl paid');
  expect(await value(page, '[data-testid=ln-paid-amount]')).toBe(21_000n);
  expect(await text(page, '[data-testid=ln-success-action]')).toContain('Enjoy!');

  expect(devnet.lnurl.comments.slice(commentsBefore)).toContain('from Firefox');
  const settled = issued().filter((i) => i.state === 'settled');
  expect(settled).toEqual([expect.objectContaining({ amountMsat: 21_000n, paidBy: wallet.pubkey })]);
  // The NWC wallet's node paid it, the amount and the ledger's routing fee, once.
  expect(devnet.ledger.payments.filter((p) => p.paymentHash === settled[0]!.paymentHash)).toEqual([
    expect.objectContaining({ payer: wallet.pubkey, amountMsat: 21_000n, feeMsat: devnet.ledger.feeMsat }),
  ]);

  await d.click('[data-testid=ln-paid-done]');
  await d.waitFor('[data-testid=ln-activity] [data-status=confirmed]', 30_000);
  await look('lightning activity');
}

/**
 * A BTC -> Lightning move through Boltz's submarine swap, paying an invoice of the connected
 * NWC wallet: funded from the faucet, the hop completes; Boltz's book shows the swap claimed
 * (so our lockup is spent by Boltz's claim, which reveals the preimage) and the ledger shows
 * the wallet's invoice of what the route promised, settled. Blocks are mined by the caller.
 */
export async function moveBtcToLightning(page: Page, d: BoltzDevnets, look: Look): Promise<void> {
  const driver = puppeteerDriver(page);
  await driver.click('[data-testid=nav-home]');
  await driver.waitFor('[data-testid=address-bitcoin]');
  await d.bitcoin.faucet(await text(page, '[data-testid=address-bitcoin]'), 1_000_000n);
  const swapsBefore = new Set(d.boltz.swaps.keys());
  const settledBefore = new Set([...d.lightning.ledger.invoices.values()].filter((i) => i.state === 'settled').map((i) => i.paymentHash));

  await driver.click('[data-testid=nav-move]');
  await driver.waitFor('[data-testid=move-form]');
  await look('move');
  await driver.select('[data-testid=move-from]', 'bitcoin:BTC');
  await driver.select('[data-testid=move-to]', 'lightning:BTC');
  await driver.fill('[data-testid=move-amount]', '0.0005');
  await look('move form');
  await driver.click('[data-testid=move-plan]');
  const card = '[data-testid=route-boltz-submarine]';
  await driver.waitFor(`${card}[data-available=true]`, 60_000);
  await look('move routes');
  const receive = await value(page, `${card} [data-testid=route-receive]`);
  expect(receive).toBeGreaterThan(0n);
  expect(receive).toBeLessThan(50_000n);
  await driver.click(`${card} [data-testid=route-choose]`);
  await driver.waitFor('[data-testid=hop-progress]', 60_000);
  await look('hop progress');
  await driver.waitFor('[data-testid=hop-progress][data-outcome=completed]', 120_000);
  await look('hop completed');

  const swaps = [...d.boltz.swaps.values()].filter((s) => !swapsBefore.has(s.id));
  expect(swaps).toHaveLength(1);
  const swap = swaps[0]!;
  expect(swap).toMatchObject({ type: 'submarine', from: 'BTC', status: expect.objectContaining({ status: 'transaction.claimed' }) });
  expect(swap.claim?.txid).toMatch(/^[0-9a-f]{64}$/);
  const invoice = d.lightning.ledger.invoice(swap.preimageHash)!;
  expect(settledBefore.has(invoice.paymentHash)).toBe(false);
  expect(invoice).toMatchObject({ state: 'settled', amountMsat: receive * 1000n, paidBy: d.boltz.node.pubkey });
  // Boltz's claim of our lockup is on bcoin.
  const claim = (await (await fetch(`${d.bitcoin.esploraUrl}/tx/${swap.claim!.txid}`)).json()) as { txid: string };
  expect(claim.txid).toBe(swap.claim!.txid);
}
