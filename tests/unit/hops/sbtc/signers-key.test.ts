/**
 * The signers' key an sBTC deposit is locked to (src/hops/sbtc/signers-key.ts):
 * read from sbtc-registry's get-current-aggregate-pubkey through the Stacks API's
 * read-only call (stacks-core stackslib/src/net/api/callreadonly.rs), required to be
 * pinned on a public network and equal to the pin, and required to hold at least
 * the deposit on Bitcoin at the signers' key-path-only P2TR address (sbtc
 * signer/src/keys.rs signers_script_pubkey). Servers here are loopback, scripted
 * per test; the address is derived with @scure/btc-signer, not the wallet's
 * bitcoinjs-lib.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { p2tr } from '@scure/btc-signer';
import { bufferCV, serializeCV, uintCV } from '@stacks/transactions';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signersKeyUnpinned, signersPublicKey, verifiedSignersKey } from '../../../../src/hops/sbtc/signers-key';
import { HttpClient } from '../../../../src/shared/http';
import { DevServer } from '../../../devnet/http-server';
import { hopWallet } from '../../../helpers/hop-context';
import { ABANDON } from '../../../helpers/layer-deps';
import { englishOf } from '../../../helpers/english-of';

const DEPLOYER = 'ST1F7QA2MDF17S807EPA36TSS8AMEFY4KA9TVGWXT';
const SENDER = 'ST2CY5V39NHDPWSXMW9QDT3HC3GD6Q6XX4CFRK9AG';
const REGTEST = { bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef };
const KEY = secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true);
const signersAddress = (key: Uint8Array) => p2tr(key.slice(1), undefined, REGTEST).address!;

let server: DevServer;
let reply: object;
let balances: Map<string, number>;
let askedBalances: string[];
let asked: { sender?: string; arguments?: unknown[] }[];

beforeAll(async () => {
  server = new DevServer();
  server.post(`/v2/contracts/call-read/${DEPLOYER}/sbtc-registry/get-current-aggregate-pubkey`, (req) => {
    asked.push(req.json());
    return reply;
  });
  // electrs src/rest.rs GET /address/:address (chain_stats).
  server.get('/address/:address', (req) => {
    askedBalances.push(req.params.address!);
    const funded = balances.get(req.params.address!) ?? 0;
    return { address: req.params.address, chain_stats: { funded_txo_count: 1, funded_txo_sum: funded, spent_txo_count: 0, spent_txo_sum: 0, tx_count: 1 }, mempool_stats: {} };
  });
  await server.listen();
});
afterAll(() => server.close());
beforeEach(() => {
  reply = { okay: true, result: `0x${serializeCV(bufferCV(KEY))}` };
  balances = new Map([[signersAddress(KEY), 1_000_000]]);
  askedBalances = [];
  asked = [];
});

describe('signersPublicKey: the registry read', () => {
  const api = () => new HttpClient(server.url, { retries: 0 });

  it('returns the 33-byte key the registry holds, asking as `sender` with no arguments', async () => {
    expect(bytesToHex(await signersPublicKey(api(), DEPLOYER, SENDER))).toBe(bytesToHex(KEY));
    expect(asked).toEqual([{ sender: SENDER, arguments: [] }]);
  });

  it('refuses a failed call, a non-buffer value, a short buffer and an uncompressed-prefix key', async () => {
    reply = { okay: false, cause: 'Unchecked(NoSuchContract)' };
    await expect(signersPublicKey(api(), DEPLOYER, SENDER)).rejects.toThrow(/did not give the signers' key; the Stacks node said: “Unchecked\(NoSuchContract\)”/);
    reply = { okay: true, result: `0x${serializeCV(uintCV(5))}` };
    await expect(signersPublicKey(api(), DEPLOYER, SENDER)).rejects.toThrow(/something other than a key/);
    reply = { okay: true, result: `0x${serializeCV(bufferCV(KEY.slice(1)))}` };
    await expect(signersPublicKey(api(), DEPLOYER, SENDER)).rejects.toThrow(/malformed key/);
    reply = { okay: true, result: `0x${serializeCV(bufferCV(Uint8Array.from([4, ...KEY.slice(1)])))}` };
    await expect(signersPublicKey(api(), DEPLOYER, SENDER)).rejects.toThrow(/malformed key/);
  });
});

describe('verifiedSignersKey', () => {
  const wallet = (opts: { pin?: string; publicLike?: boolean } = {}) =>
    hopWallet({
      mnemonic: ABANDON,
      endpoints: { 'stacks.api': server.url, 'stacks.emily': server.url, 'bitcoin.esplora': server.url },
      ...(opts.pin !== undefined ? { pins: { 'stacks.sbtcSignersKey': opts.pin } } : {}),
      ...(opts.publicLike ? { publicLike: ['stacks' as const] } : {}),
    }).ctx;

  it('a public network without a pinned key: refused before any server is asked', async () => {
    const ctx = wallet({ publicLike: true });
    expect(englishOf(signersKeyUnpinned(ctx) ?? undefined)).toMatch(/not pinned .*Nothing was sent/);
    await expect(verifiedSignersKey(ctx, DEPLOYER, SENDER, 1n)).rejects.toMatchObject({ code: 'unsupported' });
    expect(asked).toHaveLength(0);
    expect(signersKeyUnpinned(wallet())).toBeNull();
  });

  it('pinned and equal to the registry’s, and the signers’ P2TR address holds the deposit: the key', async () => {
    const key = await verifiedSignersKey(wallet({ publicLike: true, pin: bytesToHex(KEY) }), DEPLOYER, SENDER, 1_000_000n);
    expect(bytesToHex(key)).toBe(bytesToHex(KEY));
    expect(askedBalances).toEqual([signersAddress(KEY)]);
  });

  it('the registry names another key than the pin: refused, and Bitcoin is not even asked', async () => {
    const other = secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true);
    balances.set(signersAddress(other), 10_000_000);
    reply = { okay: true, result: `0x${serializeCV(bufferCV(other))}` };
    await expect(verifiedSignersKey(wallet({ publicLike: true, pin: bytesToHex(KEY) }), DEPLOYER, SENDER, 1n)).rejects.toThrow(
      new RegExp(`names ${bytesToHex(other)} .* pinned .* is ${bytesToHex(KEY)}\\. Nothing was sent\\.`),
    );
    expect(askedBalances).toHaveLength(0);
  });

  it('the key’s Bitcoin wallet holds less than the deposit: refused (the local devnet too), one sat short is enough', async () => {
    await expect(verifiedSignersKey(wallet(), DEPLOYER, SENDER, 1_000_001n)).rejects.toThrow(/holds 0\.01 BTC, less than this deposit.*Nothing was sent/);
    await expect(verifiedSignersKey(wallet({ publicLike: true, pin: bytesToHex(KEY) }), DEPLOYER, SENDER, 1_000_001n)).rejects.toMatchObject({ code: 'backend_error' });
    expect(bytesToHex(await verifiedSignersKey(wallet(), DEPLOYER, SENDER, 1_000_000n))).toBe(bytesToHex(KEY));
  });
});
