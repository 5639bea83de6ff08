/**
 * The sBTC deposit's reclaim state against bcoin's own rule (BIP68): one block before
 * the state says "now", the reclaim the wallet would sign is refused by the node; at
 * that block, the reclaim asked for by hand goes through. Signers that never sweep
 * (the stand-in refusing) leave the deposit to be reclaimed.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HopEngine } from '../../../../src/hops/engine';
import type { HopContext } from '../../../../src/hops/mechanism';
import { HopStore } from '../../../../src/hops/records';
import { sbtcDeposit } from '../../../../src/hops/sbtc';
import { buildReclaim } from '../../../../src/hops/sbtc/reclaim';
import type { AssetRef, HopRecord } from '../../../../src/hops/types';
import { bitcoinNetwork } from '../../../../src/layers/bitcoin/keys';
import { SBTC_DEVNET_DEPLOYER } from '../../../../src/shared/networks';
import { startBitcoinDevnet, type BitcoinDevnet } from '../../../devnet/bitcoin';
import { startSbtcDevnet, type SbtcDevnet } from '../../../devnet/sbtc';
import { hopWallet } from '../../../helpers/hop-context';
import { ABANDON } from '../../../helpers/layer-deps';

const BTC: AssetRef = { layer: 'bitcoin', asset: 'BTC' };
const SBTC: AssetRef = { layer: 'stacks', asset: 'sBTC' };

let bitcoin: BitcoinDevnet;
let sbtc: SbtcDevnet;

beforeAll(async () => {
  bitcoin = await startBitcoinDevnet();
  sbtc = await startSbtcDevnet({ bitcoin, deployer: SBTC_DEVNET_DEPLOYER, pollMs: 60_000, mint: async () => `0x${'11'.repeat(32)}` });
  sbtc.setRefuse(true);
}, 120_000);
afterAll(async () => {
  await sbtc?.stop();
  await bitcoin?.stop();
});

/** The context an hour later each time: the tip kept for a few seconds is read again after a block. */
let later = 0;
const fresh = (ctx: HopContext): HopContext => ({ ...ctx, now: () => Date.now() + ++later * 3_600_000 });

describe('sBTC deposit reclaim state against the node', () => {
  it('says "now" exactly from the first block in which bcoin accepts the reclaim', async () => {
    const w = hopWallet({
      mnemonic: ABANDON,
      endpoints: { 'bitcoin.esplora': bitcoin.esploraUrl, 'bitcoin.explorer': bitcoin.url, 'stacks.api': sbtc.url, 'stacks.emily': sbtc.url },
    });
    await bitcoin.faucet((await w.bitcoin.receive()).address, 1_000_000n);
    const engine = new HopEngine([sbtcDeposit], new HopStore(w.store));
    const hop = await engine.start(w.ctx, (await engine.plan(w.ctx, BTC, SBTC, 100_000n)).routes[0]!);
    await bitcoin.mine(1);
    const funded = (await engine.advance(w.ctx, hop.id)) as HopRecord<'sbtc-deposit'>;
    const d = funded.data;
    expect(d.fundingHeight).toBeGreaterThan(0);

    const state = await engine.refundState(fresh(w.ctx), funded);
    expect(state).toMatchObject({ now: false, layer: 'bitcoin', action: 'reclaim', atHeight: d.fundingHeight! + d.lockTime - 1 });
    const atHeight = state!.atHeight!;
    // One block short: the state says not yet, and the node agrees (BIP68).
    const tip = async () => Number(await (await fetch(`${bitcoin.esploraUrl}/blocks/tip/height`)).text());
    await bitcoin.mine(atHeight - 1 - (await tip()));
    expect(await tip()).toBe(atHeight - 1);
    expect(await engine.refundState(fresh(w.ctx), funded)).toMatchObject({ now: false, tip: atHeight - 1 });
    const early = buildReclaim({
      fundingTxid: d.fundingTxid!,
      fundingVout: d.fundingVout!,
      amount: 100_000n,
      depositAddress: d.depositAddress,
      reclaimScript: hexToBytes(d.reclaimScript),
      controlBlock: hexToBytes(d.reclaimControlBlock),
      lockTime: d.lockTime,
      to: (await w.bitcoin.receive()).address,
      feeRate: 2_000n,
      privateKey: w.ctx.keys.at(hop.index).privateKey,
      network: bitcoinNetwork(w.ctx.presets.bitcoin.params),
    });
    const res = await fetch(`${bitcoin.esploraUrl}/tx`, { method: 'POST', body: early.hex });
    expect(res.ok).toBe(false);
    expect(await res.text()).toMatch(/BIP68|non-final|sequence/i);

    // The next block: "now", and the reclaim asked for by hand is accepted.
    await bitcoin.mine(1);
    expect(await engine.refundState(fresh(w.ctx), funded)).toMatchObject({ now: true, tip: atHeight });
    const reclaiming = await engine.refund(w.ctx, hop.id);
    expect(reclaiming.state).toBe('reclaiming');
    const txid = (reclaiming.data as { reclaimTxid: string }).reclaimTxid;
    expect((await fetch(`${bitcoin.esploraUrl}/tx/${txid}`)).ok).toBe(true);
    // Being reclaimed: no refund to offer any more.
    expect(await engine.refundState(fresh(w.ctx), reclaiming)).toBeNull();
  });
});
