/**
 * A service's own words (an LNURL `reason`) are shown quoted inside the wallet's
 * sentence: they must not carry characters that reorder or hide the text around
 * them (a right-to-left override would turn "nothing was sent" into something else).
 */
import { describe, expect, it } from 'vitest';
import '../../../helpers/english-messages';
import { lnurlGet, type HttpFactory } from '../../../../src/layers/lightning/lnurl-http';
import { fetchLnurl } from '../../../../src/layers/lightning/lnurl';
import { parsePayRequest } from '../../../../src/layers/lightning/lnurl-pay';
import { parseLightningInput } from '../../../../src/layers/lightning/parse';
import { NwcFunding } from '../../../../src/layers/lightning/nwc';
import { parseNwcUri } from '../../../../src/layers/lightning/nwc-uri';
import type { HttpClient } from '../../../../src/shared/http';
import { WalletError } from '../../../../src/shared/errors';
import { englishOf } from '../../../helpers/english-of';

/** An LNURL service that answers every GET with this body. */
const answering = (body: unknown): HttpFactory => () => ({ getText: async () => JSON.stringify(body) }) as unknown as HttpClient;

async function refusal(p: Promise<unknown>): Promise<WalletError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WalletError);
  return err as WalletError;
}

describe("an LNURL service's reason", () => {
  it('is quoted without bidirectional overrides, isolates or invisible format characters', async () => {
    const err = await refusal(lnurlGet(answering({ status: 'ERROR', reason: 'Paid\u202E\u2066 tnes saw gnihton\u200B' }), new URL('https://pay.example.com/cb')));
    expect(err.text?.key).toBe('err_lnurl_refused');
    const words = err.text!.params![1] as string;
    expect(words).not.toMatch(/[\p{Cf}\p{Cc}]/u);
    expect(words).toBe('Paid tnes saw gnihton');
    expect(englishOf(err.text)).toBe('pay.example.com refused: “Paid tnes saw gnihton”');
  });
});

describe("a service's or link's words in the middle of the wallet's sentence", () => {
  const RLO = '\u202E';
  const hidden = /[\p{Cf}\p{Cc}]/u;
  const k1 = 'ab'.repeat(32);

  it('the identifier a pay request answers for', () => {
    const metadata = JSON.stringify([['text/plain', 'x'], ['text/identifier', `mallory${RLO}diap saw gnihton@pay.example.com`]]);
    const err = (() => {
      try {
        parsePayRequest({ tag: 'payRequest', callback: 'https://pay.example.com/cb', minSendable: 1000, maxSendable: 2000, metadata }, new URL('https://pay.example.com/.well-known/lnurlp/alice'), 'alice@pay.example.com');
      } catch (e) {
        return e as WalletError;
      }
      throw new Error('expected a refusal');
    })();
    expect(err.text?.key).toBe('err_lnurl_other_identifier');
    expect(err.text!.params![1]).not.toMatch(hidden);
  });

  it('the kind a service answers with', async () => {
    const err = await refusal(fetchLnurl(answering({ tag: `withdraw${RLO}Request` }), { kind: 'lnurl', form: 'url', url: 'https://pay.example.com/p', domain: 'pay.example.com', tag: 'payRequest' }));
    expect(err.text?.key).toBe('err_lnurl_tag_mismatch');
    expect(err.text!.params![1]).not.toMatch(hidden);
    const unknown = await refusal(fetchLnurl(answering({ tag: `confetti${RLO}x` }), { kind: 'lnurl', form: 'url', url: 'https://pay.example.com/p', domain: 'pay.example.com' }));
    expect(unknown.text?.key).toBe('err_lnurl_unknown_tag');
    expect(unknown.text!.params![1]).not.toMatch(hidden);
  });

  it("the action a login link asks for", () => {
    const err = (() => {
      try {
        parseLightningInput(`https://auth.site.com/lnurl?tag=login&k1=${k1}&action=log%E2%80%AEin`, { bolt11: 'bcrt' });
      } catch (e) {
        return e as WalletError;
      }
      throw new Error('expected a refusal');
    })();
    expect(err.text?.key).toBe('err_login_unknown_action');
    expect(err.text!.params![1]).not.toMatch(hidden);
  });
});

describe('a Nostr Wallet Connect link’s words, later named in the wallet’s sentences', () => {
  const hidden = /[\p{Cf}\p{Cc}]/u;
  const base = `nostr+walletconnect://${'ab'.repeat(32)}?secret=${'cd'.repeat(32)}`;

  it('its lud16, the name every sentence about the connected wallet uses', () => {
    const conn = parseNwcUri(`${base}&relay=wss://relay.example.com&lud16=alice%E2%80%AE%40wallet.example`);
    expect(conn.lud16).not.toMatch(hidden);
    expect(new NwcFunding(conn).label).not.toMatch(hidden);
  });

  it('a relay that is not a web address', () => {
    const err = (() => {
      try {
        parseNwcUri(`${base}&relay=not%E2%80%AEa%20url`);
      } catch (e) {
        return e as WalletError;
      }
      throw new Error('expected a refusal');
    })();
    expect(err.text?.key).toBe('err_nwc_link_unusable');
    const why = err.text!.params![0] as { key: string; params: string[] };
    expect(why.key).toBe('err_nwc_link_relay_url');
    expect(why.params[0]).not.toMatch(hidden);
  });
});
