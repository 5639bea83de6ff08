/**
 * NIP-47 connection URIs: `nostr+walletconnect://<wallet pubkey>?relay=…&secret=…[&lud16=…]`.
 * The secret is the client's signing and encryption key for this connection only;
 * it is key material and must be stored like one (encrypted, never in plain storage).
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../../shared/errors';
import { isLoopbackHost } from './lnurl-url';
import { theirWords } from '../../shared/their-words';
import { localText, type LocalText } from '../../shared/local-text';

export interface NwcConnection {
  walletPubkey: string;
  relays: string[];
  secret: Uint8Array;
  lud16?: string;
}

function bad(why: LocalText): WalletError {
  return new WalletError('bad_params', localText('err_nwc_link_unusable', why));
}

export function parseNwcUri(input: string): NwcConnection {
  const text = input.trim();
  const m = /^nostr\+walletconnect:(?:\/\/)?([0-9a-fA-F]{64})\??(.*)$/i.exec(text);
  if (!m) throw bad(localText('err_nwc_link_start', 'nostr+walletconnect://'));
  const walletPubkey = m[1]!.toLowerCase();
  const query = new URLSearchParams(m[2] ?? '');
  const relays = query.getAll('relay').map((r) => r.trim()).filter(Boolean);
  if (relays.length === 0) throw bad(localText('err_nwc_link_no_relay'));
  for (const r of relays) {
    let url: URL;
    try {
      url = new URL(r);
    } catch {
      throw bad(localText('err_nwc_link_relay_url', theirWords(r, 100) ?? ''));
    }
    if (url.protocol !== 'wss:' && !(url.protocol === 'ws:' && isLoopbackHost(url.hostname))) {
      throw bad(localText('err_nwc_link_relay_wss', url.host));
    }
  }
  const secretHex = query.get('secret') ?? '';
  if (!/^[0-9a-fA-F]{64}$/.test(secretHex)) throw bad(localText('err_nwc_link_secret'));
  // Named in the wallet's sentences about the connected wallet: one clean line.
  const lud16 = theirWords(query.get('lud16'), 100);
  return { walletPubkey, relays, secret: hexToBytes(secretHex), ...(lud16 ? { lud16 } : {}) };
}
