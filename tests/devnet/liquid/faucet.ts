/**
 * Faucet mints: a transaction from nowhere (its one input is a fresh random
 * outpoint, as if newly issued) paying `sats` of an asset to an address —
 * blinded to the address's blinding key when it is confidential, explicit
 * otherwise — plus an explicit fee. Blinding here uses liquidjs-lib's own
 * confidential helpers, not the wallet's code.
 */
import { randomBytes } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import * as laddress from 'liquidjs-lib/src/address';
import * as confidential from 'liquidjs-lib/src/confidential';
import type { Network } from 'liquidjs-lib/src/networks';
import { Transaction } from 'liquidjs-lib/src/transaction';
import { decodeTaprootAddress } from './taproot-address';

const MINT_FEE = 50;

function explicitAsset(assetId: string): Buffer {
  return Buffer.concat([Buffer.of(0x01), Buffer.from(assetId, 'hex').reverse()]);
}

export async function buildMint(network: Network, address: string, sats: number, assetId: string): Promise<Transaction> {
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
    const abf = Buffer.from(secp256k1.utils.randomSecretKey());
    const vbf = Buffer.from(secp256k1.utils.randomSecretKey());
    const ephemeral = Buffer.from(secp256k1.utils.randomSecretKey());
    const assetCommitment = await confidential.assetCommitment(asset, abf);
    const valueCommitment = await confidential.valueCommitment(String(sats), assetCommitment, vbf);
    const rangeProof = await confidential.rangeProofWithNonceHash(String(sats), blindingKey, ephemeral, asset, abf, vbf, valueCommitment, script);
    const surjectionProof = await confidential.surjectionProof(asset, abf, [asset], [Buffer.alloc(32)], randomBytes(32));
    tx.addOutput(script, valueCommitment, assetCommitment, Buffer.from(secp256k1.getPublicKey(ephemeral, true)), rangeProof, surjectionProof);
  } else {
    const script = taproot?.script ?? laddress.toOutputScript(address, network);
    tx.addOutput(script, confidential.satoshiToConfidentialValue(sats), explicitAsset(assetId), Buffer.of(0));
  }
  tx.addOutput(Buffer.alloc(0), confidential.satoshiToConfidentialValue(MINT_FEE), explicitAsset(network.assetHash), Buffer.of(0));
  return tx;
}
