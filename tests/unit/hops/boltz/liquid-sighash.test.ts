/**
 * The wallet's Elements Taproot signature hash (liquid-spend.ts, liquidjs-lib
 * with each output's two proofs swapped) against the devnet's implementation
 * written from Elements' taproot-sighash document (tests/devnet/liquid/taproot.ts).
 */
import { randomBytes } from 'node:crypto';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { Transaction } from 'liquidjs-lib/src/transaction';
import { describe, expect, it } from 'vitest';
import { liquidSighash } from '../../../../src/hops/boltz/liquid-spend';
import { ELEMENTS_REGTEST } from '../../../../src/layers/liquid/chain';
import { elementsTaprootSighash, tapLeafHash } from '../../../devnet/liquid/taproot';

function sampleTx(): { tx: Transaction; spent: { script: Buffer; asset: Buffer; value: Buffer; nonce: Buffer } } {
  const tx = new Transaction();
  tx.version = 2;
  tx.locktime = 321;
  tx.addInput(randomBytes(32), 1, 0xfffffffd);
  // A blinded output: commitments, nonce and two different proofs (the hash does not check them).
  tx.addOutput(Buffer.concat([Buffer.of(0x00, 0x14), randomBytes(20)]), Buffer.concat([Buffer.of(0x08), randomBytes(32)]), Buffer.concat([Buffer.of(0x0a), randomBytes(32)]), Buffer.concat([Buffer.of(0x02), randomBytes(32)]), randomBytes(300), randomBytes(67));
  tx.addOutput(Buffer.alloc(0), Buffer.concat([Buffer.of(0x01), Buffer.alloc(6), Buffer.of(0x00, 0x40)]), Buffer.concat([Buffer.of(0x01), randomBytes(32)]), Buffer.of(0));
  const spent = { script: Buffer.concat([Buffer.of(0x51, 0x20), randomBytes(32)]), asset: Buffer.concat([Buffer.of(0x0b), randomBytes(32)]), value: Buffer.concat([Buffer.of(0x09), randomBytes(32)]), nonce: Buffer.concat([Buffer.of(0x03), randomBytes(32)]) };
  return { tx, spent };
}

const genesis = hexToBytes(ELEMENTS_REGTEST.genesisBlockHash).reverse();

describe('Elements Taproot signature hash', () => {
  it('key path: equals the devnet implementation over blinded outputs', () => {
    const { tx, spent } = sampleTx();
    expect(bytesToHex(liquidSighash(tx, spent, ELEMENTS_REGTEST.genesisBlockHash))).toBe(bytesToHex(elementsTaprootSighash(tx, 0, [spent], genesis)));
  });

  it('script path: equals the devnet implementation for a 0xc4 leaf', () => {
    const { tx, spent } = sampleTx();
    const leaf = tapLeafHash(randomBytes(80));
    expect(bytesToHex(liquidSighash(tx, spent, ELEMENTS_REGTEST.genesisBlockHash, leaf))).toBe(bytesToHex(elementsTaprootSighash(tx, 0, [spent], genesis, 0, leaf)));
  });

  it('liquidjs-lib 6.0.1 alone hashes the output proofs in the other order (why the wallet swaps them)', () => {
    const { tx, spent } = sampleTx();
    const raw = tx.hashForWitnessV1(0, [spent.script], [{ asset: spent.asset, value: spent.value }], Transaction.SIGHASH_DEFAULT, Buffer.from(genesis));
    expect(bytesToHex(raw)).not.toBe(bytesToHex(elementsTaprootSighash(tx, 0, [spent], genesis)));
    expect(tx.outs[0]!.rangeProof!.length).toBe(300); // the copy was swapped, not the transaction
  });
});
