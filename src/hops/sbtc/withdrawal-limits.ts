/**
 * The most one withdrawal may be under Emily's `/limits`, which the signers apply
 * (signer/src/bitcoin/utxo.rs validate_withdrawal_amounts: the per-withdrawal cap and
 * the rolling window). A request above them is not paid: the signers leave it until
 * it expires and is rejected, and the sBTC comes back less the Stacks fee, hours
 * later. So the wallet refuses it before anything is sent.
 */
import { formatAmount } from '../../shared/units';
import { emilySats as sats, type EmilyLimits } from './emily';

export interface WithdrawalCap {
  /** Sats; null: no cap. */
  max: bigint | null;
  /** Why `max`, for a person. */
  reason: string;
}

/** The tightest of the global per-withdrawal cap (or `account`'s own), what the rolling window has left, and `account`'s rolling cap. */
export function withdrawalCap(limits: EmilyLimits, account: string): WithdrawalCap {
  const own = limits.accountCaps?.[account];
  const window = limits.rollingWithdrawalBlocks ? ` of ${limits.rollingWithdrawalBlocks} blocks` : '';
  // An account's own cap replaces the global one (emily/handler limits.rs AccountLimits: "if none then the global").
  const perWithdrawal = sats(own?.perWithdrawalCap ?? limits.perWithdrawalCap, 'per-withdrawal cap');
  const available = sats(limits.availableToWithdraw, 'amount available to withdraw');
  const accountRolling = sats(own?.rollingWithdrawalCap, "account's rolling cap");
  const caps: WithdrawalCap[] = [
    { max: perWithdrawal, reason: `An sBTC withdrawal can be at most ${perWithdrawal === null ? '' : formatAmount(perWithdrawal, 8)} sBTC per withdrawal (Emily's limits); the signers do not pay larger ones.` },
    { max: available, reason: `Only ${available === null ? '' : formatAmount(available, 8)} sBTC can still be withdrawn in the signers' rolling window${window} (Emily's limits); try a smaller amount, or later.` },
    {
      max: accountRolling,
      reason: `This account can withdraw at most ${accountRolling === null ? '' : formatAmount(accountRolling, 8)} sBTC in the signers' rolling window${own?.rollingWithdrawalBlocks ? ` of ${own.rollingWithdrawalBlocks} blocks` : ''} (Emily's limits).`,
    },
  ];
  return caps.filter((c) => c.max !== null).reduce<WithdrawalCap>((tightest, c) => (tightest.max === null || c.max! < tightest.max ? c : tightest), { max: null, reason: '' });
}
