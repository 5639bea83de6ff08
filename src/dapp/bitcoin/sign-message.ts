/**
 * `signMessage`: BIP-322 simple by default (P2WPKH and P2TR), the legacy ECDSA
 * message signature only when asked (P2WPKH only), with an address of this wallet.
 */
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { parseBitcoinAddress } from '../../layers/bitcoin/address';
import { signBip322, signLegacy } from '../../layers/bitcoin/message-signing';
import type { OwnedAddress } from '../../layers/bitcoin/keys';
import type { BitcoinService } from '../../layers/bitcoin/service';
import { DappError, type DappContext } from '../family';
import { accountAddress } from './addresses';
import { messageContent } from './content';
import { parseSignMessage } from './params';

/** The account's first addresses answer at once; any other address of ours is found by a scan. */
async function ownerOf(svc: BitcoinService, script: string): Promise<OwnedAddress | undefined> {
  const first = [accountAddress(svc.keys, 'payment'), accountAddress(svc.keys, 'ordinals')].find((a) => a.script === script);
  return first ?? (await svc.coins()).addresses.get(script);
}

export async function signMessage(params: unknown, ctx: DappContext<'bitcoin'>) {
  const p = parseSignMessage(params);
  const parsed = parseBitcoinAddress(p.address, ctx.preset.params);
  const svc = await ctx.service();
  const owner = await ownerOf(svc, bytesToHex(parsed.script));
  if (!owner) throw new DappError('invalid_params', `${parsed.address} is not an address of this wallet; nothing was signed.`);
  if (p.protocol === 'ECDSA' && owner.scheme !== 'p2wpkh') throw new DappError('invalid_params', 'A Taproot address has no ECDSA message signature; ask for BIP322. Nothing was signed.');
  await ctx.approve('signMessage', messageContent({ address: owner.address, message: p.message, protocol: p.protocol }));
  const message = utf8ToBytes(p.message);
  const signed = p.protocol === 'ECDSA' ? signLegacy(svc.keys, owner, message) : signBip322(svc.keys, owner, message);
  return { signature: signed.signature, messageHash: signed.messageHash, address: owner.address, protocol: p.protocol };
}
