import { describe, expect, it } from 'vitest';
import { fromRpcError } from '../../../../src/layers/rootstock/rpc-errors';
import { parseBlock, quantity } from '../../../../src/layers/rootstock/rpc';
import { gasPolicy, replacementGasPrice } from '../../../../src/layers/rootstock/gas';
import { WalletError } from '../../../../src/shared/errors';
import { shownError } from '../../../helpers/locale';

const HOST = 'public-node.testnet.rsk.co';

describe('JSON-RPC refusals as readable errors', () => {
  // Wordings of RSKj's transaction pool validators (rsksmart/rskj, co.rsk.net.handler.txvalidator
  // and TransactionPoolImpl) and of anvil (seen from the node in the integration tests).
  it.each([
    [-32010, "transaction's gas price lower than block's minimum", 'bad_fee_rate', /below the network minimum/],
    [-32010, 'insufficient funds', 'insufficient_funds', /does not cover/],
    [-32010, "the sender account doesn't exist", 'insufficient_funds', /does not cover/],
    [-32010, 'transaction nonce too low', 'broadcast_rejected', /already used this nonce/],
    [-32010, 'transaction nonce too high', 'broadcast_rejected', /earlier transaction/],
    [-32010, 'gas price not enough to bump transaction', 'bad_fee_rate', /replace the pending/],
    [-32003, 'max fee per gas less than block base fee', 'bad_fee_rate', /below the network minimum/],
    [-32003, 'Insufficient funds for gas * price + value', 'insufficient_funds', /does not cover/],
    [-32003, 'replacement transaction underpriced', 'bad_fee_rate', /replace the pending/],
    [-32003, 'intrinsic gas too low', 'broadcast_rejected', /gas limit/],
    [-32000, 'invalid chain id for signer', 'wrong_network', /another chain/],
    [-32000, 'something new', 'broadcast_rejected', /refused the transaction: “something new”/],
  ])('%i "%s" -> %s', (code, message, expected, text) => {
    const err = fromRpcError(HOST, 'eth_sendRawTransaction', { code, message }, true);
    expect(err).toBeInstanceOf(WalletError);
    expect(err.code).toBe(expected);
    expect(err.message).toMatch(text);
    expect(err.rpcMessage).toBe(message);
  });

  it('says which method a node lacks, and keeps read errors apart from refused sends', () => {
    expect(fromRpcError(HOST, 'eth_gasPrice', { code: -32601, message: 'Method not found' }, false)).toMatchObject({
      code: 'unsupported',
      message: expect.stringContaining('eth_gasPrice'),
    });
    expect(fromRpcError(HOST, 'eth_getBalance', { code: -32602, message: 'invalid argument' }, false).code).toBe('backend_error');
  });
});

describe('block fields and the gas price floor', () => {
  // The fields RSKj's BlockResultDTO returns (no baseFeePerGas; minimumGasPrice as a hex quantity).
  const rskBlock = {
    number: '0x5b8d80',
    hash: `0x${'ab'.repeat(32)}`,
    parentHash: `0x${'cd'.repeat(32)}`,
    timestamp: '0x6553f100',
    gasLimit: '0x67c280',
    gasUsed: '0x0',
    minimumGasPrice: '0x3938700',
    paidFees: '0x0',
    cumulativeDifficulty: '0x2b7cd0b2',
    transactions: [],
    uncles: [],
  };

  it('reads the RSK minimum in hex, and in the decimal form older RSKj nodes sent', () => {
    expect(parseBlock(rskBlock, HOST)).toMatchObject({ number: 6000000, minimumGasPrice: 60_000_000n, baseFeePerGas: undefined });
    expect(parseBlock({ ...rskBlock, minimumGasPrice: '59240000' }, HOST).minimumGasPrice).toBe(59_240_000n);
  });

  it('never suggests less than the block minimum plus 10%, nor less than eth_gasPrice', () => {
    const block = parseBlock(rskBlock, HOST);
    expect(gasPolicy(50_000_000n, block)).toEqual({ minimum: 60_000_000n, suggested: 66_000_000n });
    expect(gasPolicy(70_000_000n, block)).toEqual({ minimum: 60_000_000n, suggested: 70_000_000n });
    // An EIP-1559 node: the base fee is the floor.
    expect(gasPolicy(2_000_000_000n, { baseFeePerGas: 1_000_000_000n })).toEqual({ minimum: 1_000_000_000n, suggested: 2_000_000_000n });
    expect(gasPolicy(0n, null)).toEqual({ minimum: 0n, suggested: 1n });
  });

  it('bumps a replacement by 40% (RSKj pool rule) or to the suggestion, whichever is higher', () => {
    const prices = { minimum: 60_000_000n, suggested: 66_000_000n };
    expect(replacementGasPrice(66_000_000n, prices)).toBe(92_400_000n);
    expect(replacementGasPrice(10_000_000n, prices)).toBe(66_000_000n);
    expect(replacementGasPrice(7n, { minimum: 0n, suggested: 1n })).toBe(10n);
  });

  it('refuses quantities that are not numbers', () => {
    expect(quantity('0x', 'value', HOST)).toBe(0n);
    for (const bad of ['12.5', '-1', '0xzz', null, 1.5]) expect(() => quantity(bad, 'balance', HOST)).toThrow(/not a number/);
  });
});

describe('a node\'s refusal in the user\'s language', () => {
  it('names the node and quotes its own words, in Chinese too', () => {
    const err = fromRpcError(HOST, 'eth_sendRawTransaction', { code: -32000, message: 'execution reverted: not allowed' }, true);
    expect(err.message).toBe(`The destination contract refuses this transfer; ${HOST} said: “execution reverted: not allowed”.`);
    expect(shownError(err)).toBe(`目标合约拒绝了这笔转账；${HOST} 的原话：“execution reverted: not allowed”。`);
    expect(shownError(fromRpcError(HOST, 'eth_getBalance', { code: -32602, message: 'invalid argument' }, false))).toBe(`${HOST} 对 eth_getBalance 的应答是一个错误：“invalid argument”`);
  });

  it('names the field that is not a number, translated, and the node', () => {
    let err: unknown;
    try {
      quantity('12.5', 'gas price', HOST);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WalletError);
    expect(shownError(err as WalletError)).toBe(`${HOST} 发送的 gas 价格 不是数字："12.5"。`);
    expect((err as WalletError).host).toBe(HOST);
  });
});
