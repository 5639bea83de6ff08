/**
 * The devnet sBTC: a stand-in for Emily (the deposit-tracking API, in its
 * public JSON shapes) and for the sBTC signers, acting on the bcoin devnet for
 * real. The signers hold one key (the "aggregate key" the sbtc-registry
 * answers); on each pass they check every announced deposit independently of
 * the wallet (rebuild the Taproot output with @scure/btc-signer from the
 * scripts, parse the recipient with @stacks/transactions), sweep confirmed
 * ones through the deposit leaf, and mint sBTC through `mint`. In `refuse`
 * mode they never sweep, so the depositor must reclaim after the lock time.
 * Like the real signers they keep their coins in one key-path-only Taproot
 * output of the aggregate key, where each sweep pays. `misbehave` makes the
 * sbtc-registry read (the Stacks API's answer) name another key.
 */
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { p2tr, Script, SigHash, TaprootControlBlock, Transaction, TAPROOT_UNSPENDABLE_KEY } from '@scure/btc-signer';
import { bufferCV, deserializeCV, serializeCV } from '@stacks/transactions';
import type { BitcoinDevnet } from '../bitcoin';
import type { WithdrawalRequest } from '../stacks';
import { DevServer, HttpReply } from '../http-server';

const REGTEST = { bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef };

export interface EmilyDepositJson {
  bitcoinTxid: string;
  bitcoinTxOutputIndex: number;
  recipient: string;
  amount: number;
  lastUpdateHeight: number;
  lastUpdateBlockHash: string;
  status: 'pending' | 'accepted' | 'confirmed' | 'failed';
  statusMessage: string;
  parameters: { maxFee: number; lockTime: number };
  reclaimScript: string;
  depositScript: string;
  fulfillment?: {
    BitcoinTxid: string;
    BitcoinTxIndex: number;
    StacksTxid: string;
    BitcoinBlockHash: string;
    BitcoinBlockHeight: number;
    BtcFee: number;
  };
}

/** What the sbtc-registry read answers: the signers' key, or a lie. */
export type SbtcMisbehaviour =
  | 'honest'
  /** An attacker's key, whose Taproot wallet holds nothing on Bitcoin. */
  | 'wrong-key'
  /** An attacker's key whose Taproot wallet the attacker has paid 10 BTC on Bitcoin. */
  | 'wrong-key-funded';

export interface SbtcDevnet {
  /** Emily's base URL (it also answers the sbtc-registry read-only call, see mountRegistry). */
  url: string;
  signersPublicKey: Uint8Array;
  /** The signers' Bitcoin wallet: the key-path-only Taproot address of their key. */
  signersAddress: string;
  /** From now on the registry read names the key this mode says; returns that key. */
  misbehave(mode: SbtcMisbehaviour): Promise<Uint8Array>;
  deposits: Map<string, EmilyDepositJson & { recipientAddress: string; sweepTxid?: string; stacksTxid?: string }>;
  withdrawals: Map<number, EmilyWithdrawalJson>;
  /** Mounts `POST /v2/contracts/call-read/<deployer>/sbtc-registry/get-current-aggregate-pubkey` on a Stacks API server. */
  mountRegistry(server: DevServer): void;
  /** One signers' pass now (tests call it instead of waiting for the poll). */
  pass(): Promise<void>;
  setRefuse(refuse: boolean): void;
  stop(): Promise<void>;
}

export interface SbtcDevnetOptions {
  bitcoin: BitcoinDevnet;
  deployer: string;
  /** Credits sBTC on Stacks; returns the Stacks txid. */
  mint(recipient: string, sats: bigint): Promise<string>;
  port?: number;
  pollMs?: number;
  /** The signers' own fee per sweep, capped by each deposit's max fee. */
  sweepFee?: bigint;
  perDepositMinimum?: number;
  /** The Stacks devnet whose withdrawal requests the signers pay out on bcoin. */
  stacks?: { onWithdrawal(listener: (w: WithdrawalRequest) => void): void };
}

