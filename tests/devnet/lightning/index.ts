/**
 * The Lightning devnet in one call, for `npm start` and browser tests: a ledger on
 * regtest (`lnbcrt`), lnurl-node serving LNURL on 127.0.0.1, a Nostr relay and a
 * NIP-47 wallet service whose connection URI the wallet can be given, plus a few
 * ready links to try. Follows the LUDs (lnurl/luds, through lnurl-node) and NIP-47
 * (nostr-protocol/nips 47.md).
 */
import { startNostrRelay } from '../nostr-relay';
import { DevLightningLedger } from './ledger';
import { startLnurlServer, type LnurlDevServer } from './lnurl-server';
import { ADDRESS_SENDABLE_MSAT, startLudExtrasServer, type LudExtrasServer } from './lud-extras-server';
import { startNwcWalletService } from './nwc-wallet-service';

export interface LightningDevnet {
  ledger: DevLightningLedger;
  lnurlUrl: string;
  /** The LNURL server itself: new links, the logins it verified, comments, its node. */
  lnurl: LnurlDevServer;
  /** What lnurl-node does not serve: Lightning Addresses, LUD-18 payer data (with auth), LUD-10 aes. */
  extras: LudExtrasServer;
  relayUrl: string;
  /** Paste into the wallet to connect its funding source (holds 1,000,000 sats). */
  nwcUri: string;
  samples: { payLink: string; withdrawLink: string; login: string; lightningAddress: string };
  /** LNURL-auth logins the server accepted (its verifyAuthorizationSignature checked them). */
  logins: { key: string; hash: string }[];
  stop(): Promise<void>;
}

export async function startLightningDevnet(opts: { lnurlPort?: number; relayPort?: number } = {}): Promise<LightningDevnet> {
  const ledger = new DevLightningLedger('bcrt');
  // The service pays LNURL-withdraws from this balance: enough for the sample link's largest withdrawal many times over.
  const lnurl = await startLnurlServer({ ledger, serviceBalanceMsat: 100_000_000_000n, ...(opts.lnurlPort ? { port: opts.lnurlPort } : {}) });
  const extras = await startLudExtrasServer(lnurl, ledger, lnurl.node);
  const relay = await startNostrRelay(opts.relayPort ?? 0);
  const walletNode = ledger.addNode('nwc-wallet', 1_000_000_000n);
  const nwc = await startNwcWalletService({ relayUrl: relay.url, ledger, node: walletNode });
  // The samples `npm start` prints: the pay link is a move's destination as well as a shop, so it takes what the Lightning Address takes.
  const pay = await lnurl.createPayLink({
    minSendable: ADDRESS_SENDABLE_MSAT.min,
    maxSendable: ADDRESS_SENDABLE_MSAT.max,
    metadata: JSON.stringify([['text/plain', 'Devnet coffee']]),
    commentAllowed: 100,
    successAction: { tag: 'message', message: 'Thanks!' },
  });
  // A faucet into the connected wallet, usable again and again; 100,000 sats covers the smallest move from Lightning.
  const withdraw = await lnurl.createWithdrawLink({ minWithdrawable: 1000, maxWithdrawable: 100_000_000, defaultDescription: 'Devnet faucet' }, { uses: 0 });
  const login = await lnurl.createAuthChallenge('login');
  return {
    ledger,
    lnurlUrl: lnurl.url,
    lnurl,
    extras,
    relayUrl: relay.url,
    nwcUri: nwc.connectionUri,
    samples: { payLink: pay.encoded, withdrawLink: withdraw.encoded, login: login.encoded, lightningAddress: extras.address('alice') },
    logins: lnurl.logins,
    stop: async () => {
      await nwc.stop();
      await relay.stop();
      await extras.stop();
      await lnurl.stop();
    },
  };
}
