/** Rootstock screen handlers: parse the user's RBTC/gwei text here, and turn the layer's bigints into strings. */
import { WalletError } from '../../shared/errors';
import type { RootstockQuoteView, RootstockSentView } from '../../shared/layers/rootstock';
import { parseAmount, UNITS } from '../../shared/units';
import type { RootstockDraft, RootstockQuote, RootstockSendResult, RootstockService } from './service';
import type { LayerHandlers, LayerRuntime } from '../types';
import { localText } from '../../shared/local-text';

/** What the devnet faucet pays: plenty for trying sends, far below a dev account's balance. */
export const DEVNET_FAUCET_WEI = 10n ** 18n;
const GWEI_DECIMALS = 9;

/** Optional gas price in gwei text; empty means "the network's suggestion". */
export function parseGasPriceGwei(text: string | undefined): bigint | undefined {
  const trimmed = text?.trim() ?? '';
  if (trimmed === '') return undefined;
  if (/^0*\.?0*$/.test(trimmed)) throw new WalletError('bad_fee_rate', localText('err_rsk_gas_zero'));
  try {
    return parseAmount(trimmed, GWEI_DECIMALS, 'gwei');
  } catch (err) {
    if (err instanceof WalletError) throw new WalletError('bad_fee_rate', localText('err_rsk_gas_price_invalid', err.text ?? err.message));
    throw err;
  }
}

function draft(p: { to: string; amount: string; gasPriceGwei?: string }): RootstockDraft {
  return { to: p.to, amount: parseAmount(p.amount, UNITS.RBTC.decimals, UNITS.RBTC.symbol), gasPrice: parseGasPriceGwei(p.gasPriceGwei) };
}

function quoteView(q: RootstockQuote): RootstockQuoteView {
  return {
    from: q.from,
    to: q.to,
    amount: q.amount.toString(),
    gasLimit: q.gasLimit.toString(),
    gasPrice: q.gasPrice.toString(),
    minimumGasPrice: q.minimumGasPrice.toString(),
    fee: q.fee.toString(),
    total: q.total.toString(),
    balance: q.balance.toString(),
    nonce: q.nonce.toString(),
    chainId: q.chainId,
  };
}

function sentView(r: RootstockSendResult, svc: RootstockService): RootstockSentView {
  return {
    hash: r.hash,
    nonce: r.nonce.toString(),
    to: r.to,
    amount: r.amount.toString(),
    gasLimit: r.gasLimit.toString(),
    gasPrice: r.gasPrice.toString(),
    fee: r.fee.toString(),
    total: r.total.toString(),
    replaces: r.replaces,
    explorerUrl: svc.explorerUrl(r.hash),
  };
}

export function rootstockHandlers(runtime: LayerRuntime<'rootstock', RootstockService>): LayerHandlers<'rootstock'> {
  return {
    'rootstock.receive': async () => {
      const svc = await runtime.service();
      return { ...(await svc.receive()), chainId: svc.chainId };
    },
    'rootstock.quote': async (p) => quoteView(await (await runtime.service()).quote(draft(p))),
    'rootstock.send': async (p) => {
      const svc = await runtime.service();
      return sentView(await svc.send({ to: p.to, amount: BigInt(p.amountWei), gasPrice: BigInt(p.gasPrice), gasLimit: BigInt(p.gasLimit) }), svc);
    },
    'rootstock.speedUp': async ({ hash, gasPriceGwei }) => {
      const svc = await runtime.service();
      return sentView(await svc.speedUp(hash, parseGasPriceGwei(gasPriceGwei)), svc);
    },
    'rootstock.devnetFaucet': async () => {
      const r = await (await runtime.service()).devnetFaucet(DEVNET_FAUCET_WEI);
      return { hash: r.hash, address: r.address, amount: r.amount.toString() };
    },
  };
}