export interface EmilyWithdrawalJson {
  requestId: number;
  stacksBlockHash: string;
  stacksBlockHeight: number;
  recipient: string;
  sender: string;
  amount: number;
  lastUpdateHeight: number;
  lastUpdateBlockHash: string;
  status: 'pending' | 'accepted' | 'confirmed' | 'failed';
  statusMessage: string;
  parameters: { maxFee: number };
  txid: string;
  fulfillment?: EmilyDepositJson['fulfillment'];
}

const TAPLEAF = 0xc0;

/** Reads the deposit leaf: <max fee || principal> OP_DROP <key> OP_CHECKSIG. */
function parseDepositScript(script: Uint8Array): { maxFee: bigint; recipient: string; recipientHex: string; key: Uint8Array } {
  const ops = Script.decode(script);
  if (ops.length !== 4 || !(ops[0] instanceof Uint8Array) || ops[1] !== 'DROP' || !(ops[2] instanceof Uint8Array) || ops[3] !== 'CHECKSIG') {
    throw new Error('not an sBTC deposit script');
  }
  const data = ops[0];
  const key = ops[2];
  if (key.length !== 32 || data.length < 30) throw new Error('malformed deposit script');
  const maxFee = new DataView(data.buffer, data.byteOffset, 8).getBigUint64(0, false);
  const recipientHex = bytesToHex(data.slice(8));
  const cv = deserializeCV(recipientHex);
  if (cv.type !== 'address' && cv.type !== 'contract') throw new Error('deposit recipient is not a principal');
  return { maxFee, recipient: cv.value, recipientHex, key };
}

/** Reads the reclaim leaf: <lock> OP_CSV ... */
function parseReclaimLock(script: Uint8Array): number {
  const ops = Script.decode(script);
  if (ops[1] !== 'CHECKSEQUENCEVERIFY') throw new Error('reclaim script must start with <lock> OP_CHECKSEQUENCEVERIFY');
  const lock = ops[0];
  if (typeof lock === 'number') return lock;
  if (lock instanceof Uint8Array) return lock.reduceRight((acc, b) => acc * 256 + b, 0);
  if (typeof lock === 'string' && /^OP_\d+$/.test(lock)) return Number(lock.slice(3));
  throw new Error('unreadable reclaim lock time');
}

