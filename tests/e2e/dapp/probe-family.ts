/**
 * A family that exists only in the probe build (probe-build.ts): it drives the core
 * (connect, unlock first, the approval window's rows, errors) in a real browser before
 * any real family is there. Never in dist/.
 */
import type { FamilyHandler } from '../../../src/dapp/family';
import type { DappFamily, DappRefusal } from '../../../src/shared/dapp/protocol';

const CODES: Record<DappRefusal, number> = {
  user_rejected: 4001,
  unauthorized: 4100,
  unsupported_method: 4200,
  invalid_params: -32602,
  wrong_network: 4901,
  disconnected: 4900,
  busy: -32005,
  internal: -32603,
};

export const PROBE_AMOUNT = '123456789';

const probe: FamilyHandler<'bitcoin'> = {
  family: 'bitcoin',
  layer: 'bitcoin',
  open: ['probeInfo'],
  connecting: ['probeConnect'],
  grants: () => [{ key: 'layer_bitcoin' }],
  connectContent: async (ctx) => ({
    summary: { key: 'approveTitle' },
    sections: [{ title: { key: 'layer_bitcoin' }, rows: [{ kind: 'address', label: { key: 'layer_bitcoin' }, value: ctx.account.value, ours: true }] }],
  }),
  methods: {
    probeInfo: async (_p, ctx) => ({ network: ctx.preset.id }),
    probeConnect: async (_p, ctx) => [ctx.account.value],
    probeSign: async (params, ctx) => {
      await ctx.approve('probeSign', {
        summary: { key: 'approveTitle' },
        warnings: [{ key: 'approveMessageHex' }],
        sections: [
          {
            title: { key: 'layer_bitcoin' },
            rows: [
              { kind: 'amount', label: { key: 'layer_bitcoin' }, value: PROBE_AMOUNT, decimals: 8, unit: 'BTC', outgoing: true },
              { kind: 'address', label: { key: 'layer_bitcoin' }, value: ctx.account.value, ours: true },
              { kind: 'address', label: { key: 'layer_bitcoin' }, value: 'bcrt1qnotours' },
              { kind: 'text', label: { key: 'layer_bitcoin' }, value: 'plain text' },
              { kind: 'message', label: { key: 'layer_bitcoin' }, value: String((params as { message?: unknown })?.message ?? '') },
            ],
          },
        ],
      });
      return 'signed';
    },
  },
  error: (refusal, message) => ({ code: CODES[refusal], message }),
};

export const FAMILY_HANDLERS: Partial<Record<DappFamily, FamilyHandler>> = { bitcoin: probe as unknown as FamilyHandler };
