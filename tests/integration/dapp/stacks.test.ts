/**
 * The Stacks dApp family driven as the router will drive it: a DappContext whose
 * `approve` records what the window would show and approves or rejects, on the
 * devnet's Stacks stand-in (tests/devnet/stacks), which verifies every broadcast on
 * its own (signature recovered with @noble, nonce, balance, post-conditions) and
 * runs STX transfers and sBTC's `transfer`. Params are built as @stacks/connect v8
 * sends them (its serializeParams: bigints as strings, Clarity values and
 * post-conditions as hex). Signatures are checked here with @noble/curves over
 * hashes computed from the SIPs' definitions, with Clarity values serialized by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { generateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { c32address } from 'c32check';
import { Cl, makeUnsignedSTXTokenTransfer, Pc, postConditionToHex } from '@stacks/transactions';
import { STACKS_HANDLER } from '../../../src/dapp/stacks/handler';
import { DappError, type ApprovalContent, type DappContext } from '../../../src/dapp/family';
import { StacksService } from '../../../src/layers/stacks/service';
import { accountView } from '../../../src/layers/module-parts';
import { SBTC_DEVNET_DEPLOYER } from '../../../src/shared/networks';
import { startStacksDevnet, type StacksDevnet } from '../../devnet/stacks';
import { testDeps } from '../../helpers/layer-deps';

const STX = 1_000_000n;
const FRIEND = 'ST2CY5V39NHDPWSXMW9QDT3HC3GD6Q6XX4CFRK9AG';

let devnet: StacksDevnet;
beforeAll(async () => {
  devnet = await startStacksDevnet({ deployer: SBTC_DEVNET_DEPLOYER });
});
afterAll(async () => devnet?.stop());

interface Shown {
  method: string;
  content: ApprovalContent;
}

/** A fresh account holding 100 STX, and a context that approves (or rejects) whatever it is shown. */
function wallet(decision: 'approve' | 'reject' = 'approve') {
  const deps = testDeps('stacks', 'devnet', { api: devnet.url }, generateMnemonic(wordlist));
  const svc = new StacksService(deps);
  devnet.credit(svc.address, 100n * STX);
  const shown: Shown[] = [];
  const ctx: DappContext<'stacks'> = {
    origin: 'http://127.0.0.1:5173',
    preset: deps.preset,
    account: accountView(deps.preset, { value: svc.address, path: svc.path }),
    service: async () => svc,
    deps: async () => {
      throw new Error('the Stacks family uses its service, not raw deps');
    },
    approve: async (method, content) => {
      shown.push({ method, content });
      if (decision === 'reject') throw new DappError('user_rejected', 'The user rejected the request.');
    },
  };
  const call = (method: string, params?: unknown) => {
    const m = STACKS_HANDLER.methods[method];
    if (!m) throw new Error(`no method ${method}`);
    return m(params, ctx) as Promise<Record<string, unknown>>;
  };
  return { deps, svc, ctx, shown, call };
}

/** The refusal and its JSON-RPC code, as the page would receive them. */
async function refusal(p: Promise<unknown>): Promise<{ refusal: string; code: number; message: string }> {
  try {
    await p;
  } catch (err) {
    if (!(err instanceof DappError)) throw err;
    return { refusal: err.refusal, code: STACKS_HANDLER.error(err.refusal, err.message, err.data).code, message: err.message };
  }
  throw new Error('expected a refusal');
}

const rowsOf = (c: ApprovalContent) => c.sections.flatMap((s) => s.rows);
const textOf = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
/** An RSV signature's public key, recovered with @noble over `hash`. */
const recover = (rsv: string, hash: Uint8Array) => {
  const sig = hexToBytes(rsv);
  expect(sig.length).toBe(65);
  return bytesToHex(secp256k1.recoverPublicKey(concatBytes(sig.slice(64), sig.slice(0, 64)), hash, { prehash: false }));
};
const addressOf = (publicKeyHex: string) => c32address(26, bytesToHex(ripemd160(sha256(hexToBytes(publicKeyHex)))));

