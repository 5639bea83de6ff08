// Follows ElementsProject/elements src/blind.cpp (BlindTransaction: asset and value commitments, range and surjection proofs per output).
/**
 * Faucet mints: a transaction from nowhere (its one input is a fresh random
 * outpoint, as if newly issued) paying `sats` of an asset to an address —
 * blinded to the address's blinding key when it is confidential, explicit
 * otherwise — plus an explicit fee. Blinding here uses secp256k1-zkp 3.x
 * (./zkp.ts), not the wallet's code.
 */
import { randomBytes } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import * as laddress from 'liquidjs-lib/src/address';
import type { Network } from 'liquidjs-lib/src/networks';
import { Transaction } from 'liquidjs-lib/src/transaction';
import { decodeTaprootAddress } from './taproot-address';
import { blindOutput, type Secp256k1ZKP } from './zkp';

const MINT_FEE = 50n;

export function explicitAsset(assetId: string): Buffer {
  return Buffer.concat([Buffer.of(0x01), Buffer.from(assetId, 'hex').reverse()]);
}

/** An explicit value field: 0x01 and the amount, big-endian. */
export function explicitValue(sats: bigint): Buffer {
  const out = Buffer.alloc(9);
  out[0] = 0x01;
  out.writeBigUInt64BE(sats, 1);
  return out;
}

export function buildMint(zkp: Secp256k1ZKP, network: Network, address: string, sats: number, assetId: string): Transaction {
  const tx = new Transaction();
  tx.version = 2;
  tx.addInput(randomBytes(32), 0);
  const asset = Buffer.from(assetId, 'hex').reverse();
  const taproot = decodeTaprootAddress(address);
  if (taproot?.blindingPubkey || (!taproot && laddress.isConfidential(address))) {
    const { blindingKey, script } = taproot?.blindingPubkey
      ? { blindingKey: taproot.blindingPubkey, script: taproot.script }
      : (() => {
          const c = laddress.fromConfidential(address);
          return { blindingKey: c.blindingKey, script: laddress.toOutputScript(c.unconfidentialAddress, network) };
        })();
    const secret = () => secp256k1.utils.randomSecretKey();
    const out = blindOutput(
      zkp,
      { sats: BigInt(sats), asset, script, blindingPubkey: blindingKey, abf: secret(), vbf: secret(), ephemeral: secret(), seed: randomBytes(32) },
      // The minted input is explicit: its asset blinder is zero.
      [{ asset, abf: new Uint8Array(32) }],
    );
    tx.addOutput(script, Buffer.from(out.value), Buffer.from(out.asset), Buffer.from(out.nonce), Buffer.from(out.rangeProof), Buffer.from(out.surjectionProof));
  } else {
    const script = taproot?.script ?? laddress.toOutputScript(address, network);
    tx.addOutput(script, explicitValue(BigInt(sats)), explicitAsset(assetId), Buffer.of(0));
  }
  tx.addOutput(Buffer.alloc(0), explicitValue(MINT_FEE), explicitAsset(network.assetHash), Buffer.of(0));
  return tx;
}
