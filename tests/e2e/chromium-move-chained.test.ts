/**
 * Chained moves through the popup's Move screen in the real extension, on the devnets:
 * sBTC → BTC → Lightning (an sBTC withdrawal, then a Boltz submarine swap paying an
 * LNURL-pay link) and RBTC → BTC → L-BTC (two Boltz chain swaps). The second leg
 * starts by itself once the first delivered; every amount is read on the devnets.
 *
 * Boltz and the sBTC signers must act on the same Bitcoin chain, so this file starts
 * its own Stacks stand-in and sBTC signers over Boltz's bcoin (stopped in afterAll).
 */
import { mnemonicToSeedSync } from '../helpers/bip39-seed';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { slip77MasterBlindingKey } from '../../src/layers/liquid/keys';
import { LiquidService } from '../../src/layers/liquid/service';
import { SBTC_DEVNET_DEPLOYER } from '../../src/shared/networks';
import { startSbtcDevnet, type SbtcDevnet } from '../devnet/sbtc';
import { startStacksDevnet, type StacksDevnet } from '../devnet/stacks';
import { testDeps } from '../helpers/layer-deps';
import { launchExtension, type LoadedExtension } from './chromium';
import { useDevnet } from './devnet-settings';
import { phraseFor, test, type BoltzDevnets } from './devnets';
import {
  importWalletThroughPopup,
  planMove,
  playwrightDriver,
  readAddresses,
  readChainProgress,
  readChainedRoutes,
  readMoveLists,
  readRouteMatrix,
  startChainedRoute,
  waitForChainStatus,
  type ChainedRouteReview,
  type Driver,
} from './popup-flows';

const PHRASE = phraseFor('chromium-move-chained');
const WEI_PER_SAT = 10n ** 10n;

