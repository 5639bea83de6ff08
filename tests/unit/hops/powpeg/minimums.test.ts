/**
 * The PowPeg's peg-out minimum per network. The Bridge has no getter for it
 * (rskj Bridge.java / BridgeMethods.java expose only getMinimumLockTxValue, the
 * peg-in minimum), so the presets carry rskj's BridgeConstants.minimumPegoutTxValue:
 * 250,000 sats in BridgeTestNetConstants and BridgeRegTestConstants (400,000 in
 * BridgeMainNetConstants, a network the wallet has no preset for). A quote below it
 * is refused before any server is asked; this test's endpoints lead nowhere.
 */
import { describe, expect, it } from 'vitest';
import { powpegPegout } from '../../../../src/hops/powpeg/pegout';
import { hopWallet } from '../../../helpers/hop-context';
import { ABANDON } from '../../../helpers/layer-deps';
import { englishOf } from '../../../helpers/english-of';

const RBTC = { layer: 'rootstock' as const, asset: 'RBTC' };
const BTC = { layer: 'bitcoin' as const, asset: 'BTC' };
const WEI_PER_SAT = 10_000_000_000n;
// A closed loopback port: a quote that asked a server would fail with a connection error, not a reason.
const NOWHERE = 'http://127.0.0.1:9';

describe('PowPeg peg-out minimum (rskj BridgeTestNetConstants, BridgeRegTestConstants)', () => {
  for (const [rootstock, bitcoin] of [
    ['testnet', 'testnet3'],
    ['devnet', 'devnet'],
  ] as const) {
    it(`RSK ${rootstock}: 250,000 sats; one satoshi less is refused, with the minimum in the reason`, async () => {
      const w = hopWallet({ mnemonic: ABANDON, networks: { rootstock, bitcoin }, endpoints: { 'rootstock.rpc': NOWHERE, 'bitcoin.esplora': NOWHERE } });
      expect(w.ctx.presets.rootstock.params.powpeg!.minPegOutSats).toBe(250_000);
      const q = await powpegPegout.quote(w.ctx, RBTC, BTC, 249_999n * WEI_PER_SAT);
      expect({ ...q, reason: englishOf(q.reason) }).toMatchObject({ available: false, min: String(250_000n * WEI_PER_SAT), reason: expect.stringMatching(/at least 0\.0025 RBTC/) });
    });
  }
});