// Clarity's consensus serialization (SIP-005), by hand, for the SIP-018 check.
const u32 = (n: number) => new Uint8Array([n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
const ascii = (s: string) => concatBytes(new Uint8Array([0x0d]), u32(s.length), utf8ToBytes(s));
const uint = (n: bigint) => concatBytes(new Uint8Array([0x01]), hexToBytes(n.toString(16).padStart(32, '0')));
/** A tuple: its fields in the order Clarity keeps them (sorted by name). */
const tuple = (fields: Record<string, Uint8Array>) => {
  const names = Object.keys(fields).sort();
  return concatBytes(new Uint8Array([0x0c]), u32(names.length), ...names.flatMap((n) => [new Uint8Array([n.length]), utf8ToBytes(n), fields[n]!]));
};

describe('Stacks dApp family on the devnet', () => {
  it('stx_getAddresses answers the account, its public key and the network; another network is refused', async () => {
    const { svc, call } = wallet();
    const r = (await call('stx_getAddresses', {})) as { addresses: { symbol: string; address: string; publicKey: string; network: string }[] };
    expect(r.addresses).toHaveLength(1);
    expect(r.addresses[0]).toMatchObject({ symbol: 'STX', address: svc.address, network: 'devnet' });
    expect(addressOf(r.addresses[0]!.publicKey)).toBe(svc.address);
    await expect(call('stx_getAddresses', { network: 'devnet' })).resolves.toBeTruthy();
    const wrong = await refusal(call('stx_getAddresses', { network: 'mainnet' }));
    expect(wrong).toMatchObject({ refusal: 'wrong_network', code: -32602 });
    expect(wrong.message).toMatch(/Local devnet.*mainnet/);
  });

  it('stx_transferStx approved: shown decoded, broadcast, and the devnet moves the STX', async () => {
    const { svc, call, shown } = wallet();
    const before = devnet.stx(FRIEND);
    const r = (await call('stx_transferStx', { recipient: FRIEND, amount: '2500000', memo: 'dapp test', network: 'devnet' })) as { txid: string; transaction: string };
    expect(shown).toHaveLength(1);
    expect(shown[0]!.method).toBe('stx_transferStx');
    const rows = rowsOf(shown[0]!.content);
    expect(rows).toContainEqual(expect.objectContaining({ kind: 'address', value: FRIEND, ours: false }));
    expect(rows).toContainEqual(expect.objectContaining({ kind: 'amount', value: '2500000', decimals: 6, unit: 'STX', outgoing: true }));
    expect(rows).toContainEqual(expect.objectContaining({ kind: 'message', value: 'dapp test' }));
    const feeRow = rows.find((x) => x.kind === 'amount' && x.value !== '2500000');
    expect(devnet.accepted).toContain(r.txid);
    expect(devnet.raw(r.txid)).toBe(r.transaction);
    devnet.mine();
    expect(devnet.stx(FRIEND)).toBe(before + 2_500_000n);
    expect(devnet.stx(svc.address)).toBe(100n * STX - 2_500_000n - BigInt((feeRow as { value: string }).value));
  });

  it('stx_transferStx rejected: -32000 and nothing reaches the node', async () => {
    const { call, shown } = wallet('reject');
    const count = devnet.accepted.length;
    const r = await refusal(call('stx_transferStx', { recipient: FRIEND, amount: '1000' }));
    expect(r).toMatchObject({ refusal: 'user_rejected', code: -32000 });
    expect(shown).toHaveLength(1);
    expect(devnet.accepted.length).toBe(count);
  });

  it('refuses malformed amounts, unknown fields, mainnet recipients and sponsorship before asking the user', async () => {
    const { call, shown } = wallet();
    for (const params of [
      { recipient: FRIEND, amount: '1.5' },
      { recipient: FRIEND, amount: 1.5 },
      { recipient: FRIEND, amount: 2 ** 53 },
      { recipient: FRIEND, amount: '1e6' },
      { recipient: FRIEND, amount: '-5' },
      { recipient: FRIEND, amount: '100', sponsored: true },
      { recipient: FRIEND, amount: '100', surprise: 1 },
    ]) {
      expect(await refusal(call('stx_transferStx', params))).toMatchObject({ refusal: 'invalid_params', code: -32602 });
    }
    expect(await refusal(call('stx_transferStx', { recipient: 'SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7', amount: '100' }))).toMatchObject({ refusal: 'wrong_network' });
    expect(await refusal(call('stx_transferStx', { recipient: FRIEND, amount: '100', network: 'testnet' }))).toMatchObject({ refusal: 'wrong_network' });
    expect(shown).toEqual([]);
  });

  it('stx_transferSip10Ft moves sBTC with the wallet\'s own exact post-condition', async () => {
    const { svc, call, shown } = wallet();
    devnet.mintSbtc(svc.address, 40_000n);
    const r = (await call('stx_transferSip10Ft', { recipient: FRIEND, asset: `${devnet.sbtc.contract}::${devnet.sbtc.asset}`, amount: '15000' })) as { txid: string };
    expect(rowsOf(shown[0]!.content)).toContainEqual(expect.objectContaining({ kind: 'amount', value: '15000', decimals: 8, unit: 'sBTC' }));
    const friend = devnet.sbtcBalance(FRIEND);
    devnet.mine();
    expect(devnet.sbtcBalance(svc.address)).toBe(25_000n);
    expect(devnet.sbtcBalance(FRIEND)).toBe(friend + 15_000n);
    expect(r.txid).toMatch(/^[0-9a-f]{64}$/);
  });

  it('stx_callContract: sBTC transfer with a deny-mode post-condition, shown as Clarity and words, runs on the devnet', async () => {
    const { svc, call, shown } = wallet();
    devnet.mintSbtc(svc.address, 30_000n);
    const params = {
      contract: devnet.sbtc.contract,
      functionName: 'transfer',
      functionArgs: [Cl.uint(12_000), Cl.principal(svc.address), Cl.principal(FRIEND), Cl.none()].map((v) => Cl.serialize(v)),
      postConditions: [postConditionToHex(Pc.principal(svc.address).willSendEq(12_000).ft(devnet.sbtc.contract as `${string}.${string}`, devnet.sbtc.asset))],
      postConditionMode: 'deny',
      network: 'devnet',
    };
    const friend = devnet.sbtcBalance(FRIEND);
    const r = (await call('stx_callContract', params)) as { txid: string; transaction: string };
    const c = shown[0]!.content;
    const rows = rowsOf(c);
    expect(rows).toContainEqual(expect.objectContaining({ kind: 'address', value: devnet.sbtc.contract }));
    expect(rows).toContainEqual(expect.objectContaining({ kind: 'text', value: 'transfer' }));
    expect(rows.filter((x) => x.kind === 'text' && x.mono).map((x) => x.value)).toEqual(['transfer', 'u12000', `'${svc.address}`, `'${FRIEND}`, 'none']);
    const pc = rows.find((x) => x.kind === 'text' && textOf(x.label).includes('dapp_stx_post_condition'));
    expect(pc?.value).toEqual({ key: 'dapp_stx_pc_fungible', params: [{ key: 'dapp_stx_pc_you' }, { key: 'dapp_stx_pc_eq' }, expect.stringContaining('sBTC')] });
    expect(c.warnings ?? []).toEqual([]);
    expect(devnet.raw(r.txid)).toBe(r.transaction);
    devnet.mine();
    expect(devnet.sbtcBalance(svc.address)).toBe(18_000n);
    expect(devnet.sbtcBalance(FRIEND)).toBe(friend + 12_000n);
  });

  it('stx_callContract without post-conditions in deny mode is broadcast and fails on chain, moving nothing; allow mode is warned about', async () => {
    const { svc, call, shown } = wallet();
    devnet.mintSbtc(svc.address, 5_000n);
    const args = [Cl.uint(1_000), Cl.principal(svc.address), Cl.principal(FRIEND), Cl.none()].map((v) => Cl.serialize(v));
    const r = (await call('stx_callContract', { contract: devnet.sbtc.contract, functionName: 'transfer', functionArgs: args })) as { txid: string };
    expect(rowsOf(shown[0]!.content)).toContainEqual(expect.objectContaining({ value: { key: 'dapp_stx_pc_none_deny' } }));
    devnet.mine();
    const tx = (await (await fetch(`${devnet.url}/extended/v1/tx/0x${r.txid}`)).json()) as { tx_status: string };
    expect(tx.tx_status).toBe('abort_by_post_condition');
    expect(devnet.sbtcBalance(svc.address)).toBe(5_000n);

    const { call: rejecting, shown: shown2 } = wallet('reject');
    const count = devnet.accepted.length;
    expect(await refusal(rejecting('stx_callContract', { contract: devnet.sbtc.contract, functionName: 'transfer', functionArgs: args, postConditionMode: 'allow' }))).toMatchObject({ code: -32000 });
    expect(shown2[0]!.content.warnings).toEqual([{ key: 'dapp_stx_warn_allow_mode' }]);
    expect(devnet.accepted.length).toBe(count);
  });

  it('stx_callContract whose broadcast is lost: the page is told not to ask again, and the wallet sends the kept call itself', async () => {
    const { svc, call } = wallet();
    devnet.mintSbtc(svc.address, 2_000n);
    const args = [Cl.uint(700), Cl.principal(svc.address), Cl.principal(FRIEND), Cl.none()].map((v) => Cl.serialize(v));
    const pcs = [postConditionToHex(Pc.principal(svc.address).willSendEq(700).ft(devnet.sbtc.contract as `${string}.${string}`, devnet.sbtc.asset))];
    const count = devnet.accepted.length;
    devnet.loseNextBroadcast();
    const lost = await refusal(call('stx_callContract', { contract: devnet.sbtc.contract, functionName: 'transfer', functionArgs: args, postConditions: pcs }));
    expect(lost).toMatchObject({ refusal: 'internal', code: -32603 });
    expect(lost.message).toMatch(/do not ask for it a second time/);
    // Where the wallet's node runs is not the site's business.
    expect(lost.message).not.toContain(new URL(devnet.url).host);
    expect(devnet.accepted.length).toBe(count);
    // The next request sends the kept call first (send log), then its own, numbered after it.
    const next = (await call('stx_transferStx', { recipient: FRIEND, amount: '1000' })) as { txid: string };
    expect(devnet.accepted.length).toBe(count + 2);
    expect(devnet.accepted.at(-1)).toBe(next.txid);
    devnet.mine();
    expect(devnet.sbtcBalance(svc.address)).toBe(1_300n);
  });

  it('stx_callContract refuses Clarity arguments with bytes after the value, and mainnet contracts', async () => {
    const { call, shown } = wallet();
    const arg = `${Cl.serialize(Cl.uint(1))}00`;
    expect(await refusal(call('stx_callContract', { contract: devnet.sbtc.contract, functionName: 'transfer', functionArgs: [arg] }))).toMatchObject({ refusal: 'invalid_params' });
    expect(await refusal(call('stx_callContract', { contract: 'SP3FBR2AGK5H9QBDH3EEN6DF8EK8JY7RX8QJ5SVTE.sbtc-token', functionName: 'transfer', functionArgs: [] }))).toMatchObject({ refusal: 'wrong_network' });
    expect(shown).toEqual([]);
  });

  it('stx_signMessage: an RSV signature over the Stacks message hash, recovered by @noble to our key', async () => {
    const { svc, call, shown } = wallet();
    const message = 'Sign in to example.test\nnonce: 42 — ünïcode';
    const r = (await call('stx_signMessage', { message })) as { signature: string; publicKey: string };
    expect(rowsOf(shown[0]!.content)).toContainEqual(expect.objectContaining({ kind: 'message', value: message }));
    const bytes = utf8ToBytes(message);
    expect(bytes.length).toBeLessThan(0xfd);
    const hash = sha256(concatBytes(utf8ToBytes('\x17Stacks Signed Message:\n'), new Uint8Array([bytes.length]), bytes));
    expect(recover(r.signature, hash)).toBe(r.publicKey);
    expect(addressOf(r.publicKey)).toBe(svc.address);
  });

  it('stx_signStructuredMessage: SIP-018 hash computed here, signature recovered to our key; a mainnet domain is wrong_network', async () => {
    const { svc, call, shown } = wallet();
    const domain = tuple({ name: ascii('Example dApp'), version: ascii('1.0.0'), 'chain-id': uint(0x80000000n) });
    const message = tuple({ action: ascii('vote'), amount: uint(7n) });
    const r = (await call('stx_signStructuredMessage', { domain: bytesToHex(domain), message: bytesToHex(message) })) as { signature: string; publicKey: string };
    const rows = rowsOf(shown[0]!.content);
    expect(rows).toContainEqual(expect.objectContaining({ value: '"Example dApp"' }));
    expect(rows).toContainEqual(expect.objectContaining({ value: 'u2147483648' }));
    expect(rows).toContainEqual(expect.objectContaining({ value: '{ action: "vote", amount: u7 }' }));
    const hash = sha256(concatBytes(utf8ToBytes('SIP018'), sha256(domain), sha256(message)));
    expect(recover(r.signature, hash)).toBe(r.publicKey);
    expect(addressOf(r.publicKey)).toBe(svc.address);

    const count = shown.length;
    const mainnet = tuple({ name: ascii('Example dApp'), version: ascii('1.0.0'), 'chain-id': uint(1n) });
    expect(await refusal(call('stx_signStructuredMessage', { domain: bytesToHex(mainnet), message: bytesToHex(message) }))).toMatchObject({ refusal: 'wrong_network', code: -32602 });
    const noChain = tuple({ name: ascii('Example dApp'), version: ascii('1.0.0') });
    expect(await refusal(call('stx_signStructuredMessage', { domain: bytesToHex(noChain), message: bytesToHex(message) }))).toMatchObject({ refusal: 'invalid_params' });
    expect(shown.length).toBe(count);
  });

  it('stx_signTransaction signs our own transaction without broadcasting; the devnet accepts it when the site does', async () => {
    const { svc, call, shown } = wallet();
    const unsigned = await makeUnsignedSTXTokenTransfer({ recipient: FRIEND, amount: 3_000n, publicKey: svc.publicKeyHex(), nonce: 0n, fee: 500n, network: 'testnet' });
    const count = devnet.accepted.length;
    const r = (await call('stx_signTransaction', { transaction: unsigned.serialize() })) as { transaction: string };
    const c = shown[0]!.content;
    expect(rowsOf(c)).toContainEqual(expect.objectContaining({ kind: 'amount', value: '3000', unit: 'STX' }));
    expect(rowsOf(c)).toContainEqual(expect.objectContaining({ kind: 'amount', value: '500' }));
    expect(c.warnings).toContainEqual({ key: 'dapp_stx_warn_sign_only', params: ['0'] });
    expect(devnet.accepted.length).toBe(count);
    const posted = await fetch(`${devnet.url}/v2/transactions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tx: r.transaction }) });
    expect(posted.status).toBe(200);

    const stranger = wallet();
    const theirs = await makeUnsignedSTXTokenTransfer({ recipient: FRIEND, amount: 3_000n, publicKey: stranger.svc.publicKeyHex(), nonce: 0n, fee: 500n, network: 'testnet' });
    const before = shown.length;
    expect(await refusal(call('stx_signTransaction', { transaction: theirs.serialize() }))).toMatchObject({ refusal: 'invalid_params' });
    expect(await refusal(call('stx_signTransaction', { transaction: unsigned.serialize(), broadcast: true }))).toMatchObject({ refusal: 'invalid_params' });
    const mainnet = await makeUnsignedSTXTokenTransfer({ recipient: 'SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7', amount: 3_000n, publicKey: svc.publicKeyHex(), nonce: 0n, fee: 500n, network: 'mainnet' });
    expect(await refusal(call('stx_signTransaction', { transaction: mainnet.serialize() }))).toMatchObject({ refusal: 'wrong_network' });
    expect(await refusal(call('stx_signTransaction', { transaction: `${unsigned.serialize()}00` }))).toMatchObject({ refusal: 'invalid_params' });
    expect(shown.length).toBe(before);
  });
});
