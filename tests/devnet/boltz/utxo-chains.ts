/**
 * The stand-in's view of the two UTXO devnets, both read through their Esplora
 * REST routes (the same API for Bitcoin and Liquid), plus what Boltz does on
 * them: lock coins (the devnet faucets play Boltz's hot wallet), find a client's
 * lockup, see who spent it, and build one-input sweeps of Taproot swap outputs
 * (claims and refunds) with their BIP341 / Elements signature hashes.
 */
// Before anything that starts secp256k1-zkp's Emscripten glue: see no-glue-exit.ts.
import '../no-glue-exit';
import { bech32, bech32m } from '@scure/base';
import { SigHash, Transaction as BtcTransaction } from '@scure/btc-signer';
import { hex } from '@scure/base';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { regtest as liquidRegtest } from 'liquidjs-lib/src/networks';
import { Transaction as LiquidTransaction, type Output } from 'liquidjs-lib/src/transaction';
import type { BitcoinDevnet } from '../bitcoin';
import type { LiquidDevnet } from '../liquid';
import { explicitAsset, explicitValue } from '../liquid/faucet';
import { elementsTaprootSighash, tapLeafHash } from '../liquid/taproot';
import { confidentialTaprootAddress, unconfidentialTaprootAddress } from '../liquid/taproot-address';
import { balancingBlinder, blindOutput, devnetZkp, unblindOutput } from '../liquid/zkp';

export interface Lockup {
  txid: string;
  vout: number;
  amount: bigint;
  confirmed: boolean;
  hex: string;
  script: Uint8Array;
  /** Liquid: the raw output and, when blinded, its unblinded asset and factors. */
  output?: Output;
  unblinded?: { asset: Uint8Array; abf: Uint8Array; vbf: Uint8Array };
}

export interface Leaf {
  output: Uint8Array;
  version: number;
}

/** An unsigned one-input sweep: sign its hash (key path or a leaf), then finalize with the witness. */
export interface Sweep {
  sighash(leaf?: Leaf): Uint8Array;
  finalize(witness: Uint8Array[]): string;
}

export interface UtxoChain {
  symbol: 'BTC' | 'L-BTC';
  liquid: boolean;
  height(): Promise<number>;
  address(outputKey: Uint8Array, blindingPubkey?: Uint8Array): string;
  /** The address Esplora indexes the lockup under (Liquid: unconfidential). */
  lookupAddress(outputKey: Uint8Array): string;
  findLockup(outputKey: Uint8Array, blindingKey?: Uint8Array): Promise<Lockup | null>;
  spender(txid: string, vout: number): Promise<{ txid: string; witness: Uint8Array[]; confirmed: boolean } | null>;
  isConfirmed(txid: string): Promise<boolean>;
  txHex(txid: string): Promise<string>;
  lock(address: string, sats: bigint): Promise<{ txid: string; hex: string }>;
  broadcast(hex: string): Promise<string>;
  sweep(lockup: Lockup, opts: { fee: bigint; lockTime?: number; sequence?: number }): Promise<Sweep>;
  /** The transaction signals replaceability itself (an input's sequence below 0xfffffffe, BIP125). */
  signalsRbf(txHex: string): boolean;
  /** The Taproot signature hash (SIGHASH_DEFAULT, key path) of input `index` of a client's transaction. */
  keyPathSighash(txHex: string, index: number): Promise<{ hash: Uint8Array; outpoint: { txid: string; vout: number } }>;
  /** Amount the server's wallet has received (sweeps land there). */
  walletScript: Uint8Array;
  /**
   * Bitcoin only: a lockup that signals BIP125 and spends a coin of the server's own
   * wallet, so it can be replaced; `replace` double-spends that coin back to the wallet.
   */
  lockReplaceable?(outputKey: Uint8Array, sats: bigint): Promise<{ txid: string; hex: string; coin: ReplaceableCoin }>;
  replace?(coin: ReplaceableCoin, extraFee: bigint): Promise<string>;
}

/** The wallet coin a replaceable lockup spends, and the fee that lockup pays. */
export interface ReplaceableCoin {
  txid: string;
  vout: number;
  value: bigint;
  fee: bigint;
}

const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const p2tr = (key: Uint8Array) => Uint8Array.from([0x51, 0x20, ...key]);

interface EsploraTx {
  txid: string;
  status: { confirmed: boolean };
  vin: { txid: string; vout: number; witness?: string[] }[];
  vout: { scriptpubkey: string; value?: number }[];
}

