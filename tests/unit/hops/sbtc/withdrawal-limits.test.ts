/**
 * The most one sBTC withdrawal may be under Emily's `/limits` (stacks-network/sbtc
 * emily/handler/src/api/models/limits.rs Limits and AccountLimits; the signers
 * apply them in signer/src/bitcoin/utxo.rs validate_withdrawal_amounts), and the
 * recipient forms sbtc-withdrawal.clar accepts for our addresses.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { p2tr, p2wpkh, p2pkh } from '@scure/btc-signer';
import { describe, expect, it } from 'vitest';
import type { EmilyLimits } from '../../../../src/hops/sbtc/emily';
import { withdrawalRecipient } from '../../../../src/hops/sbtc/withdrawal';
import { withdrawalCap } from '../../../../src/hops/sbtc/withdrawal-limits';
import { WalletError } from '../../../../src/shared/errors';
import { renderText } from '../../../../src/shared/local-text';
import { englishOf } from '../../../helpers/english-of';
import { translator } from '../../../helpers/locale';
import { hopWallet } from '../../../helpers/hop-context';
import { ABANDON } from '../../../helpers/layer-deps';

const ACCOUNT = 'ST2CY5V39NHDPWSXMW9QDT3HC3GD6Q6XX4CFRK9AG';
const OTHER = 'ST2JHG361ZXG51QTKY2NQCVBPPRRE2KZB1HR05NNC';

function limits(over: Partial<EmilyLimits> = {}): EmilyLimits {
  return { pegCap: null, perDepositMinimum: null, perDepositCap: null, perWithdrawalCap: null, ...over };
}

/** The cap with its reason as the English popup shows it. */
function capOf(l: EmilyLimits): { max: bigint | null; reason?: string } {
  const cap = withdrawalCap(l, ACCOUNT);
  return cap.max === null ? cap : { max: cap.max, reason: englishOf(cap.reason) };
}

describe('sBTC withdrawal cap from Emily’s limits', () => {
  it('no limits: no cap', () => {
    expect(withdrawalCap(limits(), ACCOUNT).max).toBeNull();
  });

  it('takes the tightest of the per-withdrawal cap, what the rolling window has left, and the account’s rolling cap, naming which', () => {
    const window = { rollingWithdrawalBlocks: 144, rollingWithdrawalCap: 9_000_000 };
    expect(capOf(limits({ perWithdrawalCap: 500_000, availableToWithdraw: 700_000, ...window }))).toMatchObject({
      max: 500_000n,
      reason: expect.stringMatching(/at most 0\.005 sBTC per withdrawal/),
    });
    expect(capOf(limits({ perWithdrawalCap: 900_000, availableToWithdraw: 700_000, ...window }))).toMatchObject({
      max: 700_000n,
      reason: expect.stringMatching(/Only 0\.007 sBTC can still be withdrawn in the signers' rolling window of 144 blocks/),
    });
    const own = { [ACCOUNT]: { rollingWithdrawalCap: 300_000, rollingWithdrawalBlocks: 10 } };
    expect(capOf(limits({ perWithdrawalCap: 900_000, availableToWithdraw: 700_000, accountCaps: own }))).toMatchObject({
      max: 300_000n,
      reason: expect.stringMatching(/This account can withdraw at most 0\.003 sBTC .* of 10 blocks/),
    });
  });

  it('says why in the user’s language: a Chinese popup reads the cap and Emily’s bad number in Chinese, the amount with its unit', () => {
    const zh = translator('zh_CN');
    const cap = withdrawalCap(limits({ availableToWithdraw: 700_000, rollingWithdrawalBlocks: 144 }), ACCOUNT);
    expect(cap.max).toBe(700_000n);
    expect(cap.max !== null && renderText(cap.reason, zh)).toBe('在签名者 144 个区块的滚动窗口内只能再提取 0.007 sBTC（Emily 的限额）；请减少金额，或稍后再试。');
    try {
      withdrawalCap(limits({ perWithdrawalCap: 1.5 }), ACCOUNT);
      expect.unreachable();
    } catch (err) {
      expect(renderText((err as WalletError).text!, zh)).toBe('Emily 发送了无效的单笔提取上限。');
    }
  });

  it('a window with nothing left caps at zero (not "no cap")', () => {
    expect(withdrawalCap(limits({ availableToWithdraw: 0 }), ACCOUNT).max).toBe(0n);
  });

  it('an account’s own per-withdrawal cap replaces the global one, above or below it; other accounts keep the global', () => {
    const accountCaps = { [ACCOUNT]: { perWithdrawalCap: 2_000_000 } };
    expect(withdrawalCap(limits({ perWithdrawalCap: 1_000_000, accountCaps }), ACCOUNT).max).toBe(2_000_000n);
    expect(withdrawalCap(limits({ perWithdrawalCap: 1_000_000, accountCaps: { [ACCOUNT]: { perWithdrawalCap: 10 } } }), ACCOUNT).max).toBe(10n);
    expect(withdrawalCap(limits({ perWithdrawalCap: 1_000_000, accountCaps }), OTHER).max).toBe(1_000_000n);
    // null in the account's caps: the global one applies (limits.rs AccountLimits).
    expect(withdrawalCap(limits({ perWithdrawalCap: 1_000_000, accountCaps: { [ACCOUNT]: { perWithdrawalCap: null } } }), ACCOUNT).max).toBe(1_000_000n);
  });

  it('refuses an Emily answer that is not a whole, safe, non-negative number of sats', () => {
    for (const bad of [-1, 1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN, '5' as unknown as number]) {
      expect(() => withdrawalCap(limits({ perWithdrawalCap: bad }), ACCOUNT)).toThrow(WalletError);
      expect(() => withdrawalCap(limits({ availableToWithdraw: bad }), ACCOUNT)).toThrow(/Emily sent an invalid amount available to withdraw/);
      expect(() => withdrawalCap(limits({ accountCaps: { [ACCOUNT]: { rollingWithdrawalCap: bad } } }), ACCOUNT)).toThrow(/Emily sent an invalid account's rolling cap/);
    }
  });
});

describe('sBTC withdrawal recipient (sbtc-withdrawal.clar versions)', () => {
  const { ctx } = hopWallet({ mnemonic: ABANDON, endpoints: {} });
  const REGTEST = { bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef };
  const key = hexToBytes('0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798');

  it('P2WPKH is version 4 with the 20-byte key hash; P2TR is version 6 with the 32-byte output key', () => {
    const wpkh = p2wpkh(key, REGTEST);
    expect(withdrawalRecipient(wpkh.address!, ctx)).toEqual({ version: 4, hashbytes: wpkh.script.slice(2) });
    const tr = p2tr(key.slice(1), undefined, REGTEST);
    expect(withdrawalRecipient(tr.address!, ctx)).toEqual({ version: 6, hashbytes: tr.script.slice(2) });
  });

  it('refuses other address types and other networks’ addresses', () => {
    expect(() => withdrawalRecipient(p2pkh(key, REGTEST).address!, ctx)).toThrow(/SegWit v0 or Taproot/);
    expect(() => withdrawalRecipient(p2wpkh(key).address!, ctx)).toThrow();
  });
});
