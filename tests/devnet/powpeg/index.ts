/**
 * The devnet PowPeg: a stand-in Bridge contract placed at Rootstock's Bridge
 * address on anvil, and a stand-in federation acting on both devnet chains for
 * real. It watches the bcoin devnet for transactions paying the federation
 * address with the RSKIP-170 OP_RETURN ("RSKT", version 1, RSK address[,
 * refund]), and after the required confirmations credits RBTC on anvil; it
 * watches the Bridge for RBTC sent to it (peg-out requests), and after the
 * required Rootstock confirmations pays BTC from its own coins on bcoin to the
 * P2PKH address of the sender's public key, as the PowPeg does.
 */
import * as ecc from '@bitcoinerlab/secp256k1';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { initEccLib, networks, payments, Psbt, type Signer } from 'bitcoinjs-lib';
import { Transaction as EthTx } from 'micro-eth-signer';
import { decodeUint, encodeCall } from '../../../src/layers/rootstock/abi';
import type { BitcoinDevnet } from '../bitcoin';
import { ANVIL_DEV_ACCOUNT, type Anvil } from '../rootstock/anvil';
import { compileBridge } from './compile';

initEccLib(ecc);

export const BRIDGE_ADDRESS = '0x0000000000000000000000000000000001000006';
const WEI_PER_SAT = 10_000_000_000n;
/** Topic of the Bridge's release_request_received(address indexed,string,uint256) event. */
const RELEASE_TOPIC = `0x${bytesToHex(keccak_256(new TextEncoder().encode('release_request_received(address,string,uint256)')))}`;

export interface PowpegDevnet {
  federationAddress: string;
  minLockSats: bigint;
  /** Peg-ins credited and peg-outs paid, by Bitcoin txid / Rootstock hash. */
  credited: Map<string, { recipient: string; sats: bigint; rskHash: string }>;
  released: Map<string, { btcTxid: string; address: string; sats: bigint }>;
  refunded: Map<string, string>;
  /** Runs one federation pass now (tests call it instead of waiting for the poll). */
  pass(): Promise<void>;
  stop(): Promise<void>;
}

export interface PowpegOptions {
  bitcoin: BitcoinDevnet;
  anvil: Anvil;
  minLockSats?: bigint;
  minPegOutSats?: bigint;
  pegInConfirmations?: number;
  pegOutConfirmations?: number;
  pollMs?: number;
}

export function parsePeginPayload(scriptHex: string): { recipient: string; refund?: { type: number; hash: string } } | null {
  // OP_RETURN <push> "RSKT" 01 <20-byte RSK address> [type <20-byte hash>]
  const m = /^6a([0-9a-f]{2})52534b5401([0-9a-f]{40})(?:(0[12])([0-9a-f]{40}))?$/.exec(scriptHex);
  if (!m || parseInt(m[1]!, 16) * 2 !== scriptHex.length - 4) return null;
  return { recipient: `0x${m[2]}`, refund: m[3] ? { type: parseInt(m[3], 16), hash: m[4]! } : undefined };
}

