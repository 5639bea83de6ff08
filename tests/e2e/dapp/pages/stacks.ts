/**
 * The Stacks test dApp: @stacks/connect v8's own `request`, as a dApp calls it once
 * the user picked a wallet in its modal (the selected provider's id, found in
 * WBIP004's `window.wbip_providers`, kept by `setSelectedProviderId`).
 */
import { request, setSelectedProviderId } from '@stacks/connect';
import { Cl, Pc } from '@stacks/transactions';
import { SBTC_DEVNET_DEPLOYER } from '../../../../src/shared/layers/devnet';
import { button } from './ui';

const FRIEND = 'ST2CY5V39NHDPWSXMW9QDT3HC3GD6Q6XX4CFRK9AG';
const SBTC = `${SBTC_DEVNET_DEPLOYER}.sbtc-token` as const;

/** What a dApp's wallet modal does when the user picks Layerhop (the page script registered it before this page ran). */
function selectLayerhop(): void {
  const listed = (window as unknown as { wbip_providers?: { id: string; name: string }[] }).wbip_providers ?? [];
  const ours = listed.find((p) => /layerhop/i.test(p.id));
  if (ours) setSelectedProviderId(ours.id);
}

let me = '';
selectLayerhop();

button('stx-connect', 'Connect (stx_getAddresses)', async () => {
  const r = await request('stx_getAddresses', { network: 'devnet' });
  me = r.addresses[0]!.address;
  return r;
});
button('stx-transfer', 'Send 1.5 STX', () => request('stx_transferStx', { recipient: FRIEND, amount: 1_500_000n, memo: 'e2e', network: 'devnet' }));
button('stx-call', 'sBTC transfer by stx_callContract', () =>
  request('stx_callContract', {
    contract: SBTC,
    functionName: 'transfer',
    functionArgs: [Cl.uint(2_500), Cl.principal(me), Cl.principal(FRIEND), Cl.none()],
    postConditions: [Pc.principal(me).willSendEq(2_500).ft(SBTC, 'sbtc-token')],
    postConditionMode: 'deny',
    network: 'devnet',
  }),
);
button('stx-sign-structured', 'Sign SIP-018 data', () =>
  request('stx_signStructuredMessage', {
    domain: Cl.tuple({ name: Cl.stringAscii('Layerhop E2E'), version: Cl.stringAscii('1.0.0'), 'chain-id': Cl.uint(0x80000000) }),
    message: Cl.tuple({ action: Cl.stringAscii('vote'), amount: Cl.uint(7) }),
  }),
);
button('stx-sign-mainnet-domain', 'Sign SIP-018 data for mainnet', () =>
  request('stx_signStructuredMessage', {
    domain: Cl.tuple({ name: Cl.stringAscii('Layerhop E2E'), version: Cl.stringAscii('1.0.0'), 'chain-id': Cl.uint(1) }),
    message: Cl.stringAscii('hello'),
  }),
);
