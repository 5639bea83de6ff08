/** Reads of Rootstock's Bridge precompile over JSON-RPC (eth_call, eth_getLogs), following rskj's Bridge.java and BridgeEvents.java. */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { WalletError } from '../../shared/errors';
import { decodeBytes, decodeInt, decodeString, decodeUint, encodeCall } from '../../layers/rootstock/abi';
import type { RootstockRpc } from '../../layers/rootstock/rpc';
import { localText } from '../../shared/local-text';

/** What the Bridge says about its active federation. */
export interface FederationReport {
  address: string;
  size: number;
  threshold: number;
  /** Members' compressed BTC keys, in the Bridge's order. */
  keys: Uint8Array[];
  redeemScript: Uint8Array;
}

/** More members than any PowPeg has had; a larger answer is not read key by key. */
const MAX_FEDERATION_SIZE = 64;

/** The Bridge's fixed address on every Rootstock network. */
export const BRIDGE_ADDRESS = '0x0000000000000000000000000000000001000006';

const topic = (signature: string) => `0x${bytesToHex(keccak_256(new TextEncoder().encode(signature)))}`;
const hex = (n: number | bigint) => `0x${n.toString(16)}`;
/**
 * The Bridge's log of an accepted peg-out request, `sender` indexed (rskj BridgeEvents.java,
 * BridgeEventLoggerImpl.logReleaseBtcRequestReceived): the destination is a string since
 * RSKIP326, bytes before; the amount is in weis since RSKIP427 (Lovell), satoshis before.
 */
const RELEASE_REQUEST_RECEIVED = [topic('release_request_received(address,string,uint256)'), topic('release_request_received(address,bytes,uint256)')];
/** A refused peg-out (BridgeSupport.requestRelease): `sender` indexed; amount (weis since RSKIP427), reason. The RBTC went back in the same transaction. */
const RELEASE_REQUEST_REJECTED = topic('release_request_rejected(address,uint256,int256)');
/**
 * How the Bridge settled a peg-in (BridgeSupport.registerPegIn, BridgeEventLoggerImpl): credited,
 * `pegin_btc(address indexed receiver, bytes32 indexed btcTxHash, int256 amount in sats, int256
 * protocolVersion)`; or `rejected_pegin(bytes32 indexed btcTxHash, int256 reason)`, followed by
 * `unrefundable_pegin(bytes32 indexed btcTxHash, int256 reason)` when it will not be refunded.
 * btcTxHash is the txid as displayed (bitcoinj Sha256Hash.getBytes).
 */
const PEGIN_BTC = topic('pegin_btc(address,bytes32,int256,int256)');
const REJECTED_PEGIN = topic('rejected_pegin(bytes32,int256)');
const UNREFUNDABLE_PEGIN = topic('unrefundable_pegin(bytes32,int256)');

export interface PegoutRequest {
  hash: string;
  /** As logged: weis since RSKIP427, satoshis before. */
  amount: bigint;
}

export type PeginOutcome =
  /** Not processed yet; `minimum` is the Bridge's peg-in minimum now. */
  | { kind: 'pending'; minimum: bigint }
  | { kind: 'credited'; receiver: string; sats: bigint }
  /** rskj RejectedPeginReason, and NonRefundablePeginReason when it is not refunded. */
  | { kind: 'rejected'; reason: number; unrefundable?: number };

interface Log {
  transactionHash: string;
  topics: string[];
  data: string;
}

export class BridgeClient {
  constructor(private readonly rpc: RootstockRpc) {}

  private read(data: string): Promise<string> {
    return this.rpc.call<string>('eth_call', [{ to: BRIDGE_ADDRESS, data }, 'latest']);
  }

  async federationAddress(): Promise<string> {
    return decodeString(await this.read(encodeCall('getFederationAddress()')));
  }

  /**
   * The active federation as the Bridge describes it (rskj Bridge.java): its address,
   * size, threshold, redeem script (RSKIP293) and every member's BTC key, in two batches.
   */
  async federation(): Promise<FederationReport> {
    const call = (data: string) => [{ to: BRIDGE_ADDRESS, data }, 'latest'];
    const [address, size, threshold, script] = await this.rpc.batch<string>(
      'eth_call',
      ['getFederationAddress()', 'getFederationSize()', 'getFederationThreshold()', 'getActivePowpegRedeemScript()'].map((sig) => call(encodeCall(sig))),
    );
    const n = Number(decodeInt(size!));
    if (!Number.isInteger(n) || n < 1 || n > MAX_FEDERATION_SIZE) {
      throw new WalletError('backend_error', localText('err_powpeg_members', this.rpc.host, String(n)));
    }
    const keys = await this.rpc.batch<string>(
      'eth_call',
      Array.from({ length: n }, (_, i) =>
        call(encodeCall('getFederatorPublicKeyOfType(int256,string)', [{ type: 'int256', value: BigInt(i) }, { type: 'string', value: 'btc' }])),
      ),
    );
    return {
      address: decodeString(address!),
      size: n,
      threshold: Number(decodeInt(threshold!)),
      redeemScript: decodeBytes(script!),
      keys: keys.map(decodeBytes),
    };
  }

