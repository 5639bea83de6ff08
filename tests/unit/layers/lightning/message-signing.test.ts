/** WebLN signMessage in LND's format, checked by an independent verifier (tests/helpers/lnd-message.ts). */
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '../../../helpers/bip39-seed';
import { describe, expect, it } from 'vitest';
import { linkingKey, hashingKey } from '../../../../src/layers/lightning/lnurl-auth-keys';
import { MESSAGE_SIGNING_PATH, messageSigningPubkey, recoverMessageSigner, signLightningMessage } from '../../../../src/layers/lightning/message-signing';
import { zbase32Decode, zbase32Encode } from '../../../../src/layers/lightning/zbase32';
import { lndRecover } from '../../../helpers/lnd-message';

const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const root = HDKey.fromMasterSeed(mnemonicToSeedSync(ABANDON));

describe('z-base-32', () => {
  it("reads and writes c-lightning's signmessage example (its zbase field against its signature and recid)", () => {
    const zbase = 'rdq7e66b8gb1x4c8qs383tmi9uo76jdraqbfj8ic7xd1gxyhztfwgdhqhumfehc4dxbed7e5ycf4u6wm9fedfoukz9uqk471okwocw31';
    const hex =
      '20' +
      'ddd47bc1398327e98775b27cc575fce1df2464c382549eacebc7233c1cbc4b430f8ee4d654719a1bc281f51b030ba9fa8bf95032c26abfe6e56bb282a9065332';
    expect(Buffer.from(zbase32Decode(zbase)!).toString('hex')).toBe(hex);
    expect(zbase32Encode(Buffer.from(hex, 'hex'))).toBe(zbase);
  });

  it('refuses characters outside the alphabet and non-zero padding bits', () => {
    expect(zbase32Decode('yl')).toBeNull();
    // Two characters are 10 bits: one byte and two padding bits, which must be zero.
    expect(zbase32Decode('yb')).toBeNull();
    expect(zbase32Decode('yy')).toEqual(Uint8Array.from([0]));
  });
});

describe('Lightning message signatures (LND format)', () => {
  it('verify with an independent LND-style verifier and recover to the key at the chosen path', () => {
    const pub = messageSigningPubkey(root);
    expect(pub).toBe(Buffer.from(root.derive(MESSAGE_SIGNING_PATH).publicKey!).toString('hex'));
    for (const message of ['hello from a dApp', '', 'ünïcødé ⚡ 签名', 'x'.repeat(5000)]) {
      const signature = signLightningMessage(root, message);
      expect(signature).toMatch(/^[ybndrfg8ejkmcpqxot1uwisza345h769]{104}$/);
      expect(lndRecover(message, signature)).toBe(pub);
      expect(recoverMessageSigner(message, signature)).toBe(pub);
    }
  });

  it('is not an LNURL-auth key, neither the hashing key nor a linking key', () => {
    const pub = messageSigningPubkey(root);
    expect(pub).not.toBe(Buffer.from(hashingKey(root).publicKey!).toString('hex'));
    expect(pub).not.toBe(Buffer.from(linkingKey(root, '127.0.0.1').publicKey!).toString('hex'));
    expect(MESSAGE_SIGNING_PATH.startsWith("m/138'")).toBe(false);
  });

  it('recovers another key for another message, and nothing from a mangled signature', () => {
    const pub = messageSigningPubkey(root);
    const signature = signLightningMessage(root, 'pay me');
    expect(recoverMessageSigner('pay me!', signature)).not.toBe(pub);
    expect(recoverMessageSigner('pay me', signature.slice(0, -1))).toBeNull();
    expect(recoverMessageSigner('pay me', `${signature.slice(0, 103)}l`)).toBeNull();
    // A header outside 27…34 is no compact signature.
    const bytes = zbase32Decode(signature)!;
    bytes[0] = 40;
    expect(recoverMessageSigner('pay me', zbase32Encode(bytes))).toBeNull();
  });
});
