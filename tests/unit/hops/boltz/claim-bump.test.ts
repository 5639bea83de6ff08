/**
 * Re-sending our Bitcoin claim at a higher fee when it is still unconfirmed as
 * Boltz's timeout nears (from then on Boltz may refund its lockup and displace the
 * claim, having seen our preimage). The chain is a stand-in object; the claim is
 * a real boltz-core script-path spend, checked by the devnet's Taproot verifier.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { Transaction } from '@scure/btc-signer';
import { address as btcAddress, networks } from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import type { SpendParams } from '../../../../src/hops/boltz/btc-spend';
import type { BtcChain } from '../../../../src/hops/boltz/chains';
import { dataOf } from '../../../../src/hops/boltz/record';
import type { SideResult } from '../../../../src/hops/boltz/side-result';
import { CLAIM_BUMP_LEFT, claimBump } from '../../../../src/hops/boltz/utxo-sides';
import { buildTree, outputKey, p2trScript } from '../../../../src/hops/boltz/taproot';
import type { HopContext } from '../../../../src/hops/mechanism';
import type { HopRecord } from '../../../../src/hops/types';
import { resolvePreset } from '../../../../src/shared/networks';
import { verifyTaprootInputs } from '../../../devnet/bitcoin/taproot-verifier';
import { english } from '../../../helpers/locale';

const keyPair = () => {
  const privateKey = secp256k1.utils.randomSecretKey();
  return { privateKey, publicKey: secp256k1.getPublicKey(privateKey, true) };
};
const ours = keyPair();
const boltz = keyPair();
const preimage = sha256(new Uint8Array([5]));
const TIMEOUT = 500;
const tree = buildTree({ shape: 'reverse', liquid: false, preimageHash: sha256(preimage), claimPublicKey: ours.publicKey, refundPublicKey: boltz.publicKey, timeoutBlockHeight: TIMEOUT });
const script = p2trScript(outputKey(false, boltz.publicKey, ours.publicKey, tree));
const output = { txid: 'bb'.repeat(32), vout: 0, script, value: 100_000n };
const destination = btcAddress.toOutputScript('bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080', networks.regtest);
const params = async (feeRate?: number): Promise<SpendParams> => ({ ...ours, boltzPublicKey: boltz.publicKey, output, tree, destination, feeRate: feeRate ?? 2, preimage });

/** Our first claim paid 300 sats for 150 vB (2 sat/vB) and is not in a block. */
function claimed(extra: Record<string, unknown> = {}): SideResult {
  const record = {
    id: 'h',
    expectedReceive: '99700',
    data: { kind: 'reverse', claim: { currency: 'BTC', address: '', amount: '100000', timeoutBlockHeight: TIMEOUT, txid: output.txid, vout: 0, spendTxid: 'aa'.repeat(32), spendTxids: ['aa'.repeat(32)], ...extra } },
  } as unknown as HopRecord;
  return { record, txid: 'aa'.repeat(32), confirmed: false };
}

function chainAt(tip: number, previousFee = 300n) {
  const sent: string[] = [];
  const chain = {
    tip: async () => tip,
    feeRate: async () => 2,
    esplora: { tx: async (txid: string) => ({ txid, fee: previousFee, weight: 600, status: { confirmed: false } }) },
    broadcast: async (hex: string, txid: string) => {
      sent.push(hex);
      return txid;
    },
  } as unknown as BtcChain;
  return { chain, sent };
}

function context() {
  const saved: HopRecord[] = [];
  const ctx = { presets: { bitcoin: resolvePreset('bitcoin', 'devnet', {}) }, save: async (r: HopRecord) => void saved.push(r) } as unknown as HopContext;
  return { ctx, saved };
}

describe('an unconfirmed claim of ours as Boltz\'s timeout nears', () => {
  it('is left alone while more than the bump margin is left', async () => {
    const { chain, sent } = chainAt(TIMEOUT - CLAIM_BUMP_LEFT - 1);
    const res = claimed();
    expect(await claimBump(context().ctx, chain, res, 'claim', params)).toBe(res);
    expect(sent).toEqual([]);
  });

  it('is re-signed by the script path at twice its fee rate, saved before it is broadcast, once a block', async () => {
    const tip = TIMEOUT - CLAIM_BUMP_LEFT;
    const { chain, sent } = chainAt(tip);
    const { ctx, saved } = context();
    const bumped = await claimBump(ctx, chain, claimed(), 'claim', params);
    expect(sent).toHaveLength(1);
    const tx = Transaction.fromRaw(hexToBytes(sent[0]!), { allowUnknownOutputs: true });
    expect(bumped.txid).toBe(tx.id);
    expect(english(bumped.note)).toMatch(/re-sent at 4 sat\/vB/);
    // The same lockup, replaceable again, carrying our preimage; valid.
    expect(tx.getInput(0)).toMatchObject({ index: 0, sequence: 0xfffffffd });
    expect(tx.getInput(0).finalScriptWitness![1]).toEqual(preimage);
    expect(verifyTaprootInputs(hexToBytes(sent[0]!), [{ script, value: output.value }])).toBeNull();
    const fee = output.value - tx.getOutput(0).amount!;
    expect(Number(fee) / tx.vsize).toBeGreaterThanOrEqual(4);
    // What arrives is what the new claim leaves of the lockup, on the hop before the claim goes out (a chain's next leg moves that).
    expect(bumped.record.expectedReceive).toBe(String(output.value - fee));
    expect(saved[0]!.expectedReceive).toBe(String(output.value - fee));
    // Known as ours before it went out; both versions stay ours.
    expect(saved).toHaveLength(1);
    expect(dataOf(saved[0]!).claim).toMatchObject({ spendTxid: tx.id, spendTxids: ['aa'.repeat(32), tx.id], bumpedAt: tip });
    // Not again in the same block.
    const again = chainAt(tip);
    await claimBump(ctx, again.chain, { ...bumped, record: saved[0]! }, 'claim', params);
    expect(again.sent).toEqual([]);
  });

  it('says so, and sends nothing, when a higher fee would pass the fee caps', async () => {
    const { chain, sent } = chainAt(TIMEOUT - 1, 15_000n);
    const res = await claimBump(context().ctx, chain, claimed(), 'claim', params);
    expect(sent).toEqual([]);
    expect(res.txid).toBe('aa'.repeat(32));
    expect(english(res.note)).toMatch(/could not be re-sent at a higher fee: .*limit/);
  });
});
