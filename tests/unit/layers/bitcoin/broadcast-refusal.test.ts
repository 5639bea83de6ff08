/**
 * A refused broadcast as Esplora passes the node's words on (electrs src/rest.rs answers
 * a failed sendrawtransaction with 400 and the daemon's error text): quoted as the
 * node's, and said plainly when the body is empty.
 */
import { describe, expect, it } from 'vitest';
import { EsploraClient } from '../../../../src/layers/bitcoin/esplora';
import { HttpClient } from '../../../../src/shared/http';
import { WalletError } from '../../../../src/shared/errors';
import { shownError } from '../../../helpers/locale';

const refusing = (body: string) =>
  new EsploraClient(new HttpClient('http://127.0.0.1:3002/api', { retries: 0, fetchImpl: async () => new Response(body, { status: 400 }) }));

async function refusal(body: string): Promise<WalletError> {
  const err = await refusing(body).broadcast('00').catch((e: unknown) => e);
  if (!(err instanceof WalletError)) throw new Error('expected a WalletError');
  return err;
}

describe('a refused broadcast', () => {
  it('quotes the node\'s reason, in Chinese too', async () => {
    const err = await refusal('sendrawtransaction RPC error: {"code":-26,"message":"min relay fee not met"}');
    expect(err).toMatchObject({ code: 'broadcast_rejected', host: '127.0.0.1:3002' });
    expect(shownError(err)).toBe('网络拒绝了这笔交易；127.0.0.1:3002 的原话：“min relay fee not met”。没有发送任何资金。');
  });

  it('says the server gave no reason rather than quoting English words of its own', async () => {
    const err = await refusal('  ');
    expect(err.message).toBe('The network refused the transaction; 127.0.0.1:3002 gave no reason. Nothing was sent.');
    expect(shownError(err)).toBe('网络拒绝了这笔交易；127.0.0.1:3002 没有给出原因。未发送任何资金。');
  });
});
