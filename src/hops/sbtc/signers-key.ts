/**
 * The signers' current aggregate key, read from the sbtc-registry contract
 * through the Stacks API's read-only call endpoint (what the sbtc package's
 * `fetchSignersPublicKey` does). Deposits are locked to it, so the API's word
 * alone is not taken: see verifiedSignersKey.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { deserializeCV } from '@stacks/transactions';
import { payments } from 'bitcoinjs-lib';
import { WalletError } from '../../shared/errors';
import { isLocalDevnet, presetName } from '../../shared/networks';
import type { HttpClient } from '../../shared/http';
import { formatAmountText, UNITS } from '../../shared/units';
import { bitcoinNetwork } from '../../layers/bitcoin/keys';
import type { HopContext } from '../mechanism';
import { sbtcClients } from './common';
import { xOnly } from './scripts';
import { localText, type LocalText } from '../../shared/local-text';

interface ReadOnlyReply {
  okay: boolean;
  result?: string;
  cause?: string;
}

/** Returns the 33-byte compressed key the registry holds. */
export async function signersPublicKey(stacksApi: HttpClient, deployer: string, sender: string): Promise<Uint8Array> {
  const reply = await stacksApi.postJson<ReadOnlyReply>(`/v2/contracts/call-read/${deployer}/sbtc-registry/get-current-aggregate-pubkey`, {
    sender,
    arguments: [],
  });
  if (!reply.okay || !reply.result) {
    throw new WalletError('backend_error', reply.cause ? localText('err_sbtc_registry_no_key_said', reply.cause) : localText('err_sbtc_registry_no_key'));
  }
  const cv = deserializeCV(reply.result);
  if (cv.type !== 'buffer') throw new WalletError('backend_error', localText('err_sbtc_registry_not_key'));
  const key = hexToBytes(cv.value);
  if (key.length !== 33 || (key[0] !== 2 && key[0] !== 3)) throw new WalletError('backend_error', localText('err_sbtc_registry_bad_key'));
  return key;
}

/** Why a deposit cannot go ahead: a public network with no signers' key pinned. Null when it can. */
export function signersKeyUnpinned(ctx: HopContext): LocalText | null {
  const stacks = ctx.presets.stacks;
  if (stacks.pins?.sbtcSignersKey || isLocalDevnet(stacks)) return null;
  return localText('err_sbtc_key_unpinned', presetName(stacks), localText('pin_sbtcSignersKey'), 'sbtc-registry', 'get-current-aggregate-pubkey');
}

/**
 * The signers' key a deposit may be locked to. On a public network it must be
 * pinned and equal the registry's answer (a Stacks API can fund an address of its
 * own key once and pass any check on Bitcoin); only the local devnet, whose
 * signers make a fresh key each run, goes without. Pinned or not, the answer is
 * also checked against a second, independent source, the Bitcoin chain (the
 * Bitcoin preset's Esplora, not the Stacks API): the signers keep the deposited
 * coins in one key-path-only Taproot output of their aggregate key (sbtc
 * signer/src/keys.rs `signers_script_pubkey`), so that address must hold at least
 * this deposit. Just after a key rotation, before the signers' next sweep, an
 * honest new key holds nothing yet: the deposit is refused until it does.
 */
export async function verifiedSignersKey(ctx: HopContext, deployer: string, sender: string, amount: bigint): Promise<Uint8Array> {
  const why = signersKeyUnpinned(ctx);
  if (why) throw new WalletError('unsupported', why);
  const { stacksApi, esplora } = sbtcClients(ctx);
  const key = await signersPublicKey(stacksApi, deployer, sender);
  const named = bytesToHex(key);
  const stacks = ctx.presets.stacks;
  const pin = stacks.pins?.sbtcSignersKey;
  if (pin && named !== pin) {
    throw new WalletError('backend_error', localText('err_sbtc_key_not_pinned', named, presetName(stacks), pin));
  }
  const wallet = payments.p2tr({ internalPubkey: xOnly(key), network: bitcoinNetwork(ctx.presets.bitcoin.params) }).address!;
  const held = await esplora.confirmedBalance(wallet);
  if (held < amount) {
    throw new WalletError('backend_error', localText('err_sbtc_signers_wallet_short', named, wallet, formatAmountText(held, UNITS.BTC.decimals, UNITS.BTC.symbol)));
  }
  return key;
}