  /** Smallest peg-in the Bridge credits, in sats. */
  async minimumLockTxValue(): Promise<bigint> {
    return decodeInt(await this.read(encodeCall('getMinimumLockTxValue()')));
  }

  /** Peg-out requests the Bridge accepted from `sender` since block `fromBlock`, oldest first. */
  async pegoutRequests(sender: string, fromBlock: number): Promise<PegoutRequest[]> {
    const logs = await this.rpc.call<Log[]>('eth_getLogs', [
      { address: BRIDGE_ADDRESS, fromBlock: hex(fromBlock), toBlock: 'latest', topics: [RELEASE_REQUEST_RECEIVED, addressTopic(sender)] },
    ]);
    // Data: the destination's offset, then the amount.
    return logs.map((l) => ({ hash: l.transactionHash.toLowerCase(), amount: decodeUint(`0x${l.data.slice(2 + 64, 2 + 128)}`) }));
  }

  /** The reason (rskj RejectedPegoutReason) the Bridge refused peg-out `hash` of `sender`, mined in `block`; null if it took it. */
  async pegoutRejection(sender: string, hash: string, block: number): Promise<number | null> {
    const logs = await this.rpc.call<Log[]>('eth_getLogs', [{ address: BRIDGE_ADDRESS, fromBlock: hex(block), toBlock: hex(block), topics: [RELEASE_REQUEST_REJECTED, addressTopic(sender)] }]);
    const log = logs.find((l) => l.transactionHash.toLowerCase() === hash.toLowerCase());
    // Data: amount, then reason.
    return log ? Number(decodeInt(`0x${log.data.slice(2 + 64, 2 + 128)}`)) : null;
  }

  /**
   * How the Bridge settled peg-in `btcTxid`. Processed alone does not tell (rskj marks rejected
   * peg-ins processed too): the events of the block that processed it do. While it is not
   * processed, the Bridge's minimum comes in the same request (an unrefundable peg-in is not
   * marked processed before RSKIP459 and from RSKIP551 on).
   */
  async peginOutcome(btcTxid: string): Promise<PeginOutcome> {
    const txid = { type: 'string' as const, value: btcTxid.toLowerCase() };
    const [height, minimum] = await this.rpc.batch<string>('eth_call', [
      [{ to: BRIDGE_ADDRESS, data: encodeCall('getBtcTxHashProcessedHeight(string)', [txid]) }, 'latest'],
      [{ to: BRIDGE_ADDRESS, data: encodeCall('getMinimumLockTxValue()') }, 'latest'],
    ]);
    const block = decodeInt(height!);
    if (block < 0n) return { kind: 'pending', minimum: decodeInt(minimum!) };
    const logs = await this.rpc.call<Log[]>('eth_getLogs', [
      { address: BRIDGE_ADDRESS, fromBlock: hex(block), toBlock: hex(block), topics: [[PEGIN_BTC, REJECTED_PEGIN, UNREFUNDABLE_PEGIN]] },
    ]);
    const hash = `0x${txid.value}`;
    const ours = (event: string, at: number) => logs.find((l) => l.topics[0] === event && l.topics[at]?.toLowerCase() === hash);
    const word = (l: Log) => decodeInt(`0x${l.data.slice(2, 2 + 64)}`);
    const credited = ours(PEGIN_BTC, 2);
    if (credited) return { kind: 'credited', receiver: `0x${credited.topics[1]!.slice(-40).toLowerCase()}`, sats: word(credited) };
    const rejected = ours(REJECTED_PEGIN, 1);
    if (rejected) {
      const unrefundable = ours(UNREFUNDABLE_PEGIN, 1);
      return { kind: 'rejected', reason: Number(word(rejected)), ...(unrefundable ? { unrefundable: Number(word(unrefundable)) } : {}) };
    }
    throw new WalletError('backend_error', localText('err_powpeg_bridge_silent', this.rpc.host, btcTxid, String(block)));
  }

}

const addressTopic = (address: string) => `0x${address.slice(2).toLowerCase().padStart(64, '0')}`;
