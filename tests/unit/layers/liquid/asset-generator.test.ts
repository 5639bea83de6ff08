/**
 * H(tag) hashed to the curve in JavaScript against secp256k1-zkp's
 * generator.generate: the same point for the regtest policy asset and for 200
 * random tags.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { hashAssetTag } from '../../../../src/layers/liquid/asset-generator';
import { ELEMENTS_REGTEST } from '../../../../src/layers/liquid/chain';
import { generatorBytes } from '../../../../src/layers/liquid/commitments';
import { assetIdToBytes } from '../../../../src/layers/liquid/encoding';
import { loadZkp } from '../../../../src/layers/liquid/zkp';

describe('asset generator in JavaScript, checked against secp256k1-zkp', () => {
  it('is the generator the library hashes, for the policy asset and 200 random tags', async () => {
    const zkp = await loadZkp();
    const tags = [Buffer.from(assetIdToBytes(ELEMENTS_REGTEST.policyAsset)), Buffer.alloc(32), ...Array.from({ length: 200 }, () => Buffer.from(secp256k1.utils.randomSecretKey()))];
    for (const tag of tags) expect(bytesToHex(generatorBytes(hashAssetTag(tag)))).toBe(bytesToHex(zkp.generator.generate(tag)));
    expect(() => hashAssetTag(new Uint8Array(31))).toThrow();
  });
});