class Esplora {
  constructor(readonly base: string) {}
  async get<T>(path: string, text = false): Promise<T> {
    const res = await fetch(`${this.base}${path}`);
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (text ? await res.text() : await res.json()) as T;
  }
  async broadcast(hexTx: string): Promise<string> {
    const res = await fetch(`${this.base}/tx`, { method: 'POST', body: hexTx });
    const body = await res.text();
    if (!res.ok) throw new Error(body);
    return body.trim();
  }
  async spender(txid: string, vout: number) {
    const outs = await this.get<{ spent: boolean; txid?: string; vin?: number }[]>(`/tx/${txid}/outspends`);
    const o = outs[vout];
    if (!o?.spent || !o.txid) return null;
    const tx = await this.get<EsploraTx>(`/tx/${o.txid}`);
    return { txid: o.txid, witness: (tx.vin[o.vin!]!.witness ?? []).map((w) => hex.decode(w)), confirmed: tx.status.confirmed };
  }
}

/** A key the stand-in's wallet receives sweeps with (and, on Liquid, unblinds them with). */
const WALLET_KEY = secp256k1.utils.randomSecretKey();
const WALLET_BLINDING_KEY = secp256k1.utils.randomSecretKey();
const walletP2wpkh = () => Uint8Array.from([0x00, 0x14, ...ripemd160(sha256(secp256k1.getPublicKey(WALLET_KEY, true)))]);

export class BitcoinChain implements UtxoChain {
  readonly symbol = 'BTC' as const;
  readonly liquid = false;
  readonly walletScript = walletP2wpkh();
  private readonly esplora: Esplora;

  constructor(private readonly devnet: BitcoinDevnet) {
    this.esplora = new Esplora(devnet.esploraUrl);
  }

  async height() {
    return Number(await this.esplora.get<string>('/blocks/tip/height', true));
  }
  address(outputKey: Uint8Array) {
    return bech32m.encode('bcrt', [1, ...bech32m.toWords(outputKey)]);
  }
  lookupAddress(outputKey: Uint8Array) {
    return this.address(outputKey);
  }
  async findLockup(outputKey: Uint8Array): Promise<Lockup | null> {
    const script = p2tr(outputKey);
    const txs = await this.esplora.get<EsploraTx[]>(`/address/${this.address(outputKey)}/txs`);
    for (const tx of txs.reverse()) {
      const vout = tx.vout.findIndex((o) => o.scriptpubkey === toHex(script));
      if (vout < 0) continue;
      return { txid: tx.txid, vout, amount: BigInt(tx.vout[vout]!.value!), confirmed: tx.status.confirmed, hex: await this.txHex(tx.txid), script };
    }
    return null;
  }
  spender(txid: string, vout: number) {
    return this.esplora.spender(txid, vout);
  }
  async isConfirmed(txid: string) {
    return (await this.esplora.get<{ confirmed: boolean }>(`/tx/${txid}/status`)).confirmed;
  }
  txHex(txid: string) {
    return this.esplora.get<string>(`/tx/${txid}/hex`, true);
  }
  async lock(address: string, sats: bigint) {
    const txid = await this.devnet.faucet(address, sats, { confirm: false });
    return { txid, hex: await this.txHex(txid) };
  }
  /** The faucet pays the wallet (unconfirmed); the lockup spends that coin with an RBF-signalling sequence. */
  async lockReplaceable(outputKey: Uint8Array, sats: bigint) {
    const fee = 1_000n;
    const walletAddress = bech32.encode('bcrt', [0, ...bech32.toWords(this.walletScript.slice(2))]);
    const fundTxid = await this.devnet.faucet(walletAddress, sats + fee, { confirm: false });
    const fund = BtcTransaction.fromRaw(hex.decode(await this.txHex(fundTxid)), { allowUnknownOutputs: true });
    let vout = -1;
    for (let i = 0; i < fund.outputsLength; i++) if (toHex(fund.getOutput(i).script!) === toHex(this.walletScript)) vout = i;
    const coin = { txid: fundTxid, vout, value: sats + fee, fee };
    const hexTx = this.spendWalletCoin(coin, { script: p2tr(outputKey), amount: sats });
    return { txid: await this.broadcast(hexTx), hex: hexTx, coin };
  }
  /** Spends the lockup's coin again, back to the wallet, paying `extraFee` more than the lockup did (BIP125 rules 3 and 4). */
  async replace(coin: ReplaceableCoin, extraFee: bigint) {
    return this.broadcast(this.spendWalletCoin(coin, { script: this.walletScript, amount: coin.value - coin.fee - extraFee }));
  }
  private spendWalletCoin(coin: ReplaceableCoin, out: { script: Uint8Array; amount: bigint }): string {
    const tx = new BtcTransaction({ version: 2, allowUnknownOutputs: true });
    tx.addInput({ txid: coin.txid, index: coin.vout, sequence: 0xfffffffd, witnessUtxo: { script: this.walletScript, amount: coin.value } });
    tx.addOutput(out);
    tx.signIdx(WALLET_KEY, 0);
    tx.finalizeIdx(0);
    return tx.hex;
  }
  broadcast(hexTx: string) {
    return this.esplora.broadcast(hexTx);
  }
  async sweep(lockup: Lockup, opts: { fee: bigint; lockTime?: number; sequence?: number }): Promise<Sweep> {
    const tx = new BtcTransaction({ version: 2, lockTime: opts.lockTime ?? 0, allowUnknownOutputs: true });
    tx.addInput({ txid: lockup.txid, index: lockup.vout, sequence: opts.sequence ?? 0xfffffffd, witnessUtxo: { script: lockup.script, amount: lockup.amount } });
    tx.addOutput({ script: this.walletScript, amount: lockup.amount - opts.fee });
    return {
      sighash: (leaf) =>
        leaf
          ? tx.preimageWitnessV1(0, [lockup.script], SigHash.DEFAULT, [lockup.amount], undefined, leaf.output, leaf.version)
          : tx.preimageWitnessV1(0, [lockup.script], SigHash.DEFAULT, [lockup.amount]),
      finalize: (witness) => {
        tx.updateInput(0, { finalScriptWitness: witness });
        return tx.hex;
      },
    };
  }
  signalsRbf(txHex: string): boolean {
    const tx = BtcTransaction.fromRaw(hex.decode(txHex), { allowUnknownOutputs: true, allowUnknownInputs: true, disableScriptCheck: true });
    return Array.from({ length: tx.inputsLength }, (_, i) => tx.getInput(i).sequence ?? 0xffffffff).some((seq) => seq < 0xfffffffe);
  }

