/**
 * Post-conditions a web page attaches to a call (SIP-030: hex of the wire form, as
 * @stacks/connect sends them, or the JSON form), read strictly and said in words:
 * who sends how much of what. Only the kinds a Stacks testnet transaction carries
 * today are taken: STX, fungible and non-fungible tokens.
 */
import { deserializePostConditionWire, postConditionToHex, wireToPostCondition, type PostCondition } from '@stacks/transactions';
import { localText, type LocalText } from '../../shared/local-text';
import { formatAmountText, UNITS } from '../../shared/units';
import type { StacksAsset } from '../../layers/stacks/assets';
import { DappError } from '../family';
import { clarityText } from './clarity';

export type TokenPostCondition = Extract<PostCondition, { type: 'stx-postcondition' | 'ft-postcondition' | 'nft-postcondition' }>;

export function parsePostCondition(input: unknown, path: string): TokenPostCondition {
  let hex: string;
  try {
    hex = typeof input === 'string' ? input.replace(/^0x/, '').toLowerCase() : postConditionToHex(input as PostCondition).toLowerCase();
  } catch (err) {
    throw new DappError('invalid_params', `"${path}" is not a post-condition (${(err as Error).message}).`);
  }
  if (!/^([0-9a-f]{2})+$/.test(hex)) throw new DappError('invalid_params', `"${path}" is not a hex-encoded post-condition.`);
  let pc: PostCondition;
  try {
    pc = wireToPostCondition(deserializePostConditionWire(hex));
  } catch (err) {
    throw new DappError('invalid_params', `"${path}" is not a post-condition (${(err as Error).message}).`);
  }
  if (postConditionToHex(pc).toLowerCase() !== hex) throw new DappError('invalid_params', `"${path}" has bytes after its post-condition.`);
  if (pc.type !== 'stx-postcondition' && pc.type !== 'ft-postcondition' && pc.type !== 'nft-postcondition') {
    throw new DappError('invalid_params', `"${path}": ${pc.type} post-conditions are not supported by this wallet.`);
  }
  return pc;
}

const COMPARATOR: Record<string, string> = { eq: 'dapp_stx_pc_eq', gt: 'dapp_stx_pc_gt', gte: 'dapp_stx_pc_gte', lt: 'dapp_stx_pc_lt', lte: 'dapp_stx_pc_lte' };

/** One post-condition in words. `own`: the account's address; `tokens`: the network's known tokens (for decimals and symbol). */
export function describePostCondition(pc: TokenPostCondition, own: string, tokens: readonly StacksAsset[]): LocalText {
  const who = pc.address === 'origin' || pc.address === own ? localText('dapp_stx_pc_you') : pc.address;
  if (pc.type === 'nft-postcondition') {
    const key = pc.condition === 'sent' ? 'dapp_stx_pc_nft_sent' : pc.condition === 'not-sent' ? 'dapp_stx_pc_nft_not_sent' : 'dapp_stx_pc_nft_maybe';
    return localText(key, who, pc.asset, clarityText(pc.assetId));
  }
  const amount = BigInt(pc.amount);
  const cond = localText(COMPARATOR[pc.condition] ?? 'dapp_stx_pc_eq');
  if (pc.type === 'stx-postcondition') return localText('dapp_stx_pc_fungible', who, cond, formatAmountText(amount, UNITS.STX.decimals, UNITS.STX.symbol));
  const known = tokens.find((t) => t.kind === 'sip010' && t.id === pc.asset);
  const what = known ? formatAmountText(amount, known.decimals, known.symbol) : localText('dapp_stx_units_of', amount.toString(), pc.asset);
  return localText('dapp_stx_pc_fungible', who, cond, what);
}
