/** What the approval window is given for a transaction a page built: decoded, with its post-conditions, fee and nonce. */
import { describe, expect, it } from 'vitest';
import { Cl, makeUnsignedContractCall, makeUnsignedContractDeploy, makeUnsignedSTXTokenTransfer, Pc, PostConditionMode } from '@stacks/transactions';
import { transactionContent, type Account } from '../../../../src/dapp/stacks/content';

const PUB = '03c8d78d994c0578b9b5bcd09bc967833acf11cd1f68c18266cfa56886bcc358b8';
const ME = 'STAAVFAKY2W9G8DMVVDEABH61WZBR6FJZXZ2BJDS';
const FRIEND = 'ST2CY5V39NHDPWSXMW9QDT3HC3GD6Q6XX4CFRK9AG';
const account: Account = { address: ME, publicKey: PUB, tokens: [] };
const rows = (c: ReturnType<typeof transactionContent>) => c!.sections.flatMap((s) => s.rows);

describe('transactionContent', () => {
  it('a transfer: recipient, amount, memo without its padding, fee and nonce, and the sign-only warning', async () => {
    const tx = await makeUnsignedSTXTokenTransfer({ recipient: FRIEND, amount: 42n, memo: 'hi', publicKey: PUB, nonce: 7n, fee: 300n, network: 'testnet' });
    const c = transactionContent(account, tx);
    expect(rows(c)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'address', value: FRIEND, ours: false }),
        expect.objectContaining({ kind: 'amount', value: '42', unit: 'STX' }),
        expect.objectContaining({ kind: 'message', value: 'hi' }),
        expect.objectContaining({ kind: 'amount', value: '300' }),
        expect.objectContaining({ kind: 'text', value: '7' }),
      ]),
    );
    expect(c!.warnings).toEqual([{ key: 'dapp_stx_warn_sign_only', params: ['7'] }]);
  });

  it('a call in allow mode: its arguments in Clarity, its post-conditions in words, and the allow warning', async () => {
    const tx = await makeUnsignedContractCall({
      contractAddress: FRIEND,
      contractName: 'pool',
      functionName: 'deposit',
      functionArgs: [Cl.uint(5), Cl.stringAscii('x')],
      postConditions: [Pc.principal(ME).willSendLte(1000).ustx()],
      postConditionMode: PostConditionMode.Allow,
      publicKey: PUB,
      nonce: 0n,
      fee: 300n,
      network: 'testnet',
      validateWithAbi: false,
    });
    const c = transactionContent(account, tx);
    expect(rows(c).filter((r) => r.kind === 'text' && r.mono).map((r) => r.value)).toEqual(['deposit', 'u5', '"x"', '0']);
    expect(rows(c)).toContainEqual(expect.objectContaining({ value: { key: 'dapp_stx_pc_fungible', params: [{ key: 'dapp_stx_pc_you' }, { key: 'dapp_stx_pc_lte' }, '0.001 STX'] } }));
    expect(rows(c)).toContainEqual(expect.objectContaining({ value: { key: 'dapp_stx_pc_mode_allow' } }));
    expect(c!.warnings).toContainEqual({ key: 'dapp_stx_warn_allow_mode' });
  });

  it('a deployment shows its name and code', async () => {
    const tx = await makeUnsignedContractDeploy({ contractName: 'hello', codeBody: '(define-read-only (hi) u1)', publicKey: PUB, nonce: 1n, fee: 500n, network: 'testnet' });
    expect(rows(transactionContent(account, tx))).toEqual(expect.arrayContaining([expect.objectContaining({ value: 'hello' }), expect.objectContaining({ kind: 'message', value: '(define-read-only (hi) u1)' })]));
  });
});
