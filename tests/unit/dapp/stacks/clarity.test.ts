/** Clarity values and post-conditions from a page: read strictly, shown in Clarity's text form and in words. */
import { describe, expect, it } from 'vitest';
import { Cl, Pc, postConditionToHex } from '@stacks/transactions';
import { clarityText, parseClarity } from '../../../../src/dapp/stacks/clarity';
import { describePostCondition, parsePostCondition } from '../../../../src/dapp/stacks/post-conditions';
import { DappError } from '../../../../src/dapp/family';
import { stacksAssets } from '../../../../src/layers/stacks/assets';
import { PRESETS } from '../../../../src/shared/networks';

const ME = 'ST2CY5V39NHDPWSXMW9QDT3HC3GD6Q6XX4CFRK9AG';
const OTHER = 'ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM';
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    if (err instanceof DappError) return err.refusal;
    throw err;
  }
  return 'accepted';
};

describe('Clarity values from a page', () => {
  it('reads hex (with or without 0x) and the JSON form to the same value', () => {
    const v = Cl.tuple({ amount: Cl.uint(5), to: Cl.principal(ME) });
    const hex = Cl.serialize(v);
    expect(parseClarity(hex, 'a')).toEqual(v);
    expect(parseClarity(`0x${hex}`, 'a')).toEqual(v);
    expect(parseClarity({ type: 'uint', value: '12' }, 'a')).toEqual(Cl.uint(12));
  });

  it('refuses bytes after the value, odd hex, a truncated value and junk', () => {
    expect(refusal(() => parseClarity(`${Cl.serialize(Cl.uint(1))}00`, 'a'))).toBe('invalid_params');
    expect(refusal(() => parseClarity('010', 'a'))).toBe('invalid_params');
    expect(refusal(() => parseClarity(Cl.serialize(Cl.uint(1)).slice(0, 20), 'a'))).toBe('invalid_params');
    expect(refusal(() => parseClarity({ type: 'uint', value: 1.5 }, 'a'))).toBe('invalid_params');
    expect(refusal(() => parseClarity(42, 'a'))).toBe('invalid_params');
  });

  it('shows values in Clarity syntax', () => {
    expect(clarityText(Cl.uint(12))).toBe('u12');
    expect(clarityText(Cl.int(-3))).toBe('-3');
    expect(clarityText(Cl.principal(`${ME}.token`))).toBe(`'${ME}.token`);
    expect(clarityText(Cl.some(Cl.buffer(new Uint8Array([1, 0xab]))))).toBe('(some 0x01ab)');
    expect(clarityText(Cl.list([Cl.bool(true), Cl.none()]))).toBe('(list true none)');
    expect(clarityText(Cl.error(Cl.uint(4)))).toBe('(err u4)');
    expect(clarityText(Cl.tuple({ b: Cl.stringUtf8('héllo'), a: Cl.uint(1) }))).toBe('{ a: u1, b: u"héllo" }');
  });

  it('escapes what could fake structure or hide text inside a string', () => {
    // A string trying to close itself and add an argument, and one with a right-to-left override and a zero-width space.
    expect(clarityText(Cl.stringAscii('x") (amount u1'))).toBe('"x\\") (amount u1"');
    expect(clarityText(Cl.stringUtf8('pay\u202Eevil\u200B\nnext'))).toBe('u"pay\\u{202e}evil\\u{200b}\\nnext"');
  });
});

describe('post-conditions from a page', () => {
  const tokens = stacksAssets(PRESETS.stacks.find((p) => p.id === 'devnet')!.params);
  const sbtc = tokens.find((t) => t.kind === 'sip010')!;
  if (sbtc.kind !== 'sip010') throw new Error('no sBTC on the devnet preset');

  it('reads the hex @stacks/connect sends and SIP-030 JSON alike, and says them in words', () => {
    const pc = Pc.principal(ME).willSendGte(150_000).ft(sbtc.contract, sbtc.asset);
    const fromHex = parsePostCondition(postConditionToHex(pc), 'p');
    expect(parsePostCondition(pc, 'p')).toEqual(fromHex);
    expect(describePostCondition(fromHex, ME, tokens)).toEqual({ key: 'dapp_stx_pc_fungible', params: [{ key: 'dapp_stx_pc_you' }, { key: 'dapp_stx_pc_gte' }, '0.0015 sBTC'] });
    const stx = parsePostCondition(Pc.principal(OTHER).willSendLt(2_000_000).ustx(), 'p');
    expect(describePostCondition(stx, ME, tokens)).toEqual({ key: 'dapp_stx_pc_fungible', params: [OTHER, { key: 'dapp_stx_pc_lt' }, '2 STX'] });
    const unknown = parsePostCondition(Pc.origin().willSendEq(7).ft(`${OTHER}.coin`, 'coin'), 'p');
    expect(describePostCondition(unknown, ME, tokens)).toEqual({ key: 'dapp_stx_pc_fungible', params: [{ key: 'dapp_stx_pc_you' }, { key: 'dapp_stx_pc_eq' }, { key: 'dapp_stx_units_of', params: ['7', `${OTHER}.coin::coin`] }] });
    const nft = parsePostCondition(Pc.principal(ME).willNotSendAsset().nft(`${OTHER}.art::art`, Cl.uint(9)), 'p');
    expect(describePostCondition(nft, ME, tokens)).toEqual({ key: 'dapp_stx_pc_nft_not_sent', params: [{ key: 'dapp_stx_pc_you' }, `${OTHER}.art::art`, 'u9'] });
  });

  it('refuses trailing bytes and junk', () => {
    const hex = postConditionToHex(Pc.principal(ME).willSendEq(1).ustx());
    expect(refusal(() => parsePostCondition(`${hex}00`, 'p'))).toBe('invalid_params');
    expect(refusal(() => parsePostCondition('zz', 'p'))).toBe('invalid_params');
    expect(refusal(() => parsePostCondition({ type: 'stx-postcondition', address: ME, condition: 'eq', amount: 'lots' }, 'p'))).toBe('invalid_params');
  });
});
