/**
 * A service's own words (an LNURL `reason`) are shown quoted inside the wallet's
 * sentence: they must not carry characters that reorder or hide the text around
 * them (a right-to-left override would turn "nothing was sent" into something else).
 */
import { describe, expect, it } from 'vitest';
import '../../../helpers/english-messages';
import { lnurlGet, type HttpFactory } from '../../../../src/layers/lightning/lnurl-http';
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
