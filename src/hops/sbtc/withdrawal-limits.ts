/**
 * The most one withdrawal may be under Emily's `/limits`, which the signers apply
 * (signer/src/bitcoin/utxo.rs validate_withdrawal_amounts: the per-withdrawal cap and
 * the rolling window). A request above them is not paid: the signers leave it until
 * it expires and is rejected, and the sBTC comes back less the Stacks fee, hours
 * later. So the wallet refuses it before anything is sent.
 */
import { localText, type LocalText } from '../../shared/local-text';
import { formatAmountText, UNITS } from '../../shared/units';
import { emilySats as sats, type EmilyLimits } from './emily';

/** The most a withdrawal may be, in sats (none: no cap), and why, for a person. */
export type WithdrawalCap = { max: null } | { max: bigint; reason: LocalText };

/** The tightest of the global per-withdrawal cap (or `account`'s own), what the rolling window has left, and `account`'s rolling cap. */
export function withdrawalCap(limits: EmilyLimits, account: string): WithdrawalCap {
  const own = limits.accountCaps?.[account];
  const sbtc = (n: bigint | null) => formatAmountText(n ?? 0n, UNITS.SBTC.decimals, UNITS.SBTC.symbol);
  const inWindow = (blocks: number | null | undefined) => (blocks ? localText('hopText_sbtc_window_blocks', String(blocks)) : localText('hopText_sbtc_window'));
  // An account's own cap replaces the global one (emily/handler limits.rs AccountLimits: "if none then the global").
  const perWithdrawal = sats(own?.perWithdrawalCap ?? limits.perWithdrawalCap, localText('hopText_emily_per_withdrawal_cap'));
  const available = sats(limits.availableToWithdraw, localText('hopText_emily_available'));
  const accountRolling = sats(own?.rollingWithdrawalCap, localText('hopText_emily_account_rolling_cap'));
  const caps: { max: bigint | null; reason: LocalText }[] = [
    { max: perWithdrawal, reason: localText('routeReason_sbtcw_per_withdrawal', sbtc(perWithdrawal)) },
    { max: available, reason: localText('routeReason_sbtcw_window_left', sbtc(available), inWindow(limits.rollingWithdrawalBlocks)) },
    { max: accountRolling, reason: localText('routeReason_sbtcw_account_rolling', sbtc(accountRolling), inWindow(own?.rollingWithdrawalBlocks)) },
  ];
  return caps.reduce<WithdrawalCap>((tightest, c) => (c.max !== null && (tightest.max === null || c.max < tightest.max) ? { max: c.max, reason: c.reason } : tightest), { max: null });
}
