/** Reads of Rootstock's Bridge precompile over JSON-RPC (eth_call). */
import { decodeBool, decodeInt, decodeString, encodeCall } from '../../layers/rootstock/abi';
import type { RootstockRpc } from '../../layers/rootstock/rpc';

/** The Bridge's fixed address on every Rootstock network. */
export const BRIDGE_ADDRESS = '0x0000000000000000000000000000000001000006';

export class BridgeClient {
  constructor(private readonly rpc: RootstockRpc) {}

  private read(data: string): Promise<string> {
    return this.rpc.call<string>('eth_call', [{ to: BRIDGE_ADDRESS, data }, 'latest']);
  }

  async federationAddress(): Promise<string> {
    return decodeString(await this.read(encodeCall('getFederationAddress()')));
  }

  /** Smallest peg-in the Bridge credits, in sats. */
  async minimumLockTxValue(): Promise<bigint> {
    return decodeInt(await this.read(encodeCall('getMinimumLockTxValue()')));
  }

  async isProcessed(btcTxid: string): Promise<boolean> {
    return decodeBool(await this.read(encodeCall('isBtcTxHashAlreadyProcessed(string)', [{ type: 'string', value: btcTxid }])));
  }
}
