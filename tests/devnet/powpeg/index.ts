/**
 * The devnet PowPeg: a stand-in Bridge contract placed at Rootstock's Bridge
 * address on anvil, and a stand-in federation acting on both devnet chains for
 * real. It watches the bcoin devnet for transactions paying the federation
 * address with the RSKIP-170 OP_RETURN ("RSKT", version 1, RSK address[,
 * refund]), and after the required confirmations registers each as rskj's
 * BridgeSupport.registerPegIn does (PegUtils.evaluatePegin): credited RBTC with
 * `pegin_btc`, or rejected with `rejected_pegin` and, when it cannot be refunded,
 * `unrefundable_pegin`; a refundable rejection is paid back on bcoin from the
 * peg-in's own coins to the OP_RETURN's refund address. It watches the Bridge
 * for peg-out requests it accepted, and after the required Rootstock
 * confirmations pays BTC from its own coins on bcoin to the P2PKH address of the
 * sender's public key, as the PowPeg does.
 *
 * The federation is built as rskj builds a regtest one (FederationRegTestConstants:
 * a P2SH-P2WSH ERP federation): three fresh federator keys in the default
 * branch, rskj's regtest emergency keys and delay in the other, and it pays with
 * two of its three federators' signatures. It is built with @scure/btc-signer,
 * not with the wallet's bitcoinjs-lib, and `misbehave` makes the Bridge lie
 * about it.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, concatBytes, hexToBytes } from '@noble/hashes/utils.js';
import { createBase58check } from '@scure/base';
import { OutScript, Script, SigHash, Transaction, type ScriptType } from '@scure/btc-signer';
import { Transaction as EthTx } from 'micro-eth-signer';
import { encodeCall } from '../../../src/layers/rootstock/abi';
import type { BitcoinDevnet } from '../bitcoin';
import { ANVIL_DEV_ACCOUNT, type Anvil } from '../rootstock/anvil';
import { compileBridge } from './compile';

export const BRIDGE_ADDRESS = '0x0000000000000000000000000000000001000006';
const WEI_PER_SAT = 10_000_000_000n;
/** Topic of the Bridge's release_request_received(address indexed,string,uint256) event (rskj BridgeEvents.RELEASE_REQUEST_RECEIVED). */
const RELEASE_TOPIC = `0x${bytesToHex(keccak_256(new TextEncoder().encode('release_request_received(address,string,uint256)')))}`;

/** rskj FederationRegTestConstants: the emergency (ERP) keys and their CSV delay, in blocks. */
export const REGTEST_ERP_KEYS = [
  '03b9fc46657cf72a1afa007ecf431de1cd27ff5cc8829fa625b66ca47b967e6b24',
  '029cecea902067992d52c38b28bf0bb2345bda9b21eca76b16a17c477a64e43301',
  '03284178e5fbcc63c54c3b38e3ef88adf2da6c526313650041b0ef955763634ebd',
  '03ab0e2cd7ed158687fc13b88019990860cdb72b1f5777b58513312550ea1584bc',
];
export const REGTEST_ERP_DELAY = 500;

/** rskj co/rsk/peg/pegin/RejectedPeginReason.java. */
export const REJECTED_PEGIN_REASON = {
  PEGIN_CAP_SURPASSED: 1,
  LEGACY_PEGIN_MULTISIG_SENDER: 2,
  LEGACY_PEGIN_UNDETERMINED_SENDER: 3,
  PEGIN_V1_INVALID_PAYLOAD: 4,
  INVALID_AMOUNT: 5,
} as const;
export type RejectedPeginReason = keyof typeof REJECTED_PEGIN_REASON;

/** rskj co/rsk/peg/utils/NonRefundablePeginReason.java. */
const NON_REFUNDABLE_PEGIN_REASON = {
  LEGACY_PEGIN_UNDETERMINED_SENDER: 1,
  PEGIN_V1_REFUND_ADDRESS_NOT_SET: 2,
  INVALID_AMOUNT: 3,
  OUTPUTS_SENT_TO_DIFFERENT_TYPES_OF_FEDS: 4,
} as const;

/** rskj co/rsk/peg/utils/RejectedPegoutReason.java. */
export const REJECTED_PEGOUT_REASON = { LOW_AMOUNT: 1, CALLER_CONTRACT: 2, FEE_ABOVE_VALUE: 3 } as const;
export type RejectedPegoutReason = keyof typeof REJECTED_PEGOUT_REASON;

