/** The layer's refusals as the Bitcoin family's: English text for the page, the refusal by the layer's error code. */
import { describe, expect, it } from 'vitest';
import { asDappErrors } from '../../../src/dapp/bitcoin/errors';
import { DappError } from '../../../src/dapp/family';
import { WalletError } from '../../../src/shared/errors';
import { localText } from '../../../src/shared/local-text';
import { PsbtRefusal } from '../../../src/layers/bitcoin/foreign-psbt';

const refusal = async (err: unknown) => {
  const got = await asDappErrors(async () => {
    throw err;
  }).catch((e: unknown) => e);
  expect(got).toBeInstanceOf(DappError);
  return got as DappError;
};

describe('Bitcoin family errors', () => {
  it('gives the page the English sentence of a keyed WalletError, and the refusal its code calls for', async () => {
    const wrong = await refusal(new WalletError('wrong_network', localText('err_btc_wrong_network', localText('btcNet_testnet'), localText('btcNet_here_regtest'))));
    expect(wrong.refusal).toBe('wrong_network');
    expect(wrong.message).not.toMatch(/err_btc_wrong_network|btcNet_/);
    expect(wrong.message).toMatch(/testnet/i);
    const gone = await refusal(new WalletError('review_changed', localText('err_btc_coin_gone', 'ab:0')));
    expect(gone).toMatchObject({ refusal: 'internal', data: { code: 'review_changed' } });
    expect(gone.message).toBe("Coin ab:0 is no longer the wallet's to spend (spent, or held by another payment of yours). Nothing was sent.");
    expect((await refusal(new WalletError('insufficient_funds', 'Not enough.'))).refusal).toBe('invalid_params');
    expect(await refusal(new PsbtRefusal('Input 3 is already final.'))).toMatchObject({ refusal: 'invalid_params', message: 'Input 3 is already final. Nothing was signed.' });
    const own = new DappError('user_rejected', 'no');
    expect(await refusal(own)).toBe(own);
  });
});
