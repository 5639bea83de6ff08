/**
 * The Lightning layer, background half: its identity (the LNURL-auth hashing key;
 * Lightning has no static address), its service and its screen's handlers.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { LIGHTNING_LAYER } from '../../shared/layers/lightning';
import type { LightningHopSide } from '../hop-sides';
import type { LayerModule } from '../types';
import { lightningHopSide } from './hop-side';
import { lightningFunding, lnurlHttp } from './background-state';
import { lightningHandlers } from './handlers';
import { hashingKey, LNURL_AUTH_HASHING_PATH } from './lnurl-auth-keys';
import { PayerAuthConsents } from './payer-auth';
import { LightningService } from './service';
import { accountView } from '../module-parts';

export const LIGHTNING_MODULE: LayerModule<'lightning', LightningService, LightningHopSide> = {
  descriptor: LIGHTNING_LAYER,
  account(keys, preset) {
    const identity = hashingKey(keys.root).publicKey;
    if (!identity) throw new Error('no LNURL-auth key');
    return accountView(preset, { kind: 'identity', value: bytesToHex(identity), path: LNURL_AUTH_HASHING_PATH });
  },
  // The funding source changes when a wallet is connected or disconnected: built per request (cheap).
  perRequest: true,
  async service(deps) {
    const funding = await lightningFunding(deps);
    // Confirmed payer logins outlive the request that gave them (the confirmation screen) until a payment uses them.
    const payerAuth = deps.env.keep('lightning.payerAuth', () => new PayerAuthConsents(deps.now));
    return new LightningService({ ...deps, http: lnurlHttp(deps.env.hostAccess) }, funding, { payerAuth, session: deps.env.session });
  },
  handlers: lightningHandlers,
  // Hops move Lightning funds through the connected wallet, not through the Lightning screen's service.
  hopSide: async (runtime, preset) => lightningHopSide(await lightningFunding(await runtime.deps(preset))),
};
