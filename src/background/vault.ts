/**
 * The encrypted vault: the mnemonic under AES-256-GCM with a key from
 * PBKDF2-SHA256, both through WebCrypto. The header (version, KDF and cipher
 * parameters) is bound to the ciphertext as additional authenticated data, so a
 * tampered header fails exactly like a tampered ciphertext or a wrong password.
 */
import { base64 } from '@scure/base';
import { WalletError } from '../shared/errors';
import { localText } from '../shared/local-text';

export const VAULT_VERSION = 1;
/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; never accept less. */
export const MIN_PBKDF2_ITERATIONS = 600_000;
export const DEFAULT_PBKDF2_ITERATIONS = 600_000;

export interface VaultHeader {
  version: 1;
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string };
  cipher: { name: 'AES-GCM'; iv: string };
}

export interface VaultBlob extends VaultHeader {
  ciphertext: string;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

async function deriveKey(password: string, kdf: VaultHeader['kdf']): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', enc.encode(password.normalize('NFKC')), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: kdf.hash, iterations: kdf.iterations, salt: base64.decode(kdf.salt) as BufferSource },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** The exact bytes authenticated alongside the ciphertext: the header in a fixed field order. */
function headerBytes(h: VaultHeader): Uint8Array {
  return enc.encode(
    JSON.stringify([h.version, h.kdf.name, h.kdf.hash, h.kdf.iterations, h.kdf.salt, h.cipher.name, h.cipher.iv]),
  );
}

export async function encryptVault(
  secret: string,
  password: string,
  iterations = DEFAULT_PBKDF2_ITERATIONS,
): Promise<VaultBlob> {
  if (iterations < MIN_PBKDF2_ITERATIONS) throw new Error('PBKDF2 iteration count below the minimum');
  const header: VaultHeader = {
    version: VAULT_VERSION,
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: base64.encode(crypto.getRandomValues(new Uint8Array(16))) },
    cipher: { name: 'AES-GCM', iv: base64.encode(crypto.getRandomValues(new Uint8Array(12))) },
  };
  const key = await deriveKey(password, header.kdf);
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: base64.decode(header.cipher.iv) as BufferSource, additionalData: headerBytes(header) as BufferSource },
    key,
    enc.encode(secret),
  );
  return { ...header, ciphertext: base64.encode(new Uint8Array(ct)) };
}

/** Structural check of a stored blob; anything unexpected is refused before any crypto runs. */
export function parseVault(raw: unknown): VaultBlob {
  const v = raw as VaultBlob;
  const ok =
    typeof v === 'object' &&
    v !== null &&
    v.version === VAULT_VERSION &&
    v.kdf?.name === 'PBKDF2' &&
    v.kdf.hash === 'SHA-256' &&
    Number.isInteger(v.kdf.iterations) &&
    v.kdf.iterations >= MIN_PBKDF2_ITERATIONS &&
    v.kdf.iterations <= 100_000_000 &&
    typeof v.kdf.salt === 'string' &&
    v.cipher?.name === 'AES-GCM' &&
    typeof v.cipher.iv === 'string' &&
    typeof v.ciphertext === 'string';
  if (!ok) throw new WalletError('vault_corrupt', localText('err_vault_corrupt'));
  return v;
}

export async function decryptVault(raw: unknown, password: string): Promise<string> {
  const blob = parseVault(raw);
  const key = await deriveKey(password, blob.kdf);
  try {
    const pt = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: base64.decode(blob.cipher.iv) as BufferSource, additionalData: headerBytes(blob) as BufferSource },
      key,
      base64.decode(blob.ciphertext) as BufferSource,
    );
    return dec.decode(pt);
  } catch {
    // GCM cannot tell a wrong password from tampering; both mean "this password does not open it".
    throw new WalletError('wrong_password', localText('err_wrong_password'));
  }
}