  async keyPathSighash(txHex: string, index: number) {
    const tx = BtcTransaction.fromRaw(hex.decode(txHex), { allowUnknownOutputs: true, allowUnknownInputs: true, disableScriptCheck: true });
    if (index < 0 || index >= tx.inputsLength) throw new Error('invalid input index');
    const scripts: Uint8Array[] = [];
    const amounts: bigint[] = [];
    for (let i = 0; i < tx.inputsLength; i++) {
      const input = tx.getInput(i);
      const prevTxid = hex.encode(input.txid!);
      const prev = BtcTransaction.fromRaw(hex.decode(await this.txHex(prevTxid)), { allowUnknownOutputs: true });
      const out = prev.getOutput(input.index!);
      scripts.push(out.script!);
      amounts.push(out.amount!);
    }
    const input = tx.getInput(index);
    return { hash: tx.preimageWitnessV1(index, scripts, SigHash.DEFAULT, amounts), outpoint: { txid: hex.encode(input.txid!), vout: input.index! } };
  }
}

const ZERO = new Uint8Array(32);

export class LiquidChain implements UtxoChain {
  readonly symbol = 'L-BTC' as const;
  readonly liquid = true;
  readonly walletScript = walletP2wpkh();
  private readonly esplora: Esplora;

  constructor(private readonly devnet: LiquidDevnet) {
    this.esplora = new Esplora(devnet.url);
  }

