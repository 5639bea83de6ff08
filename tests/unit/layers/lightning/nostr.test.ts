/**
 * NIP-44 v2 against the official vectors (paulmillr/nip44), NIP-04 and NIP-44
 * round trips against nostr-tools, and NIP-01 event signing checked by nostr-tools.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import * as nt04 from 'nostr-tools/nip04';
import * as nt44 from 'nostr-tools/nip44';
import { generateSecretKey, getPublicKey, verifyEvent } from 'nostr-tools/pure';
import { describe, expect, it } from 'vitest';
import { signEvent, verifyEventSignature } from '../../../../src/layers/lightning/nostr/event';
import { nip04Decrypt, nip04Encrypt } from '../../../../src/layers/lightning/nostr/nip04';
import { conversationKey, messageKeys, nip44Decrypt, nip44Encrypt, paddedLength } from '../../../../src/layers/lightning/nostr/nip44';
import vectors from '../../vectors/nip44.json';

const { valid, invalid } = vectors;

describe('NIP-44 v2 official vectors', () => {
  it('derives every conversation key', () => {
    for (const v of valid.get_conversation_key) {
      expect(bytesToHex(conversationKey(hexToBytes(v.sec1), v.pub2))).toBe(v.conversation_key);
    }
  });

  it('derives message keys', () => {
    const ck = hexToBytes(valid.get_message_keys.conversation_key);
    for (const k of valid.get_message_keys.keys) {
      const keys = messageKeys(ck, hexToBytes(k.nonce));
      expect(bytesToHex(keys.chachaKey)).toBe(k.chacha_key);
      expect(bytesToHex(keys.chachaNonce)).toBe(k.chacha_nonce);
      expect(bytesToHex(keys.hmacKey)).toBe(k.hmac_key);
    }
  });

  it('computes padded lengths', () => {
    for (const [len, padded] of valid.calc_padded_len) expect(paddedLength(len!)).toBe(padded);
  });

  it('encrypts to the exact payloads and decrypts them', () => {
    for (const v of valid.encrypt_decrypt) {
      const ck = conversationKey(hexToBytes(v.sec1), getPublicKey(hexToBytes(v.sec2)));
      expect(bytesToHex(ck)).toBe(v.conversation_key);
      expect(nip44Encrypt(v.plaintext, ck, hexToBytes(v.nonce))).toBe(v.payload);
      expect(nip44Decrypt(v.payload, ck)).toBe(v.plaintext);
    }
  });

  it('refuses invalid keys and every invalid payload', () => {
    for (const v of invalid.get_conversation_key) expect(() => conversationKey(hexToBytes(v.sec1), v.pub2)).toThrow();
    for (const v of invalid.decrypt) expect(() => nip44Decrypt(v.payload, hexToBytes(v.conversation_key)), v.note).toThrow();
  });
});

describe('round trips with nostr-tools', () => {
  const a = generateSecretKey();
  const b = generateSecretKey();
  const message = JSON.stringify({ method: 'pay_invoice', params: { invoice: 'lnbcrt1…' } });

  it('NIP-44: ours encrypts, nostr-tools decrypts, and back', () => {
    const ours = conversationKey(a, getPublicKey(b));
    const theirs = nt44.getConversationKey(b, getPublicKey(a));
    expect(bytesToHex(ours)).toBe(bytesToHex(theirs));
    expect(nt44.decrypt(nip44Encrypt(message, ours), theirs)).toBe(message);
    expect(nip44Decrypt(nt44.encrypt(message, theirs), ours)).toBe(message);
  });

  it('NIP-44: a flipped ciphertext byte fails the MAC', () => {
    const ck = conversationKey(a, getPublicKey(b));
    const payload = nip44Encrypt(message, ck);
    const bytes = Buffer.from(payload, 'base64');
    bytes[40] = bytes[40]! ^ 1;
    expect(() => nip44Decrypt(bytes.toString('base64'), ck)).toThrow(/MAC/);
  });

  it('NIP-04: ours encrypts, nostr-tools decrypts, and back', async () => {
    expect(nt04.decrypt(b, getPublicKey(a), await nip04Encrypt(a, getPublicKey(b), message))).toBe(message);
    expect(await nip04Decrypt(a, getPublicKey(b), nt04.encrypt(b, getPublicKey(a), message))).toBe(message);
  });

  it('NIP-01: events we sign verify in nostr-tools; a changed event does not verify in ours', () => {
    const ev = signEvent({ kind: 23194, created_at: 1_700_000_000, tags: [['p', getPublicKey(b)]], content: 'x' }, a);
    expect(ev.pubkey).toBe(getPublicKey(a));
    expect(verifyEvent({ ...ev })).toBe(true);
    expect(verifyEventSignature(ev)).toBe(true);
    expect(verifyEventSignature({ ...ev, content: 'y' })).toBe(false);
    expect(verifyEventSignature({ ...ev, pubkey: getPublicKey(b) })).toBe(false);
  });
});
