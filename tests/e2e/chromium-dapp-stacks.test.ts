/**
 * The Stacks provider end to end in Chromium: a test dApp built with @stacks/connect
 * v8's `request` (tests/e2e/dapp/pages/stacks.ts) talks to the built extension on the
 * Stacks devnet stand-in, which verifies every broadcast on its own (signature
 * recovered with @noble, nonce, balance, post-conditions) and runs sBTC's `transfer`.
 * The SIP-018 signature is checked here with @noble/curves over the hash computed from
 * the SIP with Clarity values serialized by hand.
 */
import { afterAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { c32address } from 'c32check';
import type { StacksDevnet } from '../devnet/stacks';
import { launchExtension, type LoadedExtension } from './chromium';
import { approvalWindow, approve, hasApprovalWindow, pageResult, reject } from './dapp/harness';
import { startDappServer, type DappServer } from './dapp/server';
import { useDevnet } from './devnet-settings';
import { phraseFor, test } from './devnets';
import { importWalletThroughPopup, playwrightDriver as drive } from './popup-flows';

const FRIEND = 'ST2CY5V39NHDPWSXMW9QDT3HC3GD6Q6XX4CFRK9AG';
const STX = 1_000_000n;

// Clarity's consensus serialization (SIP-005), by hand.
const u32 = (n: number) => new Uint8Array([n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
const ascii = (s: string) => concatBytes(new Uint8Array([0x0d]), u32(s.length), utf8ToBytes(s));
const uint = (n: bigint) => concatBytes(new Uint8Array([0x01]), hexToBytes(n.toString(16).padStart(32, '0')));
const tuple = (fields: Record<string, Uint8Array>) => {
  const names = Object.keys(fields).sort();
  return concatBytes(new Uint8Array([0x0c]), u32(names.length), ...names.flatMap((n) => [new Uint8Array([n.length]), utf8ToBytes(n), fields[n]!]));
};

let devnet: StacksDevnet;
let ext: LoadedExtension;
let server: DappServer;
let dapp: Page;
let me: string;

test.beforeAll(async ({ devnets }) => {
  devnet = await devnets.stacks();
  [ext, server] = await Promise.all([launchExtension(), startDappServer()]);
  const popup = await ext.openPopup();
  await importWalletThroughPopup(drive(popup), phraseFor('chromium-dapp-stacks'));
  await useDevnet(drive(popup), [{ layer: 'stacks', key: 'api', url: devnet.url }]);
  me = (await popup.textContent('[data-testid=address-stacks]'))!.trim();
  devnet.credit(me, 100n * STX);
  devnet.mintSbtc(me, 10_000n);
  await popup.close();
  dapp = await ext.context.newPage();
  await dapp.goto(`${server.url}/stacks.html`);
});
afterAll(async () => {
  await Promise.all([ext?.close(), server?.close()]);
});

/** Clicks a button of the dApp, answers the window that opens, and reads the page's result. */
async function ask(testId: string, answer: typeof approve) {
  await dapp.getByTestId(testId).click();
  const win = await approvalWindow(ext.context);
  const shown = { method: await win.getByTestId('approve').getAttribute('data-method'), rows: await win.getByTestId('approve-row').allTextContents(), warnings: await win.getByTestId('approve-warning').allTextContents() };
  const meta = await answer(win);
  return { shown, meta, reply: await pageResult(dapp, testId) };
}

it('connects through @stacks/connect: the window names the origin and the devnet, the page gets our address and key', async () => {
  const { shown, meta, reply } = await ask('stx-connect', approve);
  expect(shown.method).toBe('connect');
  expect(meta.origin).toBe(server.url);
  expect(meta.network).toBe('Local devnet');
  expect(shown.rows.join(' ')).toContain(me);
  const entry = (reply.result as { addresses: { address: string; publicKey: string }[] }).addresses[0]!;
  expect(entry.address).toBe(me);
  expect(c32address(26, bytesToHex(ripemd160(sha256(hexToBytes(entry.publicKey)))))).toBe(me);
});

it('an STX transfer approved in the window lands on the devnet', async () => {
  const before = devnet.stx(FRIEND);
  const accepted = devnet.accepted.length;
  const { shown, reply } = await ask('stx-transfer', approve);
  expect(shown.method).toBe('stx_transferStx');
  expect(shown.rows.join(' ')).toContain(FRIEND);
  expect(shown.rows.join(' ')).toMatch(/1\.5 STX/);
  const { txid, transaction } = reply.result as { txid: string; transaction: string };
  expect(devnet.accepted.slice(accepted)).toEqual([txid]);
  expect(devnet.raw(txid)).toBe(transaction);
  devnet.mine();
  expect(devnet.stx(FRIEND)).toBe(before + 1_500_000n);
});

it('an STX transfer rejected in the window: the page gets -32000 and nothing reaches the node', async () => {
  const accepted = devnet.accepted.length;
  const { reply } = await ask('stx-transfer', reject);
  expect(reply.error).toMatchObject({ code: -32000 });
  expect(devnet.accepted.length).toBe(accepted);
});

it('a contract call (sBTC transfer, deny mode) shows its Clarity arguments and post-condition, and runs on the devnet', async () => {
  const before = devnet.sbtcBalance(FRIEND);
  const { shown, reply } = await ask('stx-call', approve);
  expect(shown.method).toBe('stx_callContract');
  const rows = shown.rows.join('\n');
  expect(rows).toContain('u2500');
  expect(rows).toContain(`'${FRIEND}`);
  expect(rows).toMatch(/exactly/);
  expect(shown.warnings).toEqual([]);
  expect(devnet.accepted).toContain((reply.result as { txid: string }).txid);
  devnet.mine();
  expect(devnet.sbtcBalance(FRIEND)).toBe(before + 2_500n);
  expect(devnet.sbtcBalance(me)).toBe(7_500n);
});

it('a SIP-018 signature verifies with @noble over the SIP\'s hash; a mainnet domain is refused with no window', async () => {
  const { reply } = await ask('stx-sign-structured', approve);
  const { signature, publicKey } = reply.result as { signature: string; publicKey: string };
  const domain = tuple({ name: ascii('Layerhop E2E'), version: ascii('1.0.0'), 'chain-id': uint(0x80000000n) });
  const message = tuple({ action: ascii('vote'), amount: uint(7n) });
  const hash = sha256(concatBytes(utf8ToBytes('SIP018'), sha256(domain), sha256(message)));
  const sig = hexToBytes(signature);
  expect(bytesToHex(secp256k1.recoverPublicKey(concatBytes(sig.slice(64), sig.slice(0, 64)), hash, { prehash: false }))).toBe(publicKey);

  await dapp.getByTestId('stx-sign-mainnet-domain').click();
  expect((await pageResult(dapp, 'stx-sign-mainnet-domain')).error).toMatchObject({ code: -32602, data: { network: 'devnet' } });
  expect(hasApprovalWindow(ext.context)).toBe(false);
});

it('a second origin that never connected gets -32002 and no window', async () => {
  const other = await ext.context.newPage();
  await other.goto(`${server.otherUrl}/stacks.html`);
  const accepted = devnet.accepted.length;
  await other.getByTestId('stx-transfer').click();
  expect((await pageResult(other, 'stx-transfer')).error).toMatchObject({ code: -32002 });
  expect(hasApprovalWindow(ext.context)).toBe(false);
  expect(devnet.accepted.length).toBe(accepted);
  await other.close();
});
