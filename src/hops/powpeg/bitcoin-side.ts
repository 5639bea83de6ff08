/**
 * The Bitcoin side of the PowPeg for this wallet: the RSKIP-170 peg-in OP_RETURN,
 * and the P2PKH address of the Rootstock key. The Bridge pays peg-outs to the
 * P2PKH address of the sender's public key, and refunds peg-ins to the address
 * the OP_RETURN names; both are that address, spendable with the Rootstock key.
 */
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import type { HDKey } from '@scure/bip32';
import { payments, type Network } from 'bitcoinjs-lib';
import { ROOTSTOCK_ACCOUNT_PATH } from '../../layers/rootstock/keys';

export interface RootstockBtcKey {
  publicKey: Uint8Array;
  privateKey: Uint8Array;
  hash160: Uint8Array;
  address: string;
  script: Uint8Array;
}

export function rootstockBtcKey(root: HDKey, network: Network): RootstockBtcKey {
  const node = root.derive(`${ROOTSTOCK_ACCOUNT_PATH}/0`);
  if (!node.publicKey || !node.privateKey) throw new Error('no Rootstock key');
  const p2pkh = payments.p2pkh({ pubkey: node.publicKey, network });
  return {
    publicKey: node.publicKey,
    privateKey: node.privateKey,
    hash160: ripemd160(sha256(node.publicKey)),
    address: p2pkh.address!,
    script: p2pkh.output!,
  };
}

/** OP_RETURN "RSKT" v1 <RSK address> 01 <refund P2PKH hash>: 46 bytes of data. */
export function peginOpReturn(rskAddress: string, refundHash160: Uint8Array): Uint8Array {
  const rsk = hexToBytes(rskAddress.replace(/^0x/i, '').toLowerCase());
  if (rsk.length !== 20 || refundHash160.length !== 20) throw new Error('bad peg-in payload');
  const data = new Uint8Array([0x52, 0x53, 0x4b, 0x54, 0x01, ...rsk, 0x01, ...refundHash160]);
  return new Uint8Array([0x6a, data.length, ...data]);
}
