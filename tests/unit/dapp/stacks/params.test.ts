/** The stx_* params as @stacks/connect v8 sends them, read strictly; refusals mapped to SIP-030's JSON-RPC codes. */
import { describe, expect, it } from 'vitest';
import { DappError } from '../../../../src/dapp/family';
import { STACKS_HANDLER } from '../../../../src/dapp/stacks/handler';
import { checkChainId, checkNetwork } from '../../../../src/dapp/stacks/network';
import { callContractParams, transferStxParams, wholeNumber } from '../../../../src/dapp/stacks/params';
import { resolvePreset } from '../../../../src/shared/networks';

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    if (err instanceof DappError) return err.refusal;
    throw err;
  }
  return 'accepted';
};

describe('stx_* params', () => {
  it('whole numbers: decimal strings and safe integers only', () => {
    expect(wholeNumber('1000', 'amount')).toBe(1000n);
    expect(wholeNumber(1000, 'amount')).toBe(1000n);
    expect(wholeNumber('18446744073709551615', 'amount')).toBe(2n ** 64n - 1n);
    for (const bad of ['1.5', 1.5, '1e6', 1e300, 2 ** 53, '-1', -1, ' 1', '01', '', '0x10', '18446744073709551616', null, {}]) {
      expect(refusal(() => wholeNumber(bad, 'amount'))).toBe('invalid_params');
    }
  });

  it('stx_transferStx: what @stacks/connect sends is read; unknown fields and post-conditions are refused', () => {
    expect(transferStxParams({ recipient: 'ST1', amount: '5', memo: '', network: 'testnet', fee: '300', nonce: '4' })).toMatchObject({ amount: 5n, fee: 300n, memo: undefined, network: 'testnet', postConditionMode: 'deny' });
    expect(refusal(() => transferStxParams({ recipient: 'ST1', amount: '5', postConditions: [] }))).toBe('invalid_params');
    expect(refusal(() => transferStxParams({ recipient: 'ST1', amount: '5', appDetails: {} }))).toBe('invalid_params');
    expect(refusal(() => transferStxParams({ recipient: 'ST1', amount: '5', nonce: 'next' }))).toBe('invalid_params');
    expect(refusal(() => transferStxParams([]))).toBe('invalid_params');
  });

  it('stx_callContract: deny unless allow is asked; other modes and bad names are refused', () => {
    expect(callContractParams({ contract: 'ST1.c', functionName: 'transfer' })).toMatchObject({ functionArgs: [], postConditions: [], postConditionMode: 'deny' });
    expect(callContractParams({ contract: 'ST1.c', functionName: 'is-ok?', postConditionMode: 'allow' }).postConditionMode).toBe('allow');
    expect(refusal(() => callContractParams({ contract: 'ST1.c', functionName: 'f', postConditionMode: 'originator' }))).toBe('invalid_params');
    expect(refusal(() => callContractParams({ contract: 'ST1.c', functionName: 'bad name' }))).toBe('invalid_params');
    expect(refusal(() => callContractParams({ contract: 'ST1.c', functionName: 'f', functionArgs: 'x' }))).toBe('invalid_params');
  });
});

describe('networks', () => {
  const testnet = resolvePreset('stacks', 'testnet', {});
  const devnet = resolvePreset('stacks', 'devnet', {});
  it('testnet answers "testnet" and its API URL; the devnet "devnet"; anything else is wrong_network', () => {
    expect(refusal(() => checkNetwork(testnet, undefined))).toBe('accepted');
    expect(refusal(() => checkNetwork(testnet, 'testnet'))).toBe('accepted');
    expect(refusal(() => checkNetwork(testnet, `${testnet.endpoints.api}/`))).toBe('accepted');
    expect(refusal(() => checkNetwork(devnet, 'devnet'))).toBe('accepted');
    for (const other of ['mainnet', 'devnet', 'regtest', 'https://api.hiro.so']) expect(refusal(() => checkNetwork(testnet, other))).toBe('wrong_network');
    expect(refusal(() => checkNetwork(devnet, 'testnet'))).toBe('wrong_network');
  });
  it('SIP-018 chain ids: testnet\'s 0x80000000 only', () => {
    expect(refusal(() => checkChainId(devnet, 2147483648n))).toBe('accepted');
    expect(refusal(() => checkChainId(testnet, 1n))).toBe('wrong_network');
    expect(refusal(() => checkChainId(testnet, 0n))).toBe('wrong_network');
  });
});

describe('error codes (SIP-030, @stacks/connect JsonRpcErrorCode)', () => {
  it('maps each refusal', () => {
    const code = (r: Parameters<typeof STACKS_HANDLER.error>[0]) => STACKS_HANDLER.error(r, 'm').code;
    expect(code('user_rejected')).toBe(-32000);
    expect(code('unauthorized')).toBe(-32002);
    expect(code('unsupported_method')).toBe(-32601);
    expect(code('invalid_params')).toBe(-32602);
    expect(code('wrong_network')).toBe(-32602);
    expect(code('internal')).toBe(-32603);
    expect(STACKS_HANDLER.error('wrong_network', 'm', { network: 'testnet' })).toEqual({ code: -32602, message: 'm', data: { network: 'testnet' } });
  });
});