export async function startPowpegDevnet(opts: PowpegOptions): Promise<PowpegDevnet> {
  const { bitcoin, anvil } = opts;
  const minLockSats = opts.minLockSats ?? 100_000n;
  const minPegOutSats = opts.minPegOutSats ?? 50_000n;
  const pegInConf = opts.pegInConfirmations ?? 3;
  const pegOutConf = opts.pegOutConfirmations ?? 3;

  await anvil.rpc('anvil_setCode', [BRIDGE_ADDRESS, compileBridge().runtime]);
  // Under interval mining the pending block was built before the code existed; seal a block now.
  await anvil.mine(1);
  const fedKey = secp256k1.utils.randomSecretKey();
  const fedPub = secp256k1.getPublicKey(fedKey, true);
  const redeem = payments.p2wpkh({ pubkey: fedPub, network: networks.regtest });
  const fedPayment = payments.p2sh({ redeem, network: networks.regtest });
  const federationAddress = fedPayment.address!;
  const fedScript = bytesToHex(fedPayment.output!);

  const sendAs = async (to: string, data: string, value = 0n) => {
    const hash = await anvil.rpc<string>('eth_sendTransaction', [
      { from: ANVIL_DEV_ACCOUNT, to, data, value: `0x${value.toString(16)}` },
    ]);
    const receipt = await anvil.receipt<{ status: string }>(hash);
    if (receipt.status !== '0x1') throw new Error(`federation call reverted: ${hash}`);
    return hash;
  };
  await sendAs(
    BRIDGE_ADDRESS,
    encodeCall('initialize(string,int256,address)', [
      { type: 'string', value: federationAddress },
      { type: 'int256', value: minLockSats },
      { type: 'address', value: ANVIL_DEV_ACCOUNT },
    ]),
  );
  // The federation's own coins, from which peg-outs are paid (not a peg-in).
  const reserveTxid = await bitcoin.faucet(federationAddress, 10_0000_0000n);

  const esplora = (path: string) => fetch(`${bitcoin.esploraUrl}${path}`).then((r) => r.json());
  const credited = new Map<string, { recipient: string; sats: bigint; rskHash: string }>();
  const released = new Map<string, { btcTxid: string; address: string; sats: bigint }>();
  const refunded = new Map<string, string>();
  const seen = new Set<string>([reserveTxid]);

  const payFromFederation = async (script: Uint8Array, sats: bigint): Promise<string> => {
    const utxos = (await esplora(`/address/${federationAddress}/utxo`)) as { txid: string; vout: number; value: number; status: { confirmed: boolean } }[];
    const coin = utxos.filter((u) => u.status.confirmed).sort((a, b) => b.value - a.value)[0];
    const fee = 2_000n;
    if (!coin || BigInt(coin.value) < sats + fee + 1000n) throw new Error('federation has no coin large enough');
    const psbt = new Psbt({ network: networks.regtest });
    psbt.addInput({ hash: coin.txid, index: coin.vout, witnessUtxo: { script: fedPayment.output!, value: BigInt(coin.value) }, redeemScript: redeem.output! });
    psbt.addOutput({ script, value: sats - fee });
    psbt.addOutput({ script: fedPayment.output!, value: BigInt(coin.value) - sats });
    const signer: Signer = { publicKey: fedPub, sign: (h: Uint8Array) => secp256k1.sign(h, fedKey, { prehash: false }) };
    psbt.signInput(0, signer);
    psbt.finalizeAllInputs();
    const hex = psbt.extractTransaction().toHex();
    const res = await fetch(`${bitcoin.esploraUrl}/tx`, { method: 'POST', body: hex });
    if (!res.ok) throw new Error(`federation payment refused: ${await res.text()}`);
    return (await res.text()).trim();
  };

  const processPegins = async () => {
    const tip = Number(await (await fetch(`${bitcoin.esploraUrl}/blocks/tip/height`)).text());
    const txs = (await esplora(`/address/${federationAddress}/txs`)) as {
      txid: string;
      vout: { scriptpubkey: string; value: number }[];
      status: { confirmed: boolean; block_height?: number };
    }[];
    for (const tx of txs) {
      if (seen.has(tx.txid) || !tx.status.confirmed) continue;
      if (tip - tx.status.block_height! + 1 < pegInConf) continue;
      seen.add(tx.txid);
      const value = tx.vout.filter((o) => o.scriptpubkey === fedScript).reduce((s, o) => s + BigInt(o.value), 0n);
      if (value === 0n) continue; // a peg-out's change back to the federation
      const payloads = tx.vout.map((o) => parsePeginPayload(o.scriptpubkey)).filter((p) => p !== null);
      const instructions = payloads.length === 1 ? payloads[0]! : null;
      if (!instructions || value < minLockSats) {
        // Rejected peg-in: back to the refund address when one was given (RSKIP-170).
        if (instructions?.refund?.type === 1) {
          const p2pkh = payments.p2pkh({ hash: hexToBytes(instructions.refund.hash), network: networks.regtest });
          refunded.set(tx.txid, await payFromFederation(p2pkh.output!, value));
        }
        continue;
      }
      const rskHash = await sendAs(
        BRIDGE_ADDRESS,
        encodeCall('creditPegin(string,bytes32,address,int64)', [
          { type: 'string', value: tx.txid },
          { type: 'bytes32', value: tx.txid },
          { type: 'address', value: instructions.recipient },
          { type: 'int256', value: BigInt(tx.status.block_height!) },
        ]),
        value * WEI_PER_SAT,
      );
      credited.set(tx.txid, { recipient: instructions.recipient, sats: value, rskHash });
    }
  };

  const processPegouts = async () => {
    const head = Number(BigInt(await anvil.rpc<string>('eth_blockNumber')));
    const logs = await anvil.rpc<{ transactionHash: string; blockNumber: string; data: string }[]>('eth_getLogs', [
      { address: BRIDGE_ADDRESS, topics: [RELEASE_TOPIC], fromBlock: '0x0', toBlock: `0x${head.toString(16)}` },
    ]);
    for (const log of logs) {
      const block = Number(BigInt(log.blockNumber));
      if (released.has(log.transactionHash) || refunded.has(log.transactionHash)) continue;
      if (head - block + 1 < pegOutConf) continue; // not deep enough yet
      const raw = await anvil.rpc<string>('eth_getRawTransactionByHash', [log.transactionHash]);
      const tx = EthTx.fromHex(raw);
      const { publicKey } = tx.recoverSender();
      const compressed = secp256k1.Point.fromBytes(hexToBytes(publicKey.replace(/^0x/, ''))).toBytes(true);
      // Data: (string btcDestinationAddress, uint256 amount in sats); the RBTC itself is the transaction's value.
      const sats = decodeUint(`0x${log.data.slice(2 + 64, 2 + 128)}`);
      const wei = tx.raw.value;
      if (sats < minPegOutSats) {
        // Below the minimum: RBTC goes back to the sender, as the Bridge does.
        await sendAs(BRIDGE_ADDRESS, encodeCall('settleRelease(uint256)', [{ type: 'uint256', value: wei }]));
        refunded.set(log.transactionHash, await sendAs(tx.sender, '0x', wei));
        continue;
      }
      const p2pkh = payments.p2pkh({ pubkey: compressed, network: networks.regtest });
      const btcTxid = await payFromFederation(p2pkh.output!, sats);
      await sendAs(BRIDGE_ADDRESS, encodeCall('settleRelease(uint256)', [{ type: 'uint256', value: wei }]));
      released.set(log.transactionHash, { btcTxid, address: p2pkh.address!, sats });
    }
  };

  let running: Promise<void> | null = null;
  const pass = () => {
    running ??= (async () => {
      try {
        await processPegins();
        await processPegouts();
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const timer = setInterval(() => void pass().catch(() => undefined), opts.pollMs ?? 500);

  return {
    federationAddress,
    minLockSats,
    credited,
    released,
    refunded,
    pass,
    stop: async () => {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}

