/** Refusals as EIP-1193 / EIP-1474 codes, and a node that cannot pass off its errors as the user's or the wallet's. */
import { describe, expect, it } from 'vitest';
import { nodeError, rootstockError } from '../../../../src/dapp/rootstock/errors';
import { ROOTSTOCK_HANDLER } from '../../../../src/dapp/rootstock/handler';

const shapeOf = (e: { refusal: Parameters<typeof rootstockError>[0]; message: string; data?: unknown }) => ROOTSTOCK_HANDLER.error(e.refusal, e.message, e.data);

describe('Rootstock refusals', () => {
  it('map to the standard codes', () => {
    const codes = Object.fromEntries(
      (['user_rejected', 'unauthorized', 'unsupported_method', 'disconnected', 'wrong_network', 'invalid_params', 'busy', 'internal'] as const).map((r) => [r, rootstockError(r, 'x').code]),
    );
    expect(codes).toEqual({ user_rejected: 4001, unauthorized: 4100, unsupported_method: 4200, disconnected: 4900, wrong_network: 4901, invalid_params: -32602, busy: -32002, internal: -32603 });
  });

  it("pass a node's revert (3, with its data) and server errors, but never a code that speaks for the user or the wallet", () => {
    expect(shapeOf(nodeError({ code: 3, message: 'execution reverted', data: '0xdeadbeef' }))).toEqual({ code: 3, message: 'execution reverted', data: '0xdeadbeef' });
    expect(shapeOf(nodeError({ code: -32000, message: 'header not found' }))).toEqual({ code: -32000, message: 'header not found' });
    for (const forged of [4001, 4100, 4200, 4900, 4901, 4902, -32602, 0]) {
      expect(shapeOf(nodeError({ code: forged, message: 'lie' })).code).toBe(-32603);
    }
  });
});
