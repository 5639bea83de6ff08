/**
 * Amounts are bigint in the smallest unit (sats, micro-STX, wei). Text <-> bigint
 * conversion happens only here, with string arithmetic, never through floats.
 * Across the popup/background boundary amounts travel as decimal integer strings,
 * because structured messages cannot carry bigint. The popup shows every amount
 * through formatAmountText (thin-space groups, the unit always named).
 */
import { WalletError } from './errors';
import { localText } from './local-text';

export interface Unit {
  symbol: string;
  decimals: number;
}

export const UNITS = {
  BTC: { symbol: 'BTC', decimals: 8 },
  LBTC: { symbol: 'L-BTC', decimals: 8 },
  STX: { symbol: 'STX', decimals: 6 },
  SBTC: { symbol: 'sBTC', decimals: 8 },
  RBTC: { symbol: 'RBTC', decimals: 18 },
  SAT: { symbol: 'sats', decimals: 0 },
} as const satisfies Record<string, Unit>;

/** Parses "0.001" in a unit with `decimals` places into the smallest unit. */
export function parseAmount(input: string, decimals: number, symbol = ''): bigint {
  // Accepts digits grouped as the popup shows them (thin spaces between groups of three).
  const text = ungroup(input.trim().replace(/_/g, ''));
  if (text === '') throw new WalletError('bad_amount', localText('err_amount_empty'));
  if (text.startsWith('-')) throw new WalletError('bad_amount', localText('err_amount_negative'));
  const m = /^(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[1] === '' && !m[2])) throw new WalletError('bad_amount', localText('err_amount_not_number', input.trim().slice(0, 40)));
  const [, whole = '', frac = ''] = m;
  if (frac.length > decimals) {
    const unit = symbol || localText('unit_this');
    if (decimals === 0) throw new WalletError('bad_amount', localText('err_amount_whole', unit));
    throw new WalletError('bad_amount', localText('err_amount_decimals', String(decimals), unit));
  }
  const value = BigInt((whole || '0') + frac.padEnd(decimals, '0'));
  if (value === 0n) throw new WalletError('bad_amount', localText('err_amount_zero'));
  return value;
}

/** Formats a smallest-unit amount with up to `decimals` places, trailing zeros trimmed. */
export function formatAmount(value: bigint, decimals: number, opts: { minDecimals?: number } = {}): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  let frac = digits.slice(digits.length - decimals).replace(/0+$/, '');
  if (frac.length < (opts.minDecimals ?? 0)) frac = frac.padEnd(opts.minDecimals ?? 0, '0');
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** U+2009, between groups of three digits in a shown amount. */
export const THIN_SPACE = '\u2009';

/** "1 234.5" -> "1234.5" when the thin spaces sit exactly between threes of the integer part; anything else is left as typed. */
function ungroup(text: string): string {
  if (!text.includes(THIN_SPACE)) return text;
  return /^-?\d{1,3}(\u2009\d{3})+(\.\d*)?$/.test(text) ? text.replaceAll(THIN_SPACE, '') : text;
}

/** formatAmount's digits with the integer part in groups of three, separated by thin spaces; the fraction as it is. */
export function groupedDigits(value: bigint, decimals: number, opts: { minDecimals?: number } = {}): string {
  const text = formatAmount(value, decimals, opts);
  const [, sign = '', whole = '', frac = ''] = /^(-?)(\d+)(.*)$/.exec(text)!;
  return `${sign}${whole.replace(/\B(?=(\d{3})+$)/g, THIN_SPACE)}${frac}`;
}

/** How every amount is shown: grouped digits, then the unit, so two amounts never run together ("0 STX", not "0"). */
export function formatAmountText(value: bigint, decimals: number, symbol: string, opts: { minDecimals?: number } = {}): string {
  return `${groupedDigits(value, decimals, opts)} ${symbol}`;
}

/** A decimal integer string as it crosses the message boundary. */
export type AmountString = string;

export function toAmountString(value: bigint): AmountString {
  return value.toString();
}

export function fromAmountString(value: AmountString): bigint {
  if (!/^-?\d+$/.test(value)) throw new WalletError('bad_amount', localText('err_amount_not_integer', value));
  return BigInt(value);
}

/** Rootstock counts RBTC in wei (18 places), Bitcoin and Boltz in sats (8): 1 sat = 10^10 wei. */
export const WEI_PER_SAT = 10_000_000_000n;

/** Every bitcoin there will ever be, in sats: the upper limit of a route with no cap of its own. */
export const MAX_MONEY_SATS = 21_000_000n * 100_000_000n;
