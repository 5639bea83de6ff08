/**
 * StacksService against the devnet stand-in (tests/devnet/stacks), which checks
 * every broadcast on its own: signature recovered with @noble, network, nonce,
 * balance, post-conditions. Balances and transactions are read back from the
 * stand-in's state, not from the wallet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deserializeTransaction } from '@stacks/transactions';
import { StacksService } from '../../../../src/layers/stacks/service';
import { WalletError } from '../../../../src/shared/errors';
import { signTransfer } from '../../../../src/layers/stacks/transfer';
import { findAsset } from '../../../../src/layers/stacks/assets';
import { parsePrincipal } from '../../../../src/layers/stacks/address';
import { SBTC_DEVNET_DEPLOYER } from '../../../../src/shared/networks';
import { startStacksDevnet, type StacksDevnet } from '../../../devnet/stacks';
import { generateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import type { HiroNonces } from '../../../../src/layers/stacks/hiro-types';
import { ABANDON, testDeps } from '../../../helpers/layer-deps';

const STX = 1_000_000n;
const FRIEND = 'ST2CY5V39NHDPWSXMW9QDT3HC3GD6Q6XX4CFRK9AG';

let devnet: StacksDevnet;
beforeAll(async () => {
  devnet = await startStacksDevnet({ deployer: SBTC_DEVNET_DEPLOYER });
});
afterAll(async () => devnet?.stop());

const wallet = (mnemonic = ABANDON) => {
  const deps = testDeps('stacks', 'devnet', { api: devnet.url }, mnemonic);
  return { deps, svc: new StacksService(deps) };
};
/** A new account holding `stx` micro-STX, so a test's nonces start at 0. */
const freshWallet = (stx = 10n * STX) => {
  const w = wallet(generateMnemonic(wordlist));
  devnet.credit(w.svc.address, stx);
  return w;
};
const postTx = (hex: string) => fetch(`${devnet.url}/v2/transactions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tx: hex }) });
const nonces = async (address: string) => (await (await fetch(`${devnet.url}/extended/v1/address/${address}/nonces`)).json()) as HiroNonces;
/** Signs an STX transfer with the wallet's key outside the wallet, as another wallet holding the same phrase would. */
const signElsewhere = async ({ svc, deps }: ReturnType<typeof wallet>, nonce: bigint, fee = 300n, amount = 1n) =>
  signTransfer(
    { asset: findAsset(deps.preset.params, 'STX'), sender: svc.address, recipient: parsePrincipal(FRIEND, { allowContract: false }), amount, nonce, fee },
    deps.root.derive(svc.path).privateKey!,
  );

describe('Stacks on the devnet', () => {
  it('shows STX and sBTC balances from the API', async () => {
    const { svc } = wallet();
    expect(svc.address).toMatch(/^ST[0-9A-Z]{37,39}$/);
    devnet.credit(svc.address, 10n * STX);
    devnet.mintSbtc(svc.address, 50_000n);
    const o = await svc.overview();
    expect(o.balances).toEqual([
      expect.objectContaining({ asset: 'STX', confirmed: String(10n * STX), pending: '0' }),
      expect.objectContaining({ asset: `${SBTC_DEVNET_DEPLOYER}.sbtc-token::sbtc-token`, symbol: 'sBTC', confirmed: '50000', pending: '0' }),
    ]);
  });

  it('sends STX with a memo; the devnet verifies and applies it; it shows pending then confirmed', async () => {
    const { svc } = wallet();
    const before = devnet.stx(svc.address);
    const friendBefore = devnet.stx(FRIEND);
    const q = await svc.quote({ asset: 'STX', to: FRIEND, amount: 2n * STX, memo: 'thanks' });
    expect(q.fee).toBeGreaterThanOrEqual(180n);
    const sent = await svc.send({ asset: 'STX', to: FRIEND, amount: 2n * STX, memo: 'thanks' });
    expect(devnet.accepted).toContain(sent.txid);
    let o = await svc.overview();
    expect(o.activity[0]).toMatchObject({ id: sent.txid, status: 'pending', direction: 'out', amount: String(2n * STX) });
    expect(o.balances[0]!.pending).toBe(String(-(2n * STX + sent.fee)));
    devnet.mine();
    o = await svc.overview();
    expect(o.activity.find((a) => a.id === sent.txid)).toMatchObject({ status: 'confirmed', direction: 'out', counterparty: FRIEND });
    expect(devnet.stx(svc.address)).toBe(before - 2n * STX - sent.fee);
    expect(devnet.stx(FRIEND)).toBe(friendBefore + 2n * STX);
  });

  it('sends sBTC with a post-condition of exactly that amount', async () => {
    const { svc } = wallet();
    const sent = await svc.send({ asset: 'sBTC', to: FRIEND, amount: 12_345n });
    const wire = deserializeTransaction(devnet.raw(sent.txid));
    const pcs = (wire.postConditions as unknown as { values: { conditionCode: number; amount: bigint }[] }).values;
    expect(pcs).toHaveLength(1);
    expect(pcs[0]).toMatchObject({ conditionCode: 1, amount: 12_345n });
    devnet.mine();
    expect(devnet.sbtcBalance(FRIEND)).toBe(12_345n);
    expect(devnet.sbtcBalance(svc.address)).toBe(50_000n - 12_345n);
    const o = await svc.overview();
    expect(o.activity.find((a) => a.id === sent.txid)).toMatchObject({ symbol: 'sBTC', amount: '12345', status: 'confirmed' });
  });

  it('two rapid sends get consecutive nonces and both go through', async () => {
    const { svc } = wallet();
    const [a, b] = await Promise.all([
      svc.send({ asset: 'STX', to: FRIEND, amount: 1000n }),
      svc.send({ asset: 'STX', to: FRIEND, amount: 2000n }),
    ]);
    expect(b.nonce).toBe(a.nonce + 1n);
    expect(devnet.accepted).toEqual(expect.arrayContaining([a.txid, b.txid]));
    devnet.mine();
    const o = await svc.overview();
    expect(o.activity.filter((x) => x.id === a.txid || x.id === b.txid).every((x) => x.status === 'confirmed')).toBe(true);
  });

  it('refuses bad input with a clear error and broadcasts nothing', async () => {
    const { svc } = wallet();
    const count = devnet.accepted.length;
    const stx = devnet.stx(svc.address);
    await expect(svc.quote({ asset: 'STX', to: 'SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7', amount: 1000n })).rejects.toThrow(/mainnet/);
    await expect(svc.quote({ asset: 'STX', to: 'ST2CY5V39NHDPWSXMW9QDT3HC3GD6Q6XX4CFRK9AH', amount: 1000n })).rejects.toThrow(/checksum/);
    await expect(svc.quote({ asset: 'STX', to: `${FRIEND}.some-contract`, amount: 1000n })).rejects.toThrow(/contract, not an account/);
    await expect(svc.send({ asset: 'STX', to: FRIEND, amount: stx })).rejects.toThrow(/more than this account/);
    await expect(svc.send({ asset: 'sBTC', to: FRIEND, amount: 10n ** 9n })).rejects.toThrow(/more than the sBTC/);
    await expect(svc.send({ asset: 'STX', to: FRIEND, amount: 1000n, memo: 'x'.repeat(35) })).rejects.toThrow(/at most 34 bytes/);
    await expect(svc.send({ asset: 'STX', to: FRIEND, amount: 0n })).rejects.toThrow(/more than zero/);
    expect(devnet.accepted.length).toBe(count);
  });

  it('a fee estimate above the wallet\'s cap is refused, whatever the API says; nothing is broadcast', async () => {
    const { svc } = wallet();
    devnet.credit(svc.address, 100n * STX);
    const count = devnet.accepted.length;
    // A lying API: 10 STX for a transfer that costs a few hundred micro-STX.
    devnet.setFeeEstimates([5n * STX, 10n * STX, 20n * STX]);
    try {
      await expect(svc.quote({ asset: 'STX', to: FRIEND, amount: 2n * STX })).rejects.toMatchObject({ code: 'fee_too_high', message: /limit of 1 STX/ });
      await expect(svc.send({ asset: 'STX', to: FRIEND, amount: 2n * STX })).rejects.toMatchObject({ code: 'fee_too_high' });
      await expect(svc.send({ asset: 'sBTC', to: FRIEND, amount: 1_000n })).rejects.toMatchObject({ code: 'fee_too_high' });
      expect(devnet.accepted.length).toBe(count);
    } finally {
      devnet.setFeeEstimates(null);
    }
  });

  it('signs exactly the fee the user reviewed, though the estimate moved in between', async () => {
    const { svc } = wallet();
    devnet.setFeeEstimates([200n, 300n, 400n]);
    try {
      const q = await svc.quote({ asset: 'STX', to: FRIEND, amount: 3000n });
      expect(q.fee).toBe(300n);
      devnet.setFeeEstimates([2000n, 3000n, 4000n]);
      const sent = await svc.send({ asset: 'STX', to: FRIEND, amount: 3000n, fee: q.fee });
      const cond = deserializeTransaction(devnet.raw(sent.txid)).auth.spendingCondition as unknown as { fee: bigint };
      expect(cond.fee).toBe(300n);
      expect(sent.fee).toBe(300n);
    } finally {
      devnet.setFeeEstimates(null);
    }
  });

  it('a broadcast answered with a server error after the node took it is kept as pending, not forgotten', async () => {
    const { svc } = wallet();
    devnet.credit(svc.address, 10n * STX);
    const count = devnet.accepted.length;
    devnet.failAfterAdmittingNextBroadcast();
    await expect(svc.send({ asset: 'STX', to: FRIEND, amount: 4321n })).rejects.toBeInstanceOf(WalletError);
    expect(devnet.accepted.length).toBe(count + 1);
    const txid = devnet.accepted.at(-1)!;
    expect((await svc.overview()).activity.find((a) => a.id === txid)).toMatchObject({ status: 'pending', amount: '4321' });
    devnet.mine();
    expect((await svc.overview()).activity.find((a) => a.id === txid)).toMatchObject({ status: 'confirmed' });
  });

  it('an API writing a transfer\'s amount or fee as anything but digits is refused as unreadable, naming its host (a popup would fail on it; the timeline lists every layer)', async () => {
    const { svc } = freshWallet();
    const { txid } = await svc.send({ asset: 'STX', to: FRIEND, amount: 1234n });
    devnet.mine();
    try {
      for (const lie of ['1.5', '0x10', '-5', '', '1e3']) {
        devnet.misstateAmounts(lie);
        await expect(svc.overview(), lie).rejects.toMatchObject({ code: 'backend_error', host: new URL(devnet.url).host });
      }
    } finally {
      devnet.misstateAmounts(null);
    }
    expect((await svc.overview()).activity.find((a) => a.id === txid)).toMatchObject({ status: 'confirmed', amount: '1234' });
  });

  it('the devnet refuses a nonce below the confirmed one and a forged signature (checks of its own)', async () => {
    const w = wallet();
    const { svc } = w;
    expect((await nonces(svc.address)).last_executed_tx_nonce).not.toBeNull();
    const reused = await signElsewhere(w, 0n);
    const r1 = await postTx(reused.hex);
    expect(r1.status).toBe(400);
    expect(await r1.json()).toMatchObject({ reason: 'BadNonce', reason_data: { actual: 0 } });
    const good = await signElsewhere(w, BigInt((await nonces(svc.address)).possible_next_nonce));
    const forged = good.hex.slice(0, 200) + (good.hex[200] === '0' ? '1' : '0') + good.hex.slice(201);
    const r2 = await postTx(forged);
    expect(await r2.json()).toMatchObject({ reason: 'SignatureValidation' });
  });
});

// stacks-core stackslib/src/net/api/postfeerate.rs, stackslib/src/net/api/getstxtransfercost.rs, stackslib/src/cost_estimates/mod.rs.
describe('Stacks fees when the node cannot estimate', () => {
  for (const failure of ['NoEstimateAvailable', 'DatabaseError', 'NotSupported'] as const) {
    it(`${failure}: quote and send fall back to the node's transfer rate times the length; the send goes through`, async () => {
      const { svc } = freshWallet();
      devnet.setFeeEstimates(failure);
      devnet.setTransferFeeRate(3n);
      try {
        const q = await svc.quote({ asset: 'STX', to: FRIEND, amount: 1000n });
        const sent = await svc.send({ asset: 'STX', to: FRIEND, amount: 1000n });
        const length = BigInt(devnet.raw(sent.txid).length / 2);
        expect(q.fee).toBe(3n * length);
        expect(sent.fee).toBe(q.fee);
        const token = await svc.send({ asset: 'sBTC', to: FRIEND, amount: 1n }).catch((e: Error) => e);
        // No sBTC in a new account: refused for the amount, not for the fee estimate.
        expect(token).toMatchObject({ code: 'insufficient_funds' });
      } finally {
        devnet.setFeeEstimates(null);
        devnet.setTransferFeeRate(null);
      }
      devnet.mine();
      expect((await svc.overview()).balances[0]).toMatchObject({ pending: '0' });
    });
  }

  it('NoEstimateAvailable on both fee routes (a node with no fee history): the node\'s minimum rate, 1 micro-STX per byte, at least 180', async () => {
    const { svc } = freshWallet();
    const r = await fetch(`${devnet.url}/v2/fees/transfer`);
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ reason: 'NoEstimateAvailable' });
    const sent = await svc.send({ asset: 'STX', to: FRIEND, amount: 1000n });
    const length = BigInt(devnet.raw(sent.txid).length / 2);
    expect(sent.fee).toBe(length > 180n ? length : 180n);
  });

  it('the fee cap holds whatever the fallback yields: a node naming a huge transfer rate gets nothing broadcast', async () => {
    const { svc } = freshWallet(100n * STX);
    devnet.mintSbtc(svc.address, 10_000n);
    const count = devnet.accepted.length;
    devnet.setFeeEstimates('DatabaseError');
    devnet.setTransferFeeRate(1_000_000n);
    try {
      await expect(svc.quote({ asset: 'STX', to: FRIEND, amount: 2n * STX })).rejects.toMatchObject({ code: 'fee_too_high' });
      await expect(svc.send({ asset: 'STX', to: FRIEND, amount: 2n * STX })).rejects.toMatchObject({ code: 'fee_too_high' });
      await expect(svc.send({ asset: 'sBTC', to: FRIEND, amount: 1_000n })).rejects.toMatchObject({ code: 'fee_too_high' });
      expect(devnet.accepted.length).toBe(count);
    } finally {
      devnet.setFeeEstimates(null);
      devnet.setTransferFeeRate(null);
    }
  });
});

