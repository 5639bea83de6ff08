/** Reads of Rootstock's Bridge precompile over JSON-RPC (eth_call, eth_getLogs). */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { WalletError } from '../../shared/errors';
import { decodeBool, decodeBytes, decodeInt, decodeString, decodeUint, encodeCall } from '../../layers/rootstock/abi';
import type { RootstockRpc } from '../../layers/rootstock/rpc';

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
/**
 * The Bridge's log of an accepted peg-out request, `sender` indexed, the amount in
 * satoshis (rskj BridgeEvents.java, BridgeEventLoggerImpl.logReleaseBtcRequestReceived):
 * the destination is a string since RSKIP326, bytes before.
 */
const RELEASE_REQUEST_RECEIVED = [topic('release_request_received(address,string,uint256)'), topic('release_request_received(address,bytes,uint256)')];

export interface PegoutRequest {
  hash: string;
  sats: bigint;
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
      throw new WalletError('backend_error', `${this.rpc.host} reports a PowPeg federation of ${n} members. Nothing was sent.`);
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
    const logs = await this.rpc.call<{ transactionHash: string; data: string }[]>('eth_getLogs', [
      { address: BRIDGE_ADDRESS, fromBlock: `0x${fromBlock.toString(16)}`, toBlock: 'latest', topics: [RELEASE_REQUEST_RECEIVED, `0x${sender.slice(2).toLowerCase().padStart(64, '0')}`] },
    ]);
    // Data: the destination's offset, then the amount.
    return logs.map((l) => ({ hash: l.transactionHash.toLowerCase(), sats: decodeUint(`0x${l.data.slice(2 + 64, 2 + 128)}`) }));
  }

  async isProcessed(btcTxid: string): Promise<boolean> {
    return decodeBool(await this.read(encodeCall('isBtcTxHashAlreadyProcessed(string)', [{ type: 'string', value: btcTxid }])));
  }
}