/** How the Bridge stand-in lies about the federation (see BridgeStandIn.setLie). */
export type PowpegMisbehaviour =
  /** The truth. */
  | 'honest'
  /** getFederationAddress names an attacker's address; the federators' keys and redeem script stay honest. */
  | 'wrong-address'
  /** A redeem script with the honest federators but the attacker's key (1 block) as emergency branch, and its address. */
  | 'wrong-emergency-keys'
  /**
   * A whole federation of the attacker's: three keys of his as the members the Bridge lists, their
   * majority threshold, a redeem script of those keys with the network's real emergency branch, and
   * its address. Every part agrees with every other: only a pinned address tells it from the real one.
   */
  | 'attacker-federation';

export interface PowpegDevnet {
  federationAddress: string;
  /** Federators' BTC keys (hex, sorted) and the federation's redeem script (hex). */
  federatorKeys: string[];
  redeemScript: string;
  /** Makes the Bridge lie from now on; returns the address it then names ('honest': the federation's). */
  misbehave(mode: PowpegMisbehaviour): Promise<string>;
  minLockSats: bigint;
  /** Peg-ins credited and peg-outs paid, by Bitcoin txid / Rootstock hash. */
  credited: Map<string, { recipient: string; sats: bigint; rskHash: string }>;
  released: Map<string, { btcTxid: string; address: string; sats: bigint }>;
  /** Peg-ins rejected, by Bitcoin txid: rskj's reason codes, and the refund's txid when one was paid. */
  rejected: Map<string, { reason: number; unrefundable?: number; refundTxid?: string }>;
  /**
   * Test switch: from now on every peg-in that would be credited is rejected with this reason, as rskj
   * would for it (refunded to the OP_RETURN's refund address unless the reason is not refundable); null: off.
   */
  rejectPegins(reason: RejectedPeginReason | null): void;
  /** Test switch: the Bridge's peg-in minimum from now on (getMinimumLockTxValue, and what registration checks). */
  setMinimumLockTxValue(sats: bigint): Promise<void>;
  /**
   * Test switch: whether an unrefundable peg-in is marked processed, as rskj does between RSKIP459 and
   * RSKIP551 (true, the default), or not, as before RSKIP459 and from RSKIP551 (Vetiver) on.
   */
  markUnrefundableProcessed(on: boolean): void;
  /** Test switch: the Bridge rejects (and refunds in RBTC) every peg-out with this reason; null: only below the minimum. */
  rejectPegouts(reason: RejectedPegoutReason | null): Promise<void>;
  /** Runs one federation pass now (tests call it instead of waiting for the poll). */
  pass(): Promise<void>;
  stop(): Promise<void>;
}

export interface PowpegOptions {
  bitcoin: BitcoinDevnet;
  anvil: Anvil;
  /** The Bridge's peg-in minimum; default 100,000 sats, below rskj regtest's 500,000 so tests move small amounts (the wallet reads it from the Bridge). */
  minLockSats?: bigint;
  /** The peg-out minimum; default rskj BridgeRegTestConstants.minimumPegoutTxValue, 250,000 sats, which the devnet preset states too. */
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
  let minLockSats = opts.minLockSats ?? 100_000n;
  const minPegOutSats = opts.minPegOutSats ?? 250_000n;
  const pegInConf = opts.pegInConfirmations ?? 3;
  const pegOutConf = opts.pegOutConfirmations ?? 3;