// stacks-blockchain-api src/datastore/common.ts DbTxStatus.ProblematicSkipped; stacks-core stackslib/src/chainstate/stacks/db/transactions.rs from_problematic_skipped.
describe('Stacks transactions mined as problematic_skipped', () => {
  it('are failed, not pending: the next send, right away, has the amount and the nonce back; the fee is gone', async () => {
    const { svc } = freshWallet();
    devnet.mine(); // whatever other tests left in the mempool
    const friend = devnet.stx(FRIEND);
    const sent = await svc.send({ asset: 'STX', to: FRIEND, amount: 2n * STX });
    devnet.markProblematic(sent.txid);
    devnet.mine();
    expect(devnet.stx(FRIEND)).toBe(friend);
    expect(await svc.transaction(sent.txid)).toMatchObject({ status: 'failed', result: '(err none)' });
    // No refresh in between: the send itself learns the first one's fate.
    const next = await svc.send({ asset: 'STX', to: FRIEND, amount: 9n * STX });
    expect(next.nonce).toBe(sent.nonce + 1n);
    const o = await svc.overview();
    expect(o.activity.find((a) => a.id === sent.txid)).toMatchObject({ status: 'failed' });
    expect(o.balances[0]).toMatchObject({ confirmed: String(10n * STX - sent.fee), pending: String(-(9n * STX + next.fee)) });
    devnet.mine();
    expect(await svc.transaction(next.txid)).toMatchObject({ status: 'confirmed' });
    expect(devnet.stx(FRIEND)).toBe(friend + 9n * STX);
    expect(await svc.spendable('STX')).toBe(10n * STX - sent.fee - 9n * STX - next.fee);
  });
});
// stacks-core stackslib/src/chainstate/stacks/db/blocks.rs can_include_tx, stackslib/src/core/mempool.rs try_add_tx; Hiro's nonces: stacks-blockchain-api src/datastore/pg-store.ts getAddressNonces.
describe('Stacks nonce gaps', () => {
  it('the devnet follows the node: a gap is admitted and waits; the same nonce twice conflicts unless the fee is higher; the same transaction again is accepted; no more than 25 ahead', async () => {
    const w = freshWallet();
    const first = await signElsewhere(w, 0n);
    expect(await (await postTx(first.hex)).json()).toBe(first.txid);
    devnet.mine();
    const stuck = await signElsewhere(w, 2n);
    const r = await postTx(stuck.hex);
    expect(r.status).toBe(200);
    expect(await r.json()).toBe(stuck.txid);
    devnet.mine();
    expect((await (await fetch(`${devnet.url}/extended/v1/tx/0x${stuck.txid}`)).json()).tx_status).toBe('pending');
    expect(await nonces(w.svc.address)).toMatchObject({ last_executed_tx_nonce: 0, last_mempool_tx_nonce: 2, possible_next_nonce: 3, detected_missing_nonces: [1], detected_mempool_nonces: [] });
    expect(await (await postTx(stuck.hex)).json()).toBe(stuck.txid);
    const same = await postTx((await signElsewhere(w, 2n, 300n, 2n)).hex);
    expect(same.status).toBe(400);
    expect(await same.json()).toMatchObject({ reason: 'ConflictingNonceInMempool' });
    const higher = await signElsewhere(w, 2n, 400n, 3n);
    expect(await (await postTx(higher.hex)).json()).toBe(higher.txid);
    expect((await (await fetch(`${devnet.url}/extended/v1/tx/0x${stuck.txid}`)).json()).tx_status).toBe('dropped_replace_by_fee');
    const far = await postTx((await signElsewhere(w, 28n)).hex);
    expect(await far.json()).toMatchObject({ reason: 'TooMuchChaining', reason_data: { expected: 27, actual: 28 } });
    const fill = await signElsewhere(w, 1n);
    await postTx(fill.hex);
    devnet.mine();
    for (const txid of [fill.txid, higher.txid]) expect(await w.svc.transaction(txid)).toMatchObject({ status: 'confirmed' });
  });

  it('a send whose broadcast was lost is sent again from the send log before the next send, so the next one is not stuck behind a gap; both confirm', async () => {
    const { svc } = freshWallet();
    const friend = devnet.stx(FRIEND);
    devnet.loseNextBroadcast();
    await expect(svc.send({ asset: 'STX', to: FRIEND, amount: 1000n })).rejects.toMatchObject({ code: 'network_error', message: /kept \(shown as pending\).*do not make it a second time/ });
    const lost = (await svc.overview()).activity.find((a) => a.status === 'pending')!;
    expect(lost).toBeDefined();
    expect(devnet.accepted).not.toContain(lost.id);
    const next = await svc.send({ asset: 'STX', to: FRIEND, amount: 2000n });
    expect(next.nonce).toBe(1n);
    expect(devnet.accepted).toContain(lost.id);
    devnet.mine();
    for (const txid of [lost.id, next.txid]) expect(await svc.transaction(txid)).toMatchObject({ status: 'confirmed' });
    expect(devnet.stx(FRIEND)).toBe(friend + 3000n);
  });

  it('a nonce missing below a stuck transaction (signed elsewhere with this phrase) is filled by the next send, not piled on; both confirm', async () => {
    const w = freshWallet();
    const { svc } = w;
    await svc.send({ asset: 'STX', to: FRIEND, amount: 1000n });
    devnet.mine();
    const stuck = await signElsewhere(w, 2n);
    expect(await (await postTx(stuck.hex)).json()).toBe(stuck.txid);
    devnet.mine();
    expect(await svc.transaction(stuck.txid)).toMatchObject({ status: 'pending' });
    const q = await svc.quote({ asset: 'STX', to: FRIEND, amount: 5000n });
    expect(q.nonce).toBe(1n);
    const fill = await svc.send({ asset: 'STX', to: FRIEND, amount: 5000n });
    expect(fill.nonce).toBe(1n);
    devnet.mine();
    for (const txid of [fill.txid, stuck.txid]) expect(await svc.transaction(txid)).toMatchObject({ status: 'confirmed' });
    expect(await nonces(svc.address)).toMatchObject({ last_executed_tx_nonce: 2, possible_next_nonce: 3, detected_missing_nonces: [] });
  });

  it('a lost send whose nonce is missing under a stuck one (no executed nonce, so the API reports no gap) is sent again; all confirm', async () => {
    const w = freshWallet();
    const { svc } = w;
    devnet.loseNextBroadcast();
    await expect(svc.send({ asset: 'STX', to: FRIEND, amount: 1000n })).rejects.toMatchObject({ code: 'network_error' });
    const stuck = await signElsewhere(w, 1n);
    expect(await (await postTx(stuck.hex)).json()).toBe(stuck.txid);
    expect(await nonces(svc.address)).toMatchObject({ last_executed_tx_nonce: null, possible_next_nonce: 2, detected_missing_nonces: [] });
    const next = await svc.send({ asset: 'STX', to: FRIEND, amount: 2000n });
    expect(next.nonce).toBe(2n);
    devnet.mine();
    const sends = (await svc.overview()).activity.filter((a) => a.direction === 'out');
    expect(sends).toHaveLength(3);
    expect(sends.every((a) => a.status === 'confirmed')).toBe(true);
  });

  it('a lost send whose nonce was used meanwhile (signed elsewhere with this phrase) is marked dropped: its amount is free again', async () => {
    const w = freshWallet(10n * STX);
    const { svc } = w;
    devnet.loseNextBroadcast();
    await expect(svc.send({ asset: 'STX', to: FRIEND, amount: 6n * STX })).rejects.toMatchObject({ code: 'network_error' });
    const lost = (await svc.overview()).activity.find((a) => a.status === 'pending')!;
    const other = await signElsewhere(w, 0n);
    expect(await (await postTx(other.hex)).json()).toBe(other.txid);
    devnet.mine();
    // 10 STX less the 1 micro-STX and fee sent elsewhere: with the lost 6 STX still counted, 5 STX would not fit.
    const next = await svc.send({ asset: 'STX', to: FRIEND, amount: 5n * STX });
    expect(next.nonce).toBe(1n);
    devnet.mine();
    expect(await svc.transaction(next.txid)).toMatchObject({ status: 'confirmed' });
    const o = await svc.overview();
    expect(o.activity.find((a) => a.id === lost.id)).toMatchObject({ status: 'dropped' });
    expect(o.balances[0]).toMatchObject({ pending: '0' });
    expect(await svc.spendable('STX')).toBe(devnet.stx(svc.address));
  });

  it('a refresh a minute on sends a lost send again; refused because its nonce was used meanwhile, it is marked dropped', async () => {
    const w = freshWallet(10n * STX);
    const { svc, deps } = w;
    devnet.loseNextBroadcast();
    await expect(svc.send({ asset: 'STX', to: FRIEND, amount: 6n * STX })).rejects.toMatchObject({ code: 'network_error' });
    const other = await signElsewhere(w, 0n);
    expect(await (await postTx(other.hex)).json()).toBe(other.txid);
    devnet.mine();
    const lost = (await svc.overview()).activity.find((a) => a.status === 'pending')!;
    expect(lost).toBeDefined();
    deps.now = () => Date.now() + 61_000;
    const o = await svc.overview();
    expect(o.activity.find((a) => a.id === lost.id)).toMatchObject({ status: 'dropped' });
    expect(o.balances[0]).toMatchObject({ pending: '0' });
  });
});