  async height() {
    return Number(await this.esplora.get<string>('/blocks/tip/height', true));
  }
  address(outputKey: Uint8Array, blindingPubkey?: Uint8Array) {
    return blindingPubkey ? confidentialTaprootAddress(outputKey, blindingPubkey) : unconfidentialTaprootAddress(outputKey);
  }
  lookupAddress(outputKey: Uint8Array) {
    return unconfidentialTaprootAddress(outputKey);
  }
  async findLockup(outputKey: Uint8Array, blindingKey?: Uint8Array): Promise<Lockup | null> {
    const script = p2tr(outputKey);
    const txs = await this.esplora.get<EsploraTx[]>(`/address/${this.lookupAddress(outputKey)}/txs`);
    for (const t of txs.reverse()) {
      const txHex = await this.txHex(t.txid);
      const tx = LiquidTransaction.fromHex(txHex);
      const vout = tx.outs.findIndex((o) => toHex(o.script) === toHex(script));
      if (vout < 0) continue;
      const output = tx.outs[vout]!;
      const base = { txid: t.txid, vout, confirmed: t.status.confirmed, hex: txHex, script, output };
      if (output.value.length === 9) {
        if (Buffer.from(output.asset.subarray(1)).reverse().toString('hex') !== this.devnet.policyAsset) continue;
        return { ...base, amount: output.value.readBigUInt64BE(1) };
      }
      if (!blindingKey) continue;
      try {
        const u = unblindOutput(await devnetZkp(), output, blindingKey);
        if (Buffer.from(u.asset).reverse().toString('hex') !== this.devnet.policyAsset) continue;
        return { ...base, amount: u.sats, unblinded: { asset: u.asset, abf: u.abf, vbf: u.vbf } };
      } catch {
        continue; // blinded to another key: not a lockup we can use
      }
    }
    return null;
  }
  spender(txid: string, vout: number) {
    return this.esplora.spender(txid, vout);
  }
  async isConfirmed(txid: string) {
    return (await this.esplora.get<{ confirmed: boolean }>(`/tx/${txid}/status`)).confirmed;
  }
  txHex(txid: string) {
    return this.esplora.get<string>(`/tx/${txid}/hex`, true);
  }
  async lock(address: string, sats: bigint) {
    // The devnet faucet mints to the address, blinded to its blinding key as Boltz's lockups are.
    const txid = await this.devnet.faucet(address, Number(sats));
    return { txid, hex: await this.txHex(txid) };
  }
  broadcast(hexTx: string) {
    return this.esplora.broadcast(hexTx);
  }
  async sweep(lockup: Lockup, opts: { fee: bigint; lockTime?: number; sequence?: number }): Promise<Sweep> {
    const tx = new LiquidTransaction();
    tx.version = 2;
    tx.locktime = opts.lockTime ?? 0;
    tx.addInput(Buffer.from(lockup.txid, 'hex').reverse(), lockup.vout, opts.sequence ?? 0xfffffffd);
    const value = lockup.amount - opts.fee;
    const feeOut = () => tx.addOutput(Buffer.alloc(0), explicitValue(opts.fee), explicitAsset(this.devnet.policyAsset), Buffer.of(0));
    if (lockup.unblinded) {
      // A blinded input needs a blinded output whose value blinder balances the commitments.
      const { asset, abf, vbf } = lockup.unblinded;
      const zkp = await devnetZkp();
      const secret = () => secp256k1.utils.randomSecretKey();
      const outAbf = secret();
      const outVbf = balancingBlinder(zkp, [{ sats: lockup.amount, abf, vbf }], [{ sats: opts.fee, abf: ZERO, vbf: ZERO }, { sats: value, abf: outAbf, vbf: ZERO }]);
      const script = Buffer.from(this.walletScript);
      const blindingPubkey = secp256k1.getPublicKey(WALLET_BLINDING_KEY, true);
      const out = blindOutput(zkp, { sats: value, asset, script, blindingPubkey, abf: outAbf, vbf: outVbf, ephemeral: secret(), seed: secret() }, [{ asset, abf }]);
      tx.addOutput(script, Buffer.from(out.value), Buffer.from(out.asset), Buffer.from(out.nonce), Buffer.from(out.rangeProof), Buffer.from(out.surjectionProof));
      feeOut();
    } else {
      tx.addOutput(Buffer.from(this.walletScript), explicitValue(value), explicitAsset(this.devnet.policyAsset), Buffer.of(0));
      feeOut();
    }
    const spent = [lockup.output!];
    return {
      sighash: (leaf) => elementsTaprootSighash(tx, 0, spent, liquidRegtest.genesisBlockHash, 0, leaf ? tapLeafHash(leaf.output, leaf.version) : undefined),
      finalize: (witness) => {
        tx.ins[0]!.witness = witness.map((w) => Buffer.from(w));
        return tx.toHex();
      },
    };
  }
  signalsRbf(txHex: string): boolean {
    return LiquidTransaction.fromHex(txHex).ins.some((input) => input.sequence < 0xfffffffe);
  }

  async keyPathSighash(txHex: string, index: number) {
    const tx = LiquidTransaction.fromHex(txHex);
    if (index < 0 || index >= tx.ins.length) throw new Error('invalid input index');
    const spent: Output[] = [];
    for (const input of tx.ins) {
      const prev = LiquidTransaction.fromHex(await this.txHex(Buffer.from(input.hash).reverse().toString('hex')));
      spent.push(prev.outs[input.index]!);
    }
    const input = tx.ins[index]!;
    return {
      hash: elementsTaprootSighash(tx, index, spent, liquidRegtest.genesisBlockHash, 0),
      outpoint: { txid: Buffer.from(input.hash).reverse().toString('hex'), vout: input.index },
    };
  }
}