  await anvil.rpc('anvil_setCode', [BRIDGE_ADDRESS, compileBridge().runtime]);
  // Under interval mining the pending block was built before the code existed; seal a block now.
  await anvil.mine(1);
  const federators = Array.from({ length: 3 }, () => {
    const key = secp256k1.utils.randomSecretKey();
    return { key, pub: secp256k1.getPublicKey(key, true) };
  }).sort((a, b) => compareBytes(a.pub, b.pub));
  const witnessScript = erpRedeemScript(
    federators.map((f) => f.pub),
    REGTEST_ERP_KEYS.map(hexToBytes),
    REGTEST_ERP_DELAY,
  );
  const fed = p2shP2wsh(witnessScript);
  const federationAddress = fed.address;
  const fedScript = bytesToHex(fed.output);

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
    encodeCall('initialize(string,int256,uint256,address,bytes,bytes)', [
      { type: 'string', value: federationAddress },
      { type: 'int256', value: minLockSats },
      { type: 'uint256', value: minPegOutSats },
      { type: 'address', value: ANVIL_DEV_ACCOUNT },
      { type: 'bytes', value: witnessScript },
      { type: 'bytes', value: concatBytes(...federators.map((f) => f.pub)) },
    ]),
  );
  const attackerPub = secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true);
  const attackerMembers = Array.from({ length: 3 }, () => secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true)).sort(compareBytes);
  const misbehave = async (mode: PowpegMisbehaviour): Promise<string> => {
    const none = new Uint8Array(0);
    let lie: { address: string; script: Uint8Array; keys: Uint8Array } = { address: '', script: none, keys: none };
    if (mode === 'wrong-address') lie = { address: p2shP2wsh(Script.encode([attackerPub, 'CHECKSIG'])).address, script: none, keys: none };
    if (mode === 'wrong-emergency-keys') {
      const script = erpRedeemScript(federators.map((f) => f.pub), [attackerPub], 1);
      lie = { address: p2shP2wsh(script).address, script, keys: none };
    }
    if (mode === 'attacker-federation') {
      const script = erpRedeemScript(attackerMembers, REGTEST_ERP_KEYS.map(hexToBytes), REGTEST_ERP_DELAY);
      lie = { address: p2shP2wsh(script).address, script, keys: concatBytes(...attackerMembers) };
    }
    await sendAs(
      BRIDGE_ADDRESS,
      encodeCall('setLie(string,bytes,bytes)', [
        { type: 'string', value: lie.address },
        { type: 'bytes', value: lie.script },
        { type: 'bytes', value: lie.keys },
      ]),
    );
    return lie.address || federationAddress;
  };
  // The federation's own coins, from which peg-outs are paid (not a peg-in).
  const reserveTxid = await bitcoin.faucet(federationAddress, 10_0000_0000n);

  const esplora = (path: string) => fetch(`${bitcoin.esploraUrl}${path}`).then((r) => r.json());
  const credited = new Map<string, { recipient: string; sats: bigint; rskHash: string }>();
  const released = new Map<string, { btcTxid: string; address: string; sats: bigint }>();
  const rejected = new Map<string, { reason: number; unrefundable?: number; refundTxid?: string }>();
  const seen = new Set<string>([reserveTxid]);
  /** The federation's own transactions: their change may be spent before it confirms. */
  const ownSpends = new Set<string>();
  let forcedRejection: RejectedPeginReason | null = null;
  let markUnrefundable = true;

  type Coin = { txid: string; vout: number; value: bigint };
  /** Signs a spend of federation coins with two of the three federators (the default, OP_NOTIF branch) and broadcasts it. */
  const spendFederationCoins = async (coins: Coin[], outputs: { script: Uint8Array; amount: bigint }[]): Promise<string> => {
    const tx = new Transaction({ allowUnknownOutputs: true });
    for (const c of coins) tx.addInput({ txid: c.txid, index: c.vout, witnessUtxo: { script: fed.output, amount: c.value } });
    for (const o of outputs) tx.addOutput(o);
    coins.forEach((c, i) => {
      const sighash = tx.preimageWitnessV0(i, witnessScript, SigHash.ALL, c.value);
      const sigs = federators.slice(0, 2).map((f) => concatBytes(secp256k1.sign(sighash, f.key, { prehash: false, format: 'der' }), new Uint8Array([SigHash.ALL])));
      tx.updateInput(i, { finalScriptSig: Script.encode([fed.redeem]), finalScriptWitness: [new Uint8Array(0), ...sigs, new Uint8Array(0), witnessScript] }, true);
    });
    const res = await fetch(`${bitcoin.esploraUrl}/tx`, { method: 'POST', body: tx.hex });
    if (!res.ok) throw new Error(`federation payment refused: ${await res.text()}`);
    const txid = (await res.text()).trim();
    ownSpends.add(txid);
    return txid;
  };

  /** Pays a peg-out from the federation's registered coins (never a rejected peg-in's: rskj does not register those UTXOs). */
  const payFromFederation = async (script: Uint8Array, sats: bigint): Promise<string> => {
    const utxos = (await esplora(`/address/${federationAddress}/utxo`)) as { txid: string; vout: number; value: number; status: { confirmed: boolean } }[];
    const coin = utxos.filter((u) => (u.status.confirmed || ownSpends.has(u.txid)) && !rejected.has(u.txid)).sort((a, b) => b.value - a.value)[0];
    const fee = 2_000n;
    if (!coin || BigInt(coin.value) < sats + fee + 1000n) throw new Error('federation has no coin large enough');
    return spendFederationCoins([{ txid: coin.txid, vout: coin.vout, value: BigInt(coin.value) }], [
      { script, amount: sats - fee },
      { script: fed.output, amount: BigInt(coin.value) - sats },
    ]);
  };

  /**
   * rskj BridgeSupport.generateRejectionRelease: the refund spends exactly the peg-in's outputs to the
   * federation (ReleaseTransactionBuilder.buildEmptyWalletTo), all of it less the fee, to the refund address.
   */
  const refundPegin = async (txid: string, coins: Coin[], refund: { type: number; hash: string }): Promise<string> => {
    const hash = hexToBytes(refund.hash);
    // Output scripts by @scure/btc-signer: the wallet derives its refund address with bitcoinjs-lib.
    const script = OutScript.encode(refund.type === 1 ? { type: 'pkh', hash } : { type: 'sh', hash });
    const total = coins.reduce((s, c) => s + c.value, 0n);
    const refundTxid = await spendFederationCoins(coins, [{ script, amount: total - 2_000n }]);
    rejected.get(txid)!.refundTxid = refundTxid;
    return refundTxid;
  };

  const reject = async (txid: string, reason: number, unrefundable?: number) => {
    rejected.set(txid, { reason, unrefundable });
    await sendAs(
      BRIDGE_ADDRESS,
      encodeCall('rejectPegin(string,bytes32,int256,int256,bool)', [
        { type: 'string', value: txid },
        { type: 'bytes32', value: txid },
        { type: 'int256', value: BigInt(reason) },
        { type: 'int256', value: BigInt(unrefundable ?? 0) },
        { type: 'bool', value: markUnrefundable },
      ]),
    );
  };

  // rskj BridgeSupport.registerPegIn after RSKIP379, with PegUtils.evaluatePegin deciding.
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
      const coins = tx.vout.flatMap((o, vout) => (o.scriptpubkey === fedScript ? [{ txid: tx.txid, vout, value: BigInt(o.value) }] : []));
      if (coins.length === 0) continue; // a peg-out's change back to the federation
      const value = coins.reduce((s, c) => s + c.value, 0n);
      // Every output to the federation at least the minimum, else rejected and not refunded (PegUtils.allUTXOsToFedAreAboveMinimumPeginValue).
      if (coins.some((c) => c.value < minLockSats)) {
        await reject(tx.txid, REJECTED_PEGIN_REASON.INVALID_AMOUNT, NON_REFUNDABLE_PEGIN_REASON.INVALID_AMOUNT);
        continue;
      }
      const withPrefix = tx.vout.filter((o) => /^6a[0-9a-f]{2}52534b54/.test(o.scriptpubkey));
      const payloads = withPrefix.map((o) => parsePeginPayload(o.scriptpubkey));
      const instructions = payloads.length === 1 ? payloads[0] : null;
      if (withPrefix.length === 0) {
        // A legacy peg-in (no OP_RETURN): the stand-in does not credit a sender's derived address.
        await reject(tx.txid, REJECTED_PEGIN_REASON.LEGACY_PEGIN_UNDETERMINED_SENDER, NON_REFUNDABLE_PEGIN_REASON.LEGACY_PEGIN_UNDETERMINED_SENDER);
        continue;
      }
      const refund = payloads.find((p) => p?.refund)?.refund;
      const forced = forcedRejection ? REJECTED_PEGIN_REASON[forcedRejection] : null;
      if (!instructions || forced !== null) {
        const reason = forced ?? REJECTED_PEGIN_REASON.PEGIN_V1_INVALID_PAYLOAD;
        // INVALID_AMOUNT and an undetermined sender are never refunded; the others are, to the refund address if one was given.
        const refundable = refund && reason !== REJECTED_PEGIN_REASON.INVALID_AMOUNT && reason !== REJECTED_PEGIN_REASON.LEGACY_PEGIN_UNDETERMINED_SENDER;
        const unrefundable = refundable
          ? undefined
          : reason === REJECTED_PEGIN_REASON.INVALID_AMOUNT
            ? NON_REFUNDABLE_PEGIN_REASON.INVALID_AMOUNT
            : reason === REJECTED_PEGIN_REASON.LEGACY_PEGIN_UNDETERMINED_SENDER
              ? NON_REFUNDABLE_PEGIN_REASON.LEGACY_PEGIN_UNDETERMINED_SENDER
              : NON_REFUNDABLE_PEGIN_REASON.PEGIN_V1_REFUND_ADDRESS_NOT_SET;
        await reject(tx.txid, reason, unrefundable);
        if (refundable) await refundPegin(tx.txid, coins, refund);
        continue;
      }
      const rskHash = await sendAs(
        BRIDGE_ADDRESS,
        encodeCall('creditPegin(string,bytes32,address)', [
          { type: 'string', value: tx.txid },
          { type: 'bytes32', value: tx.txid },
          { type: 'address', value: instructions.recipient },
        ]),
        value * WEI_PER_SAT,
      );
      credited.set(tx.txid, { recipient: instructions.recipient, sats: value, rskHash });
    }
  };

  const processPegouts = async () => {
    const head = Number(BigInt(await anvil.rpc<string>('eth_blockNumber')));
    // Only requests the Bridge accepted: a rejected one was refunded in RBTC by the Bridge itself.
    const logs = await anvil.rpc<{ transactionHash: string; blockNumber: string; data: string }[]>('eth_getLogs', [
      { address: BRIDGE_ADDRESS, topics: [RELEASE_TOPIC], fromBlock: '0x0', toBlock: `0x${head.toString(16)}` },
    ]);
    for (const log of logs) {
      const block = Number(BigInt(log.blockNumber));
      if (released.has(log.transactionHash)) continue;
      if (head - block + 1 < pegOutConf) continue; // not deep enough yet
      const raw = await anvil.rpc<string>('eth_getRawTransactionByHash', [log.transactionHash]);
      const tx = EthTx.fromHex(raw);
      const { publicKey } = tx.recoverSender();
      const compressed = secp256k1.Point.fromBytes(hexToBytes(publicKey.replace(/^0x/, ''))).toBytes(true);
      // Data: (string btcDestinationAddress, uint256 amount in weis since RSKIP427); whole sats are released.
      const sats = BigInt(`0x${log.data.slice(2 + 64, 2 + 128)}`) / WEI_PER_SAT;
      // The P2PKH of the sender's key, derived apart from the wallet's bitcoinjs-lib (which finds the release there).
      const keyHash = ripemd160(sha256(compressed));
      const p2pkh = { output: OutScript.encode({ type: 'pkh', hash: keyHash }), address: base58check.encode(concatBytes(new Uint8Array([0x6f]), keyHash)) };
      const btcTxid = await payFromFederation(p2pkh.output, sats);
      await sendAs(BRIDGE_ADDRESS, encodeCall('settleRelease(uint256)', [{ type: 'uint256', value: tx.raw.value }]));
      released.set(log.transactionHash, { btcTxid, address: p2pkh.address, sats });
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
    federatorKeys: federators.map((f) => bytesToHex(f.pub)),
    redeemScript: bytesToHex(witnessScript),
    misbehave,
    get minLockSats() {
      return minLockSats;
    },
    credited,
    released,
    rejected,
    rejectPegins: (reason) => {
      forcedRejection = reason;
    },
    setMinimumLockTxValue: async (sats) => {
      await sendAs(BRIDGE_ADDRESS, encodeCall('setMinimumLockTxValue(int256)', [{ type: 'int256', value: sats }]));
      minLockSats = sats;
    },
    markUnrefundableProcessed: (on) => {
      markUnrefundable = on;
    },
    rejectPegouts: async (reason) => {
      await sendAs(BRIDGE_ADDRESS, encodeCall('setPegoutRejection(int256)', [{ type: 'int256', value: BigInt(reason ? REJECTED_PEGOUT_REASON[reason] : 0) }]));
    },
    pass,
    stop: async () => {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}


function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** <m> <keys, sorted> <n> OP_CHECKMULTISIG with m = n / 2 + 1 (bitcoinj ScriptBuilder.createRedeemScript, rskj Federation). */
function multisig(keys: Uint8Array[]): ScriptType {
  const sorted = [...keys].sort(compareBytes);
  return [Math.floor(sorted.length / 2) + 1, ...sorted, sorted.length, 'CHECKMULTISIG'];
}

/** rskj P2shErpRedeemScriptBuilder: OP_NOTIF <default> OP_ELSE <csv> OP_CSV OP_DROP <emergency> OP_ENDIF. */
function erpRedeemScript(keys: Uint8Array[], emergencyKeys: Uint8Array[], csv: number): Uint8Array {
  return Script.encode(['NOTIF', ...multisig(keys), 'ELSE', csv, 'CHECKSEQUENCEVERIFY', 'DROP', ...multisig(emergencyKeys), 'ENDIF']);
}

const base58check = createBase58check(sha256);

/** P2SH-P2WSH of a witness script, regtest (rskj ErpFederation.getOutputScript for P2SH_P2WSH_ERP_FEDERATION). */
function p2shP2wsh(witnessScript: Uint8Array): { address: string; output: Uint8Array; redeem: Uint8Array } {
  const redeem = Script.encode([0, sha256(witnessScript)]);
  const hash = ripemd160(sha256(redeem));
  return { address: base58check.encode(concatBytes(new Uint8Array([0xc4]), hash)), output: Script.encode(['HASH160', hash, 'EQUAL']), redeem };
}
