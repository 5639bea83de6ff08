/**
 * NIP-47 connection URIs: `nostr+walletconnect://<wallet pubkey>?relay=…&secret=…[&lud16=…]`.
 * The secret is the client's signing and encryption key for this connection only;
 * it is key material and must be stored like one (encrypted, never in plain storage).
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../../shared/errors';
import { isLoopbackHost } from './lnurl-url';

export interface NwcConnection {
  walletPubkey: string;
  relays: string[];
  secret: Uint8Array;
  lud16?: string;
}

function bad(why: string): WalletError {
  return new WalletError('bad_params', `This is not a usable Nostr Wallet Connect link: ${why}.`);
}

export function parseNwcUri(input: string): NwcConnection {
  const text = input.trim();
  const m = /^nostr\+walletconnect:(?:\/\/)?([0-9a-fA-F]{64})\??(.*)$/i.exec(text);
  if (!m) throw bad('it must start with nostr+walletconnect:// and the wallet service key');
  const walletPubkey = m[1]!.toLowerCase();
  const query = new URLSearchParams(m[2] ?? '');
  const relays = query.getAll('relay').map((r) => r.trim()).filter(Boolean);
  if (relays.length === 0) throw bad('it names no relay');
  for (const r of relays) {
    let url: URL;
    try {
      url = new URL(r);
    } catch {
      throw bad(`the relay "${r}" is not a web address`);
    }
    if (url.protocol !== 'wss:' && !(url.protocol === 'ws:' && isLoopbackHost(url.hostname))) {
      throw bad(`the relay ${url.host} must use wss:// (plain ws:// only on this machine)`);
    }
  }
  const secretHex = query.get('secret') ?? '';
  if (!/^[0-9a-fA-F]{64}$/.test(secretHex)) throw bad('its secret must be 32 bytes of hex');
  const lud16 = query.get('lud16') ?? undefined;
  return { walletPubkey, relays, secret: hexToBytes(secretHex), ...(lud16 ? { lud16 } : {}) };
}
