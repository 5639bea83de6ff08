/**
 * A move whose counterparty never pays, followed from Home in the real extension: a
 * BTC -> Lightning submarine swap with the devnet Boltz told to fail the payment and to
 * refuse the cooperative refund (tests/devnet/boltz misbehave). Home's refund clock
 * counts the blocks down as bcoin mines them; at Boltz's timeout a Refund button
 * appears, and confirming it sends the lockup back by the refund leaf (the hop ends
 * refunded, the BTC is back in the wallet less the two miner fees).
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BoltzDevnets } from './devnets';
import type { LoadedExtension } from './chromium';
import { test } from './devnets';
import { openDevnetWallet } from './devnet-wallet';

describe('Chromium: the refund clock of a move Boltz never pays', () => {
  let d: BoltzDevnets;
  let ext: LoadedExtension;
  let page: Page;

  test.beforeAll(async ({ devnets }) => {
    d = await devnets.boltz();
    ({ ext, page } = await openDevnetWallet({
      file: 'chromium-refund-clock',
      endpoints: [
        { layer: 'bitcoin', key: 'esplora', url: d.bitcoin.esploraUrl },
        { layer: 'bitcoin', key: 'explorer', url: d.bitcoin.url },
        { layer: 'bitcoin', key: 'boltz', url: d.boltz.url },
      ],
      // The invoice Boltz is to pay comes from the connected wallet (the devnet's NWC service).
      nwcUri: d.lightning.nwcUri,
    }));
  }, 180_000);
  afterAll(async () => {
    d?.boltz.misbehave({});
    await ext?.close();
  });

  /** The Bitcoin screen's confirmed balance once `ok` holds for it, opening the screen afresh until it does. */
  const btcBalance = async (ok: (sats: bigint) => boolean): Promise<bigint> => {
    const until = Date.now() + 60_000;
    for (;;) {
      await page.click('[data-testid=nav-home]');
      await page.click('[data-testid=open-bitcoin]');
      const sats = BigInt((await (await page.waitForSelector('[data-testid=btc-confirmed]')).getAttribute('data-value'))!);
      if (ok(sats) || Date.now() > until) return sats;
      await page.waitForTimeout(1_000);
    }
  };

  it('counts down as blocks are mined, then offers Refund, which brings the BTC back', async () => {
    const address = (await page.textContent('[data-testid=address-bitcoin]'))!.trim();
    await d.bitcoin.faucet(address, 1_000_000n);
    await d.bitcoin.mine(1);
    const before = await btcBalance((sats) => sats >= 1_000_000n);
    expect(before).toBeGreaterThanOrEqual(1_000_000n);

    // Swaps created now: Boltz fails to pay the invoice and will not co-sign a refund.
    d.boltz.misbehave({ failPayment: true, refuseCooperation: true });
    try {
      await page.click('[data-testid=nav-move]');
      await page.waitForSelector('[data-testid=move-screen]');
      await page.selectOption('[data-testid=move-from]', 'bitcoin:BTC');
      await page.selectOption('[data-testid=move-to]', 'lightning:BTC');
      await page.fill('[data-testid=move-amount]', '0.0005');
      await page.click('[data-testid=move-plan]');
      const card = await page.waitForSelector('[data-testid=route-boltz-submarine][data-available=true]');
      await (await card.$('[data-testid=route-choose]'))!.click();
      await page.waitForSelector('[data-testid=hop-progress] [data-testid=step-fund][data-status=done]', { timeout: 60_000 });
    } finally {
      // Only the swap just made misbehaves (its record keeps the setting); later ones of other files are honest.
      d.boltz.misbehave({});
    }
    // Boltz takes the lockup once it confirms, fails to pay, declines to sign: the hop waits for the timeout.
    await d.bitcoin.mine(1);
    await page.waitForSelector('[data-testid=hop-progress][data-state=refunding]', { timeout: 60_000 });
    // Not before the timeout: no Refund on the hop's page either.
    expect(await page.$('[data-testid=hop-progress] [data-testid=hop-refund]')).toBeNull();

    await page.click('[data-testid=nav-home]');
    const clock = '[data-testid=home-moves] [data-testid=refund-clock]';
    await page.waitForSelector(`${clock}[data-now=false][data-layer=bitcoin]`, { timeout: 30_000 });
    // The clock counts to the height from which the refund leaf can be spent, against the chain's tip (read a few seconds late at most).
    const atHeight = Number(await page.getAttribute(clock, 'data-at-height'));
    // The same height the hop's own refund step waits for (what it waits for, shown on Home).
    expect(await page.textContent('[data-testid=home-moves] [data-testid=move-waits]')).toContain(`block ${atHeight}`);
    const chainTip = async () => Number(await (await fetch(`${d.bitcoin.esploraUrl}/blocks/tip/height`)).text());
    const start = atHeight - (await chainTip());
    await page.waitForSelector(`${clock}[data-blocks-left="${start}"]`, { timeout: 30_000 });
    expect(start).toBeGreaterThan(3);
    expect(await page.textContent(clock)).toMatch(new RegExp(`${start} blocks on Bitcoin`));
    expect(await page.$(`${clock} [data-testid=hop-refund]`)).toBeNull();

    // The clock follows the chain: two blocks mined, two blocks fewer.
    await d.bitcoin.mine(2);
    await page.waitForSelector(`${clock}[data-blocks-left="${start - 2}"]`, { timeout: 30_000 });

    // The timeout reached: the refund leaf can be spent, and Refund appears, behind a confirmation.
    await d.bitcoin.mine(start - 2);
    await page.waitForSelector(`${clock}[data-now=true]`, { timeout: 30_000 });
    await page.click(`${clock} [data-testid=hop-refund]`);
    await page.waitForSelector(`${clock} [data-testid=hop-refund-confirming]`);
    await page.click(`${clock} [data-testid=hop-refund-confirm]`);
    // Refunded: no longer a move in progress.
    await page.waitForSelector('[data-testid=home-moves]', { state: 'detached', timeout: 60_000 });

    await page.click('[data-testid=nav-move]');
    const row = await page.waitForSelector('[data-testid^=hop-hop-][data-outcome=refunded]', { timeout: 30_000 });
    await (await row.$('[data-testid=hop-open]'))!.click();
    const href = (await page.getAttribute('[data-testid=step-refund][data-status=done] a', 'href'))!;
    const refundTxid = href.split('/tx/')[1]!;
    expect(refundTxid).toMatch(/^[0-9a-f]{64}$/);
    // Boltz refused to sign: the refund took the script path (signature, leaf, control block).
    const tx = (await (await fetch(`${d.bitcoin.esploraUrl}/tx/${refundTxid}`)).json()) as { vin: { witness: string[] }[] };
    expect(tx.vin[0]!.witness.length).toBe(3);

    await d.bitcoin.mine(1);
    const after = await btcBalance((sats) => sats > before - 50_000n);
    // Back less the lockup's and the refund's miner fees.
    expect(after).toBeLessThan(before);
    expect(before - after).toBeLessThan(10_000n);
  }, 240_000);
});
