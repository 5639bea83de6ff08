/** Stacks' side for hops: the account's sBTC and its contract calls. */
import type { StacksHopSide } from '../hop-sides';
import type { StacksService } from './service';

export function stacksHopSide(service: StacksService): StacksHopSide {
  return {
    address: service.address,
    spendable: (asset) => service.spendable(asset),
    callContract: (call, opts) => service.callContract(call, opts),
    contractCalls: (contract, fn) => service.contractCalls(contract, fn),
    transaction: (txid) => service.transaction(txid),
    rebroadcast: (hex) => service.rebroadcast(hex),
  };
}
