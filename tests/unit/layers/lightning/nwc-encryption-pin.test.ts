/**
 * NIP-44 once means NIP-44 from then on, for a link object too: one that negotiated NIP-44
 * and connects again (its relay connection was closed) does not drop to NIP-04 because the
 * info event it reads then (a relay's, possibly altered or stale) no longer offers NIP-44,
 * even where the user allowed NIP-04. The link NwcConnections opens on connect lives on
 * (it is answered from memory), so this rule must not depend on the stored record.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { finalizeEvent, generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { describe, expect, it } from 'vitest';
import type { WebSocketLike } from '../../../../src/layers/lightning/nostr/relay';
import { NwcFunding } from '../../../../src/layers/lightning/nwc';
import { parseNwcUri } from '../../../../src/layers/lightning/nwc-uri';
import { scriptedSocket } from '../../../helpers/scripted-socket';

/** A relay that serves only the wallet service's info event, with the `encryption` tag of the moment. */
function infoRelay(walletSecret: Uint8Array) {
  let tags: string[][] = [['encryption', 'nip44_v2 nip04']];
  let at = Math.floor(Date.now() / 1000);
  let served = 0;
  const webSocket = (): WebSocketLike =>
    scriptedSocket((msg, socket) =>
      queueMicrotask(() => {
        if (msg[0] !== 'REQ') return;
        const info = finalizeEvent({ kind: 13194, created_at: at, tags, content: 'get_balance' }, walletSecret);
        served++;
        socket.onmessage?.({ data: JSON.stringify(['EVENT', msg[1], info]) });
        socket.onmessage?.({ data: JSON.stringify(['EOSE', msg[1]]) });
      }),
    );
  return {
    webSocket,
    /** How many times the info event was served. */
    served: () => served,
    /** A newer info event from now on. */
    announce(next: string[][]) {
      tags = next;
      at++;
    },
  };
}

describe('the encryption of an NWC link object', () => {
  it('stays NIP-44 when it connects again and the info event then offers NIP-04 only', async () => {
    const walletSecret = generateSecretKey();
    const relay = infoRelay(walletSecret);
    const uri = `nostr+walletconnect://${getPublicKey(walletSecret)}?relay=${encodeURIComponent('ws://127.0.0.1:1')}&secret=${bytesToHex(generateSecretKey())}`;
    const funding = new NwcFunding(parseNwcUri(uri), { webSocket: relay.webSocket, allowNip04: true, timeoutMs: 500 });
    expect(await funding.negotiatedEncryption()).toBe('nip44_v2');
    await funding.close();
    relay.announce([]);
    expect(await funding.negotiatedEncryption()).toBe('nip44_v2');
    // It did read the new info event, the one offering NIP-04 only.
    expect(relay.served()).toBe(2);
    await funding.close();
  });

  it('uses NIP-04 for a service that never offered NIP-44, where the user allowed it', async () => {
    const walletSecret = generateSecretKey();
    const relay = infoRelay(walletSecret);
    relay.announce([]);
    const uri = `nostr+walletconnect://${getPublicKey(walletSecret)}?relay=${encodeURIComponent('ws://127.0.0.1:1')}&secret=${bytesToHex(generateSecretKey())}`;
    const funding = new NwcFunding(parseNwcUri(uri), { webSocket: relay.webSocket, allowNip04: true, timeoutMs: 500 });
    expect(await funding.negotiatedEncryption()).toBe('nip04');
    await funding.close();
  });
});