export async function startSbtcDevnet(opts: SbtcDevnetOptions): Promise<SbtcDevnet> {
  const { bitcoin } = opts;
  const signersKey = secp256k1.utils.randomSecretKey();
  const signersPub = secp256k1.getPublicKey(signersKey, true);
  const signersXOnly = signersPub.slice(1);
  // sbtc signer/src/keys.rs signers_script_pubkey: P2TR of the aggregate key, no script tree.
  const signersPayment = p2tr(signersXOnly, undefined, REGTEST);
  const sweepFee = opts.sweepFee ?? 2_000n;
  const deposits: SbtcDevnet['deposits'] = new Map();
  const withdrawals: SbtcDevnet['withdrawals'] = new Map();
  // The signers' own coins, from which withdrawals are paid.
  await bitcoin.faucet(signersPayment.address!, 10_0000_0000n);
  opts.stacks?.onWithdrawal((w) => {
    const script = w.recipient.version === 4 ? `0014${w.recipient.hashbytes}` : w.recipient.version === 6 ? `5120${w.recipient.hashbytes}` : '';
    withdrawals.set(w.requestId, {
      requestId: w.requestId,
      stacksBlockHash: `0x${'00'.repeat(32)}`,
      stacksBlockHeight: w.blockHeight,
      recipient: script,
      sender: w.sender,
      amount: Number(w.amount),
      lastUpdateHeight: 0,
      lastUpdateBlockHash: '',
      status: script ? 'pending' : 'failed',
      statusMessage: script ? 'Withdrawal request seen on Stacks' : 'unsupported recipient version',
      parameters: { maxFee: Number(w.maxFee) },
      txid: w.txid,
    });
  });
  let refuse = false;

  const esplora = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${bitcoin.esploraUrl}${path}`);
    if (!res.ok) throw new Error(`esplora ${path}: ${res.status}`);
    return (await res.json()) as T;
  };
  const tip = async () => ({
    height: Number(await (await fetch(`${bitcoin.esploraUrl}/blocks/tip/height`)).text()),
    hash: await (await fetch(`${bitcoin.esploraUrl}/blocks/tip/hash`)).text(),
  });
  const idOf = (txid: string, vout: number) => `${txid}:${vout}`;

  const server = new DevServer();
  server.post('/deposit', async (req) => {
    const body = JSON.parse(req.body) as { bitcoinTxid: string; bitcoinTxOutputIndex: number; reclaimScript: string; depositScript: string; transactionHex: string };
    const id = idOf(body.bitcoinTxid, body.bitcoinTxOutputIndex);
    if (deposits.has(id)) throw new HttpReply(409, { message: 'Deposit already exists' });
    // Check the request as Emily and the signers do: the transaction is the one named, the
    // output is the Taproot output of exactly these two scripts, and the key is ours.
    const tx = Transaction.fromRaw(hexToBytes(body.transactionHex), { allowUnknownOutputs: true });
    if (tx.id !== body.bitcoinTxid) throw new HttpReply(400, { message: 'transaction hex does not match the txid' });
    const out = tx.getOutput(body.bitcoinTxOutputIndex);
    if (!out?.script || out.amount === undefined) throw new HttpReply(400, { message: 'no such output' });
    const deposit = hexToBytes(body.depositScript);
    const reclaim = hexToBytes(body.reclaimScript);
    let parsed: ReturnType<typeof parseDepositScript>;
    let lockTime: number;
    try {
      parsed = parseDepositScript(deposit);
      lockTime = parseReclaimLock(reclaim);
    } catch (err) {
      throw new HttpReply(400, { message: (err as Error).message });
    }
    const expected = p2tr(TAPROOT_UNSPENDABLE_KEY, [{ script: deposit }, { script: reclaim }], REGTEST, true);
    if (bytesToHex(expected.script) !== bytesToHex(out.script)) throw new HttpReply(400, { message: 'output is not the Taproot output of these scripts' });
    if (bytesToHex(parsed.key) !== bytesToHex(signersXOnly)) throw new HttpReply(400, { message: 'deposit is not locked to the current signers key' });
    if (!parsed.recipient.startsWith('ST') && !parsed.recipient.startsWith('SN')) throw new HttpReply(400, { message: 'recipient is not a testnet principal' });
    const t = await tip();
    deposits.set(id, {
      bitcoinTxid: body.bitcoinTxid,
      bitcoinTxOutputIndex: body.bitcoinTxOutputIndex,
      recipient: parsed.recipientHex,
      recipientAddress: parsed.recipient,
      amount: Number(out.amount),
      lastUpdateHeight: t.height,
      lastUpdateBlockHash: t.hash,
      status: 'pending',
      statusMessage: 'Just received by Emily',
      parameters: { maxFee: Number(parsed.maxFee), lockTime },
      reclaimScript: body.reclaimScript,
      depositScript: body.depositScript,
    });
    return { ...publicView(deposits.get(id)!) };
  });
  server.get('/deposit/:txid/:vout', (req) => {
    const d = deposits.get(idOf(req.params.txid!, Number(req.params.vout)));
    if (!d) throw new HttpReply(404, { message: 'Deposit not found' });
    return publicView(d);
  });
  server.get('/withdrawal/:id', (req) => {
    const w = withdrawals.get(Number(req.params.id));
    if (!w) throw new HttpReply(404, { message: 'Withdrawal not found' });
    return w;
  });
  server.get('/limits', () => ({
    pegCap: null,
    perDepositMinimum: opts.perDepositMinimum ?? 10_000,
    perDepositCap: null,
    perWithdrawalCap: null,
    accountCaps: {},
  }));

  let registryKey = signersPub;
  // Two attacker keys, so 'wrong-key' names one whose wallet stays empty whatever ran before.
  const attackerPub = secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true);
  const fundedAttackerPub = secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true);
  let attackerFunded = false;
  const misbehave = async (mode: SbtcMisbehaviour): Promise<Uint8Array> => {
    registryKey = mode === 'honest' ? signersPub : mode === 'wrong-key' ? attackerPub : fundedAttackerPub;
    if (mode === 'wrong-key-funded' && !attackerFunded) {
      await bitcoin.faucet(p2tr(fundedAttackerPub.slice(1), undefined, REGTEST).address!, 10_0000_0000n);
      attackerFunded = true;
    }
    return registryKey;
  };

  const mountRegistry = (s: DevServer) => {
    // stacks-core stackslib/src/net/api/callreadonly.rs, calling sbtc contracts/sbtc-registry.clar get-current-aggregate-pubkey.
    s.post(`/v2/contracts/call-read/${opts.deployer}/sbtc-registry/get-current-aggregate-pubkey`, () => ({
      okay: true,
      result: `0x${serializeCV(bufferCV(registryKey))}`,
    }));
  };
  mountRegistry(server);

  const sweep = async (d: EmilyDepositJson) => {
    const deposit = hexToBytes(d.depositScript);
    const reclaim = hexToBytes(d.reclaimScript);
    const pay = p2tr(TAPROOT_UNSPENDABLE_KEY, [{ script: deposit }, { script: reclaim }], REGTEST, true);
    const leaf = pay.tapLeafScript!.find(([, s]) => bytesToHex(s.slice(0, -1)) === d.depositScript)!;
    const fee = sweepFee < BigInt(d.parameters.maxFee) ? sweepFee : BigInt(d.parameters.maxFee);
    const tx = new Transaction({ version: 2, allowUnknownOutputs: true });
    tx.addInput({ txid: d.bitcoinTxid, index: d.bitcoinTxOutputIndex, witnessUtxo: { script: pay.script, amount: BigInt(d.amount) }, sequence: 0xfffffffd });
    tx.addOutput({ script: signersPayment.script, amount: BigInt(d.amount) - fee });
    // btc-signer cannot finalize a leaf shape it does not know, so the signers sign the BIP342 sighash themselves.
    const msg = tx.preimageWitnessV1(0, [pay.script], SigHash.DEFAULT, [BigInt(d.amount)], undefined, deposit, TAPLEAF);
    const sig = schnorr.sign(msg, signersKey);
    tx.updateInput(0, { finalScriptWitness: [sig, deposit, TaprootControlBlock.encode(leaf[0])] }, true);
    const res = await fetch(`${bitcoin.esploraUrl}/tx`, { method: 'POST', body: tx.hex });
    if (!res.ok) throw new Error(`sweep refused: ${await res.text()}`);
    return { txid: (await res.text()).trim(), fee };
  };

  /** Pays a withdrawal from the signers' largest confirmed coin, change back to them. */
  const payOut = async (w: EmilyWithdrawalJson): Promise<{ txid: string; fee: bigint }> => {
    const utxos = await esplora<{ txid: string; vout: number; value: number; status: { confirmed: boolean } }[]>(`/address/${signersPayment.address}/utxo`);
    const coin = utxos.filter((u) => u.status.confirmed).sort((a, b) => b.value - a.value)[0];
    const fee = 1_500n;
    if (!coin || BigInt(coin.value) < BigInt(w.amount) + fee + 1_000n) throw new Error('signers have no coin large enough');
    const tx = new Transaction({ allowUnknownOutputs: true });
    tx.addInput({ txid: coin.txid, index: coin.vout, witnessUtxo: { script: signersPayment.script, amount: BigInt(coin.value) }, tapInternalKey: signersXOnly });
    tx.addOutput({ script: hexToBytes(w.recipient), amount: BigInt(w.amount) });
    tx.addOutput({ script: signersPayment.script, amount: BigInt(coin.value) - BigInt(w.amount) - fee });
    tx.signIdx(signersKey, 0);
    tx.finalizeIdx(0);
    const res = await fetch(`${bitcoin.esploraUrl}/tx`, { method: 'POST', body: tx.hex });
    if (!res.ok) throw new Error(`withdrawal payment refused: ${await res.text()}`);
    return { txid: (await res.text()).trim(), fee };
  };

  const pass = async () => {
    const t = await tip();
    for (const w of withdrawals.values()) {
      if (w.status === 'pending') {
        const { txid, fee } = await payOut(w);
        w.fulfillment = { BitcoinTxid: txid, BitcoinTxIndex: 0, StacksTxid: w.txid, BitcoinBlockHash: '', BitcoinBlockHeight: 0, BtcFee: Number(fee) };
        Object.assign(w, { status: 'accepted', statusMessage: 'Paid by the signers', lastUpdateHeight: t.height, lastUpdateBlockHash: t.hash });
      } else if (w.status === 'accepted' && w.fulfillment) {
        const status = await esplora<{ confirmed: boolean; block_height?: number; block_hash?: string }>(`/tx/${w.fulfillment.BitcoinTxid}/status`);
        if (!status.confirmed) continue;
        w.fulfillment = { ...w.fulfillment, BitcoinBlockHash: status.block_hash ?? '', BitcoinBlockHeight: status.block_height ?? 0 };
        Object.assign(w, { status: 'confirmed', statusMessage: 'Withdrawal fulfilled', lastUpdateHeight: t.height, lastUpdateBlockHash: t.hash });
      }
    }
    for (const d of deposits.values()) {
      if (d.status === 'pending') {
        if (refuse) continue;
        const status = await esplora<{ confirmed: boolean }>(`/tx/${d.bitcoinTxid}/status`);
        if (!status.confirmed) continue;
        const spent = await esplora<{ spent: boolean }[]>(`/tx/${d.bitcoinTxid}/outspends`);
        if (spent[d.bitcoinTxOutputIndex]?.spent) {
          Object.assign(d, { status: 'failed', statusMessage: 'Deposit output was spent by someone else (reclaimed)', lastUpdateHeight: t.height, lastUpdateBlockHash: t.hash });
          continue;
        }
        const { txid, fee } = await sweep(d);
        const stacksTxid = await opts.mint(d.recipientAddress, BigInt(d.amount) - fee);
        Object.assign(d, { status: 'accepted', statusMessage: 'Swept by the signers; sBTC minted', sweepTxid: txid, stacksTxid, lastUpdateHeight: t.height, lastUpdateBlockHash: t.hash });
        d.fulfillment = { BitcoinTxid: txid, BitcoinTxIndex: 0, StacksTxid: stacksTxid, BitcoinBlockHash: '', BitcoinBlockHeight: 0, BtcFee: Number(fee) };
      } else if (d.status === 'accepted' && d.sweepTxid) {
        const status = await esplora<{ confirmed: boolean; block_height?: number; block_hash?: string }>(`/tx/${d.sweepTxid}/status`);
        if (!status.confirmed) continue;
        d.fulfillment = { ...d.fulfillment!, BitcoinBlockHash: status.block_hash ?? '', BitcoinBlockHeight: status.block_height ?? 0 };
        Object.assign(d, { status: 'confirmed', statusMessage: 'Deposit fulfilled', lastUpdateHeight: t.height, lastUpdateBlockHash: t.hash });
      }
    }
  };
  const url = await server.listen(opts.port ?? 0);
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void pass().catch(() => undefined).finally(() => (running = false));
  }, opts.pollMs ?? 1_000);

  return {
    url,
    signersPublicKey: signersPub,
    signersAddress: signersPayment.address!,
    misbehave,
    deposits,
    withdrawals,
    mountRegistry,
    pass,
    setRefuse: (r) => (refuse = r),
    stop: async () => {
      clearInterval(timer);
      await server.close();
    },
  };
}

/** Emily's JSON for a deposit (without the stand-in's bookkeeping fields). */
function publicView(d: EmilyDepositJson & { recipientAddress?: string; sweepTxid?: string; stacksTxid?: string }): EmilyDepositJson {
  const { recipientAddress: _r, sweepTxid: _s, stacksTxid: _t, ...rest } = d;
  return rest;
}
