import { base64 } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { decryptVault, encryptVault, MIN_PBKDF2_ITERATIONS, parseVault, type VaultBlob } from '../../../src/background/vault';

const PHRASE = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const PASSWORD = 'Correct-Horse-42';

function flipByte(b64: string, index = 0): string {
  const bytes = base64.decode(b64);
  bytes[index] = bytes[index]! ^ 0x01;
  return base64.encode(bytes);
}

describe('vault', () => {
  it('round-trips the phrase and stores only ciphertext', async () => {
    const blob = await encryptVault(PHRASE, PASSWORD);
    expect(JSON.stringify(blob)).not.toContain('abandon');
    expect(blob.version).toBe(1);
    expect(blob.kdf).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000 });
    expect(base64.decode(blob.kdf.salt)).toHaveLength(16);
    expect(base64.decode(blob.cipher.iv)).toHaveLength(12);
    await expect(decryptVault(blob, PASSWORD)).resolves.toBe(PHRASE);
  });

  it('uses a fresh salt and IV every time', async () => {
    const [a, b] = await Promise.all([encryptVault(PHRASE, PASSWORD), encryptVault(PHRASE, PASSWORD)]);
    expect(a.kdf.salt).not.toBe(b.kdf.salt);
    expect(a.cipher.iv).not.toBe(b.cipher.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it('refuses a wrong password', async () => {
    const blob = await encryptVault(PHRASE, PASSWORD);
    await expect(decryptVault(blob, 'Correct-Horse-43')).rejects.toMatchObject({ code: 'wrong_password' });
  });

  it('refuses a tampered ciphertext, salt, IV or iteration count', async () => {
    const blob = await encryptVault(PHRASE, PASSWORD);
    const tampered: VaultBlob[] = [
      { ...blob, ciphertext: flipByte(blob.ciphertext, 3) },
      { ...blob, kdf: { ...blob.kdf, salt: flipByte(blob.kdf.salt) } },
      { ...blob, cipher: { ...blob.cipher, iv: flipByte(blob.cipher.iv) } },
      { ...blob, kdf: { ...blob.kdf, iterations: blob.kdf.iterations + 1 } },
    ];
    for (const t of tampered) await expect(decryptVault(t, PASSWORD)).rejects.toMatchObject({ code: 'wrong_password' });
  });

  it('stores the KDF parameters and decrypts with the stored ones, not the defaults', async () => {
    const blob = await encryptVault(PHRASE, PASSWORD, 650_000);
    expect(blob.kdf.iterations).toBe(650_000);
    // Decrypt independently with WebCrypto and the stored parameters only.
    const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(PASSWORD), 'PBKDF2', false, ['deriveKey']);
    const key = await crypto.subtle.deriveKey(
      { name: 'PBKDF2', hash: 'SHA-256', iterations: 650_000, salt: base64.decode(blob.kdf.salt) as BufferSource },
      material,
      { name: 'AES-GCM', length: 256 },
      false,
      ['decrypt'],
    );
    const aad = new TextEncoder().encode(
      JSON.stringify([1, 'PBKDF2', 'SHA-256', 650_000, blob.kdf.salt, 'AES-GCM', blob.cipher.iv]),
    );
    const pt = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: base64.decode(blob.cipher.iv) as BufferSource, additionalData: aad },
      key,
      base64.decode(blob.ciphertext) as BufferSource,
    );
    expect(new TextDecoder().decode(pt)).toBe(PHRASE);
    await expect(decryptVault(blob, PASSWORD)).resolves.toBe(PHRASE);
  });

  it('never accepts fewer than 600,000 iterations or an unknown format', async () => {
    await expect(encryptVault(PHRASE, PASSWORD, MIN_PBKDF2_ITERATIONS - 1)).rejects.toThrow();
    const blob = await encryptVault(PHRASE, PASSWORD);
    expect(() => parseVault({ ...blob, kdf: { ...blob.kdf, iterations: 1000 } })).toThrow(/damaged/);
    expect(() => parseVault({ ...blob, version: 2 })).toThrow(/damaged/);
    expect(() => parseVault({ ...blob, cipher: { name: 'AES-CBC', iv: blob.cipher.iv } })).toThrow(/damaged/);
    expect(() => parseVault('not a vault')).toThrow(/damaged/);
  });
});
