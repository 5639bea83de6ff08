/**
 * The background checks a relayed request's shape and size itself, before anything
 * else: the content script is not the trust boundary (a compromised renderer can send
 * anything as our content script would).
 */
import { describe, expect, it } from 'vitest';
import { ApprovalQueue } from '../../../../src/background/dapp/approvals';
import { ConnectionStore } from '../../../../src/background/dapp/connections';
import { DappRouter, type DappWallet } from '../../../../src/background/dapp/router';
import type { FamilyHandler } from '../../../../src/dapp/family';
import { DAPP_TAG, MAX_REQUEST_BYTES } from '../../../../src/shared/dapp/protocol';
import { PRESETS } from '../../../../src/shared/networks';
import { MemoryArea } from '../../../helpers/memory-ports';

function setup() {
  const calls: string[] = [];
  const seen = { presets: 0 };
  const fam: FamilyHandler<'bitcoin'> = {
    family: 'bitcoin',
    layer: 'bitcoin',
    open: ['getInfo', 'get.Info'],
    connecting: [],
    grants: () => [],
    connectContent: async () => ({ summary: { key: 'connect' }, sections: [] }),
    methods: {
      getInfo: async (params) => {
        calls.push(`getInfo ${JSON.stringify(params).length}`);
        return 'info';
      },
      // A name the page's relay would refuse (a space): the family must never see it asked.
      'get Info': async () => {
        calls.push('get Info');
        return 'info';
      },
    },
    error: (refusal, message) => ({ code: refusal === 'invalid_params' ? -32602 : refusal === 'unsupported_method' ? 4200 : -1, message }),
  };
  const preset = PRESETS.bitcoin[0]!;
  const wallet: DappWallet = {
    isUnlocked: async () => true,
    preset: async () => {
      seen.presets++;
      return preset as never;
    },
    account: async () => {
      throw new Error('not in this test');
    },
    service: async () => {
      throw new Error('not in this test');
    },
    deps: async () => {
      throw new Error('not in this test');
    },
  };
  const approvals = new ApprovalQueue({ open: async () => 1, focus: async () => undefined, onRemoved: () => undefined }, wallet.isUnlocked);
  const router = new DappRouter({ bitcoin: fam as unknown as FamilyHandler }, new ConnectionStore(new MemoryArea(), () => 1), approvals, wallet, 'ext');
  const sender = { id: 'ext', url: 'https://app.example/', frameId: 0, tab: { id: 1, url: 'https://app.example/' } };
  const send = (message: unknown) => router.handle(message as never, sender);
  return { calls, seen, send };
}

describe('dApp router: what the content script relays is checked again', () => {
  it('refuses a request larger than the relay allows, before the family or the wallet is asked', async () => {
    const h = setup();
    const reply = await h.send({ tag: DAPP_TAG, family: 'bitcoin', method: 'getInfo', params: 'x'.repeat(MAX_REQUEST_BYTES) });
    expect(reply).toMatchObject({ error: { code: -32602 } });
    expect(h.calls).toEqual([]);
    expect(h.seen.presets).toBe(0);
    // Just under the limit still goes through.
    expect(await h.send({ tag: DAPP_TAG, family: 'bitcoin', method: 'getInfo', params: 'x'.repeat(1000) })).toEqual({ result: 'info' });
  });

  it('refuses a malformed method name or an absent one the relay would not have passed', async () => {
    const h = setup();
    for (const method of ['get Info', 'get\u202eInfo', 'g'.repeat(65), '', 42, undefined]) {
      expect(await h.send({ tag: DAPP_TAG, family: 'bitcoin', method })).toMatchObject({ error: { code: 4200, message: 'The method name is malformed.' } });
    }
    expect(h.calls).toEqual([]);
  });

  it('refuses what cannot be measured as JSON and a message that is not an object of ours', async () => {
    const h = setup();
    expect(await h.send({ tag: DAPP_TAG, family: 'bitcoin', method: 'getInfo', params: 1n })).toMatchObject({ error: { code: -32602 } });
    expect(await h.send({ tag: DAPP_TAG, family: 'x'.repeat(100), method: 'getInfo' })).toMatchObject({ error: { data: { refusal: 'unsupported_method' } } });
    expect(h.calls).toEqual([]);
  });
});
