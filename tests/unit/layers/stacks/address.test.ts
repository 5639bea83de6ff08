/**
 * Stacks principals against c32check's vectors (stacks-network/c32check
 * tests/unitTests/src/index.ts: `c32addressTests` for versions 26 (ST) and 21 (SN),
 * 22 (SP) and 20 (SM); the homoglyph cases of `c32checkEncodingTests`, where
 * 1 may be typed I/i/L/l, 0 as O/o, and any letter in lower case; and the
 * invalid decodes). Look-alikes decode to the same account, so the wallet keeps
 * and compares only the canonical form.
 */
import { describe, expect, it } from 'vitest';
import { parsePrincipal } from '../../../../src/layers/stacks/address';
import { StacksService } from '../../../../src/layers/stacks/service';
import { testDeps } from '../../../helpers/layer-deps';

const TESTNET: [string, number][] = [
  ['ST2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKQYAC0RQ', 26],
  ['ST000000000000000000002AMW42H', 26],
  ['ST000000000000000000042DB08Y', 26],
  ['ST80000000000000000000000000000006BYJ4R4', 26],
  ['ST80000000000000000000000000000002YBNPV3', 26],
  ['SN2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKP6D2ZK9', 21],
  ['SN000000000000000000003YDHWKJ', 21],
  ['SN00000000000000000005341MC8', 21],
  ['SN800000000000000000000000000000066KZWY0', 21],
  ['SN800000000000000000000000000000006H75AK', 21],
];
const MAINNET = ['SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7', 'SM2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKQVX8X0G'];
const INVALID = [
  'ST2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKQYAC0RQ0',
  'ST2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKQYAC0RR',
  'ST2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKQYAC0R',
  'ST2J',
  'bP2CT665Q0JB7P39TZ7BST0QYCAQSMJWBZK8QT35J',
];

/** c32check's homoglyph substitutions of an address (after its leading S). */
function lookAlikes(address: string): string[] {
  const body = address.slice(1);
  return [
    ...['I', 'i', 'L', 'l'].map((c) => body.replace(/1/g, c)),
    ...['O', 'o'].map((c) => body.replace(/0/g, c)),
    body.toLowerCase(),
  ].map((b) => `S${b}`);
}

describe('c32check address vectors', () => {
  it.each(TESTNET)('reads %s (version %i)', (address, version) => {
    expect(parsePrincipal(address, { allowContract: false })).toEqual({ kind: 'standard', address, version });
  });

  it.each(TESTNET)('reads every look-alike of %s as the canonical address', (address) => {
    const typed = lookAlikes(address).filter((a) => a !== address);
    expect(typed.length).toBeGreaterThan(0);
    for (const form of typed) expect(parsePrincipal(form, { allowContract: false }).address, form).toBe(address);
    expect(parsePrincipal(`${lookAlikes(address)[2]}.my-token`, { allowContract: true })).toMatchObject({ address, id: `${address}.my-token` });
  });

  it.each(MAINNET)('refuses mainnet %s as another network', (address) => {
    expect(() => parsePrincipal(address, { allowContract: false })).toThrowError(expect.objectContaining({ code: 'wrong_network' }));
  });

  it.each(INVALID)('refuses %s', (address) => {
    expect(() => parsePrincipal(address, { allowContract: false })).toThrowError(expect.objectContaining({ code: 'bad_address' }));
  });
});

describe("the own-address check compares canonical forms", () => {
  it('refuses a send to a look-alike of the wallet\'s own address before asking the network anything', async () => {
    const deps = testDeps('stacks', 'devnet', { api: 'http://127.0.0.1:9' });
    const svc = new StacksService(deps);
    const own = svc.address;
    for (const typed of lookAlikes(own).filter((a) => a !== own)) {
      await expect(svc.quote({ asset: 'STX', to: typed, amount: 1n }), typed).rejects.toMatchObject({ code: 'bad_address', message: expect.stringMatching(/own address/) });
    }
    expect(deps.requests).toEqual([]);
  });
});
