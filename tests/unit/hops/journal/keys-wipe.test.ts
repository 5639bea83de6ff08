/**
 * The journal key leaves no copy behind: the 64 bytes of BIP85 entropy it is cut
 * from (the key is their first half) are zeroed once the key is taken.
 */
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '../../../helpers/bip39-seed';
import { describe, expect, it, vi } from 'vitest';

const handedOut: Uint8Array[] = [];
vi.mock('../../../../src/hops/keys', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../../src/hops/keys')>();
  return {
    ...real,
    bip85Entropy: (...args: Parameters<typeof real.bip85Entropy>) => {
      const entropy = real.bip85Entropy(...args);
      handedOut.push(entropy);
      return entropy;
    },
  };
});

const { journalKeys, wipeJournalKeys } = await import('../../../../src/hops/journal/keys');

describe('journal key material', () => {
  it('zeroes the BIP85 entropy it was cut from, and wipeJournalKeys zeroes the key and tag key', () => {
    const root = HDKey.fromMasterSeed(mnemonicToSeedSync('abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'));
    const keys = journalKeys(root);
    expect(handedOut).toHaveLength(1);
    expect(handedOut[0]!.length).toBe(64);
    expect(handedOut[0]!.every((b) => b === 0)).toBe(true);
    // The key itself is its own copy, still whole until wiped.
    expect(keys.secretKey.some((b) => b !== 0)).toBe(true);
    wipeJournalKeys(keys);
    expect(keys.secretKey.every((b) => b === 0) && keys.tagKey.every((b) => b === 0)).toBe(true);
  });
});
