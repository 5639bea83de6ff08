/**
 * The portfolio Home in Chromium on the devnet: after funding every layer, the total in
 * BTC terms is what the layers' own screens show, summed in sats; when one layer's server
 * goes away its row names the host and the error while the others keep their balances,
 * and Retry brings it back. The server that goes away is a loopback forwarder this file
 * starts in front of the shared anvil, so no devnet another file uses is stopped.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { BitcoinDevnet } from '../devnet/bitcoin';
import type { LightningDevnet } from '../devnet/lightning';
import type { LiquidDevnet } from '../devnet/liquid';
import type { Anvil } from '../devnet/rootstock/anvil';
import type { StacksDevnet } from '../devnet/stacks';
import type { LoadedExtension } from './chromium';
import { test } from './devnets';
import { openDevnetWallet } from './devnet-wallet';

const WEI_PER_SAT = 10_000_000_000n;

/** A TCP forwarder to `target` on a port of its own, which can go down and come back on the same port. */
class Forwarder {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly target: URL) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(Number(this.target.port), this.target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Down: the port refuses connections and open ones are cut. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
}

describe('Chromium: the portfolio Home on the devnet', () => {
  let bitcoin: BitcoinDevnet;
  let liquid: LiquidDevnet;
  let anvil: Anvil;
  let stacks: StacksDevnet;
  let lightning: LightningDevnet;
  let rsk: Forwarder;
  let ext: LoadedExtension;
  let page: Page;

  const value = async (selector: string) => BigInt((await page.getAttribute(selector, 'data-value'))!);
  const home = async () => {
    await page.click('[data-testid=nav-home]');
    await page.waitForSelector('[data-testid=portfolio]');
  };
  /** Home once no row is refreshing. */
  const settledHome = async () => {
    await home();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid^=refreshed-]')].every((e) => !/Refreshing/.test(e.textContent ?? '')), undefined, { timeout: 60_000 });
  };

  test.beforeAll(async ({ devnets }) => {
    [bitcoin, liquid, anvil, stacks, lightning] = await Promise.all([devnets.bitcoin(), devnets.liquid(), devnets.rootstock(), devnets.stacks(), devnets.lightning()]);
    rsk = new Forwarder(new URL(anvil.url));
    await rsk.start();
    ({ ext, page } = await openDevnetWallet({
      file: 'chromium-home',
      endpoints: [
        { layer: 'bitcoin', key: 'esplora', url: bitcoin.esploraUrl },
        { layer: 'liquid', key: 'esplora', url: liquid.url },
        { layer: 'rootstock', key: 'rpc', url: rsk.url },
        { layer: 'stacks', key: 'api', url: stacks.url },
      ],
      nwcUri: lightning.nwcUri,
    }));
    await home();
  });
  afterAll(async () => {
    await ext?.close();
    await rsk?.stop();
  });

  it('shows a total equal to the sum of what each layer screen shows after funding every layer', async () => {
    const address = async (layer: string) => (await page.textContent(`[data-testid=address-${layer}]`))!.trim();
    await page.waitForSelector('[data-testid=address-rootstock]');
    await bitcoin.faucet(await address('bitcoin'), 250_000n);
    await liquid.faucet(await address('liquid'), 1_000_000);
    liquid.mine();
    // 123 wei over a whole number of sats: the total counts whole sats and says what it left out.
    await anvil.fund(await address('rootstock'), 10n ** 16n + 123n);
    const stx = await address('stacks');
    stacks.credit(stx, 500_000_000n);
    stacks.mintSbtc(stx, 40_000n);

    // What each layer's own screen shows, in its own unit.
    await page.click('[data-testid=open-bitcoin]');
    const btc = await value('[data-testid=btc-confirmed][data-value="250000"]');
    await home();
    await page.click('[data-testid=open-liquid]');
    const lbtc = await value(`[data-testid=lq-balance-${liquid.policyAsset}][data-value="1000000"]`);
    await home();
    await page.click('[data-testid=open-rootstock]');
    const wei = await value(`[data-testid=rsk-confirmed][data-value="${10n ** 16n + 123n}"]`);
    await home();
    await page.click('[data-testid=open-stacks]');
    const sbtc = await value('[data-testid=stx-confirmed-sBTC][data-value="40000"]');
    await page.waitForSelector('[data-testid=stx-confirmed-STX][data-value="500000000"]');
    await home();
    await page.click('[data-testid=open-lightning]');
    const msat = await value('[data-testid=ln-balance]');
    expect(msat).toBeGreaterThan(0n);

    await settledHome();
    const expected = btc + lbtc + wei / WEI_PER_SAT + sbtc + msat / 1000n;
    expect(await value('[data-testid=portfolio-total]')).toBe(expected);
    expect(await page.$('[data-testid=portfolio-partial]')).toBeNull();
    expect(await page.textContent('[data-testid=portfolio-dropped]')).toContain('123 wei');
    // STX is listed apart, not counted.
    expect(await page.textContent('[data-testid=portfolio-others]')).toContain('500 STX');
    // The shares fill the bar exactly, each in proportion.
    const bps = await page.$$eval('[data-testid^=share-]:not([data-testid=share-bar])', (els) => els.map((e) => [e.getAttribute('data-testid'), e.getAttribute('data-bps')] as const));
    expect(bps.reduce((s, [, b]) => s + BigInt(b!), 0n)).toBe(10_000n);
    const share = Object.fromEntries(bps.map(([id, b]) => [id!.replace('share-', ''), BigInt(b!)]));
    expect(share.rootstock! * expected - (wei / WEI_PER_SAT) * 10_000n < expected).toBe(true);
    // Each row: the balance lines as the layer screen shows them, and when it was refreshed.
    expect(await value('[data-testid=balance-bitcoin] [data-value]')).toBe(btc);
    expect((await page.innerText('[data-testid=balance-stacks]')).split('\n').map((l) => l.trim())).toEqual(['500 STX', '0.0004 sBTC']);
    expect(await page.textContent('[data-testid=refreshed-bitcoin]')).toMatch(/Refreshed at/);
  });

  it("names the failed server's host and error on its row, keeps the others, and Retry recovers it", async () => {
    const before = await value('[data-testid=portfolio-total]');
    const rskSats = (await value('[data-testid=balance-rootstock] [data-value]')) / WEI_PER_SAT;
    await rsk.stop();
    // Home refreshes every layer when it opens.
    await page.click('[data-testid=nav-settings]');
    await settledHome();
    await page.waitForSelector('[data-testid=layer-error-rootstock]');
    expect(await page.getAttribute('[data-testid=layer-error-rootstock]', 'data-host')).toBe(`127.0.0.1:${rsk.port}`);
    const text = await page.textContent('[data-testid=layer-error-rootstock]');
    expect(text).toContain(`127.0.0.1:${rsk.port}`);
    expect(text).toMatch(/Cannot reach|did not answer/);
    // The others still show their balances, with no error.
    for (const layer of ['bitcoin', 'liquid', 'stacks', 'lightning']) {
      await page.waitForSelector(`[data-testid=balance-${layer}] [data-value]`);
      expect(await page.$(`[data-testid=layer-error-${layer}]`)).toBeNull();
    }
    // The total leaves Rootstock out and says so.
    expect(await page.getAttribute('[data-testid=portfolio-partial]', 'data-missing')).toBe('rootstock');
    expect(await value('[data-testid=portfolio-total]')).toBe(before - rskSats);

    await rsk.start();
    await page.click('[data-testid=retry-rootstock]');
    await page.waitForSelector('[data-testid=layer-error-rootstock]', { state: 'detached', timeout: 30_000 });
    await page.waitForSelector('[data-testid=portfolio-partial]', { state: 'detached' });
    expect(await value('[data-testid=portfolio-total]')).toBe(before);
  });
});