describe('Chromium: chained moves through the popup on the devnets', () => {
  let d: BoltzDevnets;
  let stacks: StacksDevnet;
  let sbtc: SbtcDevnet;
  let ext: LoadedExtension;
  let page: Page;
  let drive: Driver;
  let addresses: Record<string, string>;
  let mining = true;
  let miner: Promise<void> = Promise.resolve();

  test.beforeAll(async ({ devnets }) => {
    d = await devnets.boltz();
    // Stacks and the signers of this file, paying withdrawals on Boltz's Bitcoin chain.
    stacks = await startStacksDevnet({ deployer: SBTC_DEVNET_DEPLOYER });
    sbtc = await startSbtcDevnet({
      bitcoin: d.bitcoin,
      stacks,
      deployer: SBTC_DEVNET_DEPLOYER,
      pollMs: 2 ** 31 - 1,
      mint: async (recipient, sats) => stacks.mintSbtc(recipient, sats),
    });
    sbtc.mountRegistry(stacks.server);
    ext = await launchExtension();
    page = await ext.openPopup();
    drive = playwrightDriver(page);
    await importWalletThroughPopup(drive, PHRASE);
    await useDevnet(drive, [
      { layer: 'bitcoin', key: 'esplora', url: d.bitcoin.esploraUrl },
      { layer: 'bitcoin', key: 'explorer', url: d.bitcoin.url },
      { layer: 'bitcoin', key: 'boltz', url: d.boltz.url },
      { layer: 'stacks', key: 'api', url: stacks.url },
      { layer: 'stacks', key: 'emily', url: sbtc.url },
      { layer: 'liquid', key: 'esplora', url: d.liquid.url },
      { layer: 'liquid', key: 'explorer', url: d.liquid.origin },
      { layer: 'rootstock', key: 'rpc', url: d.rootstock.url },
      { layer: 'lightning', key: 'journalRelay', url: d.lightning.relayUrl },
    ]);
    addresses = await readAddresses(drive);
    miner = mine();
  }, 240_000);

  afterAll(async () => {
    mining = false;
    await miner;
    await ext?.close();
    await sbtc?.stop();
    await stacks?.stop();
  });

  /**
   * The chains run as on a live network: a Bitcoin or Liquid block soon after a transaction
   * arrives (and every 10 s anyway), Stacks blocks and a signers' pass every 2 s.
   * Mining only on demand keeps Boltz's timeouts (18–40 blocks) far off while the popup works.
   */
  async function mine(): Promise<void> {
    let quiet = 0;
    while (mining) {
      await new Promise((r) => setTimeout(r, 2_000));
      if (!mining) break;
      quiet++;
      const btcPending = (d.bitcoin.node.node as { mempool: { map: { size: number } } }).mempool.map.size > 0;
      const lqPending = [...d.liquid.state.txs.values()].some((t) => !t.status.confirmed);
      const idle = quiet >= 5;
      if (idle) quiet = 0;
      stacks.mine();
      await Promise.all([
        btcPending || idle ? d.bitcoin.mine(1) : undefined,
        lqPending || idle ? d.liquid.mine(1) : undefined,
        idle ? d.rootstock.mine(1) : undefined,
        sbtc.pass(),
      ]).catch(() => undefined);
    }
  }

  /** The chained route through `via` (`layer:asset`), by these mechanisms when given, as the review shows it. */
  async function chainedVia(via: string, mechanisms?: string[]): Promise<ChainedRouteReview> {
    const routes = await readChainedRoutes(drive);
    const route = routes.find((r) => r.path.slice(1, -1).join(' ') === via && (!mechanisms || r.legs.map((l) => l.mechanism).join(' ') === mechanisms.join(' ')));
    expect(route, `chained routes shown: ${routes.map((r) => `${r.path.join('→')} ${r.reason}`).join('; ')}`).toBeDefined();
    return route!;
  }

  /** Each leg's send and receive as the chain's page shows them (the legs' hops once started). */
  async function legAmounts(): Promise<{ send: bigint; receive: bigint }[]> {
    const legs = '[data-testid=chain-progress] [data-testid=chain-progress-legs] > [data-testid^=chain-leg-]';
    const sends = await drive.attrs(`${legs} [data-testid=leg-send]`, 'data-value');
    const receives = await drive.attrs(`${legs} [data-testid=leg-receive]`, 'data-value');
    return sends.map((s, i) => ({ send: BigInt(s), receive: BigInt(receives[i]!) }));
  }

  /** Waits for the open chain's status; on a timeout, says where the chain, its legs and the devnets were. */
  async function waitChain(status: string, timeoutMs: number): Promise<void> {
    try {
      await waitForChainStatus(drive, status, timeoutMs);
    } catch (err) {
      const shown = await page.textContent('[data-testid=chain-progress]').catch(() => '(no chain page)');
      const stored = await ext.context.serviceWorkers()[0]!.evaluate(() => (globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<Record<string, unknown>> } } } }).chrome.storage.local.get(null)).catch((e: Error) => e.message);
      const records = typeof stored === 'string' ? stored : JSON.stringify(Object.fromEntries(Object.entries(stored).filter(([k]) => /hop|chain/i.test(k))));
      const swaps = [...d.boltz.swaps.values()].map((s) => `${s.id} ${s.type} ${s.status.status} ${s.lastError ?? ''}`);
      const withdrawals = [...sbtc.withdrawals.values()].map((w) => `${w.requestId} ${w.status} ${w.statusMessage}`);
      throw new Error(`${(err as Error).message}\npage: ${shown}\nstored: ${records}\nswaps: ${swaps.join('; ')}\nwithdrawals: ${withdrawals.join('; ')}`);
    }
  }

  it('sBTC → Lightning: the review shows the withdrawal then the submarine swap; the chain pays the LNURL-pay link what its last leg delivers', async () => {
    const stx = addresses.stacks!;
    stacks.credit(stx, 100_000_000n);
    stacks.mintSbtc(stx, 300_000n);
    stacks.mine();
    const link = await d.lightning.lnurl.createPayLink({ minSendable: 1_000, maxSendable: 1_000_000_000, metadata: JSON.stringify([['text/plain', 'Chained e2e']]) });
    const withdrawalsBefore = new Set(sbtc.withdrawals.keys());
    const swapsBefore = new Set(d.boltz.swaps.keys());

    await planMove(drive, 'stacks:sBTC', 'lightning:BTC', '0.002', link.encoded);
    const route = await chainedVia('bitcoin:BTC');
    expect(route.available, route.reason).toBe(true);
    expect(route.path).toEqual(['stacks:sBTC', 'bitcoin:BTC', 'lightning:BTC']);
    expect(route.pathText).toMatch(/sBTC.*BTC.*Lightning/);
    expect(route.legs.map((l) => [l.mechanism, l.counterparty])).toEqual([
      ['sbtc-withdrawal', 'sBTC signers'],
      ['boltz-submarine', `Boltz (${new URL(d.boltz.url).host})`],
    ]);
    expect(route.send).toBe(200_000n);
    expect(route.legs[0]!.send).toBe(200_000n);
    // The second leg spends what the first delivers, less a reserve for its Bitcoin funding fee.
    expect(route.legs[1]!.send).toBeLessThan(route.legs[0]!.receive);
    expect(route.receive).toBe(route.legs[1]!.receive);
    expect(route.receive).toBeLessThan(route.send);
    expect(route.minReceive).toBeLessThan(route.receive);
    expect(route.costBps).toBe(Number(((route.send - route.receive) * 10_000n) / route.send));
    expect(route.costText).toMatch(/%/);
    expect(route.worstCase).toHaveLength(2);

    const sbtcBefore = stacks.sbtcBalance(stx);
    const stxBefore = stacks.stx(stx);
    const chainId = await startChainedRoute(drive, route.quoteId);
    expect(chainId).toMatch(/^chain-/);

    // Leg 0: the withdrawal request locks the amount plus the signers' maximum fee, nothing more.
    await expect.poll(() => [...sbtc.withdrawals.keys()].filter((k) => !withdrawalsBefore.has(k)).length, { timeout: 60_000 }).toBe(1);
    const withdrawal = [...sbtc.withdrawals.values()].find((w) => !withdrawalsBefore.has(w.requestId))!;
    expect(withdrawal).toMatchObject({ amount: 200_000, sender: stx });
    const locked = sbtcBefore - stacks.sbtcBalance(stx);
    expect(locked).toBe(200_000n + BigInt(withdrawal.parameters.maxFee));
    const stxFee = stxBefore - stacks.stx(stx);
    expect(stxFee).toBeGreaterThan(0n);
    expect(stxFee).toBeLessThanOrEqual(1_000_000n);

    // The signers pay the amount on Boltz's Bitcoin chain; the second leg starts by itself and pays the link.
    await waitChain('completed', 240_000);
    expect(withdrawal.status).toBe('confirmed');
    const payout = (await (await fetch(`${d.bitcoin.esploraUrl}/tx/${withdrawal.fulfillment!.BitcoinTxid}`)).json()) as {
      vout: { scriptpubkey: string; scriptpubkey_address: string; value: number }[];
    };
    const paid = payout.vout.find((o) => o.scriptpubkey === withdrawal.recipient)!;
    expect(BigInt(paid.value)).toBe(200_000n);

    const progress = await readChainProgress(drive);
    expect(progress).toMatchObject({ id: chainId, status: 'completed' });
    expect(progress.legs.map((l) => l.outcome)).toEqual(['completed', 'completed']);
    const [leg0, leg1] = await legAmounts();
    expect(leg0).toEqual({ send: 200_000n, receive: 200_000n });
    expect(leg1!.send).toBeLessThan(leg0!.receive);
    expect(leg1!.receive).toBeGreaterThanOrEqual(route.minReceive);

    // Boltz's one new swap is the submarine swap funded from the BTC the signers paid us.
    const swaps = [...d.boltz.swaps.values()].filter((s) => !swapsBefore.has(s.id));
    expect(swaps.map((s) => [s.type, s.from, s.to])).toEqual([['submarine', 'BTC', 'BTC']]);
    const lockup = swaps[0]!.userLock as { lockup?: { txid: string; amount: bigint } };
    const lockTx = (await (await fetch(`${d.bitcoin.esploraUrl}/tx/${lockup.lockup!.txid}`)).json()) as { vin: { prevout: { scriptpubkey_address: string } }[] };
    expect(lockTx.vin.map((v) => v.prevout.scriptpubkey_address)).toContain(paid.scriptpubkey_address);
    expect(lockup.lockup!.amount).toBe(leg1!.send);

    // The link's node was paid exactly what the last leg delivers.
    const settled = [...d.lightning.ledger.invoices.values()].filter((i) => i.invoice === swaps[0]!.invoice);
    expect(settled.map((i) => [i.payee, i.state, i.amountMsat])).toEqual([[d.lightning.lnurl.node.pubkey, 'settled', leg1!.receive * 1000n]]);
    expect(leg1!.receive).toBe(BigInt(swaps[0]!.invoiceAmount!));
  }, 300_000);

  it('RBTC → L-BTC: the review shows two chain swaps through BTC; RBTC locked, L-BTC claimed to our Liquid address; the chain lists its legs once', async () => {
    const rsk = addresses.rootstock!.toLowerCase();
    await d.rootstock.fund(rsk, 10n ** 16n);
    const rbtc = async () => BigInt(await d.rootstock.rpc<string>('eth_getBalance', [rsk, 'latest']));
    const seed = mnemonicToSeedSync(PHRASE);
    const liquid = new LiquidService(testDeps('liquid', 'devnet', { esplora: d.liquid.url }, PHRASE), slip77MasterBlindingKey(seed));
    const lbtc = async () => {
      const b = (await liquid.overview()).balances.find((x) => x.asset === d.liquid.policyAsset);
      return b ? BigInt(b.confirmed) + BigInt(b.pending) : 0n;
    };
    const swapsBefore = new Set(d.boltz.swaps.keys());

    // The top bar's Move keeps a chain's page open; through Home the Move screen starts on its form.
    await drive.click('[data-testid=nav-home]');
    await planMove(drive, 'rootstock:RBTC', 'liquid:L-BTC', '0.002');
    // The test follows the chain of two Boltz chain swaps through BTC, whatever else is listed.
    const route = await chainedVia('bitcoin:BTC', ['boltz-chain', 'boltz-chain']);
    expect(route.available, route.reason).toBe(true);
    expect(route.path).toEqual(['rootstock:RBTC', 'bitcoin:BTC', 'liquid:L-BTC']);
    expect(route.pathText).toMatch(/RBTC.*BTC.*L-BTC/);
    const boltz = `Boltz (${new URL(d.boltz.url).host})`;
    expect(route.legs.map((l) => l.counterparty)).toEqual([boltz, boltz]);
    expect(route.send).toBe(200_000n * WEI_PER_SAT);
    expect(route.legs[0]!.send).toBe(route.send);
    // Leg 2 locks what leg 1's claim delivers less the wallet's fee to fund that lockup.
    expect(route.legs[1]!.send).toBeLessThan(route.legs[0]!.receive);
    expect(route.receive).toBe(route.legs[1]!.receive);
    expect(route.costBps).toBe(Number(((route.send / WEI_PER_SAT - route.receive) * 10_000n) / (route.send / WEI_PER_SAT)));
    expect(route.worstCase).toHaveLength(2);

    const [rbtcBefore, lbtcBefore] = await Promise.all([rbtc(), lbtc()]);
    const chainId = await startChainedRoute(drive, route.quoteId);
    await waitChain('completed', 240_000);

    const progress = await readChainProgress(drive);
    expect(progress).toMatchObject({ id: chainId, status: 'completed' });
    expect(progress.legs.map((l) => [l.outcome, l.counterparty])).toEqual([
      ['completed', boltz],
      ['completed', boltz],
    ]);
    const [leg0, leg1] = await legAmounts();
    expect(leg0!.send).toBe(route.send);
    expect(leg1!.send).toBeLessThan(leg0!.receive);
    expect(leg1!.receive).toBeGreaterThanOrEqual(route.minReceive);

    // Boltz saw two chain swaps: our RBTC lock for its BTC, then our BTC lock for its L-BTC.
    const swaps = [...d.boltz.swaps.values()].filter((x) => !swapsBefore.has(x.id));
    expect(swaps.map((x) => [x.type, x.from, x.to, x.status.status])).toEqual([
      ['chain', 'RBTC', 'BTC', 'transaction.claimed'],
      ['chain', 'BTC', 'L-BTC', 'transaction.claimed'],
    ]);
    expect(swaps[0]!.userLock!.amount * WEI_PER_SAT).toBe(leg0!.send);
    expect(swaps[1]!.userLock!.amount).toBe(leg1!.send);

    // RBTC spent: the lock and its gas (under the 0.001 RBTC cap), nothing more.
    const spent = rbtcBefore - (await rbtc());
    expect(spent).toBeGreaterThan(leg0!.send);
    expect(spent).toBeLessThan(leg0!.send + 10n ** 15n);
    // L-BTC arrived at our Liquid address, unblinded with our own keys: Boltz's lockup less our claim's fee
    // (the wallet's rate, not the claim fee Boltz's quote took out), so within a few hundred sats of what leg 2 said.
    const arrived = (await lbtc()) - lbtcBefore;
    expect(arrived).toBeLessThan(swaps[1]!.serverLock!.amount);
    expect(arrived).toBeGreaterThan(swaps[1]!.serverLock!.amount - 1_000n);
    expect(arrived).toBeGreaterThan(leg1!.receive - 1_000n);

    // The Move screen lists the chain once, completed, and none of its legs' hops on their own.
    await drive.click('[data-testid=chain-back]');
    const lists = await readMoveLists(drive);
    expect(lists.chains.filter((c) => c.id === chainId)).toEqual([{ id: chainId, status: 'completed' }]);
    expect(lists.hops.filter((h) => progress.legs.some((l) => l.hopId === h))).toEqual([]);
    expect(progress.legs.map((l) => l.hopId)).toEqual([`${chainId}-leg0`, `${chainId}-leg1`]);
  }, 300_000);

  it('the route matrix shows all 20 pairs with a route: sBTC → Lightning chained, RBTC → L-BTC and BTC → Lightning direct', async () => {
    await drive.click('[data-testid=nav-home]');
    await drive.click('[data-testid=nav-move]');
    const cells = await readRouteMatrix(drive);
    expect(cells).toHaveLength(20);
    expect(new Set(cells.map((c) => `${c.from}>${c.to}`)).size).toBe(20);
    expect(cells.every((c) => c.from !== c.to)).toBe(true);
    const kind = (from: string, to: string) => cells.find((c) => c.from === from && c.to === to)?.kind;
    expect(kind('stacks:sBTC', 'lightning:BTC')).toBe('chained');
    // Boltz's RBTC / L-BTC chain swap connects them directly; the test above took the chained route through BTC by choice.
    expect(kind('rootstock:RBTC', 'liquid:L-BTC')).toBe('direct');
    expect(cells.every((c) => c.kind !== 'none')).toBe(true);
    expect(kind('bitcoin:BTC', 'lightning:BTC')).toBe('direct');
  }, 120_000);
});
