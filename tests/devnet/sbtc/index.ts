/**
 * The devnet sBTC: a stand-in for Emily (the deposit-tracking API, in its
 * public JSON shapes: stacks-network/sbtc emily/handler) and for the sBTC
 * signers, acting on the bcoin devnet for real. The signers hold one key (the
 * "aggregate key" the sbtc-registry answers); on each pass they check every
 * announced deposit independently of the wallet (rebuild the Taproot output with
 * @scure/btc-signer from the scripts, parse the recipient with
 * @stacks/transactions), accept confirmed ones and sweep them through the deposit
 * leaf, and once the sweep confirms mint sBTC through `mint`. Statuses move as
 * Emily's do (emily/handler/src/api/models/common/mod.rs Status): pending ->
 * accepted (a sweep is planned, no fulfillment yet; it can still fail) ->
 * confirmed (with the fulfillment: sweep and mint done). `setDepositMode` makes
 * the signers refuse, accept and never sweep, fail, or reprocess a deposit, or
 * makes Emily lie that one is confirmed. Like the real signers they keep their
 * coins in one key-path-only Taproot output of the aggregate key, where each
 * sweep pays. `misbehave` makes the sbtc-registry read (the Stacks API's answer)
 * name another key. Withdrawals are paid within Emily's `/limits` (per-withdrawal
 * cap, rolling cap), which `setLimits` changes.
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
  status: EmilyStatus;
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

/** emily/handler/src/api/models/common/mod.rs Status, lower-case. */
export type EmilyStatus = 'pending' | 'reprocessing' | 'accepted' | 'confirmed' | 'failed';

/** emily/handler/src/api/models/limits.rs Limits and AccountLimits (sats; null: no limit). */
export interface EmilyLimitsJson {
  pegCap: number | null;
  perDepositMinimum: number | null;
  perDepositCap: number | null;
  perWithdrawalCap: number | null;
  rollingWithdrawalBlocks: number | null;
  rollingWithdrawalCap: number | null;
  /** Computed by Emily: the rolling cap less every withdrawal but failed ones in the window. */
  availableToWithdraw: number | null;
  accountCaps: Record<string, Omit<EmilyLimitsJson, 'availableToWithdraw' | 'accountCaps'>>;
}

/**
 * What the signers (and Emily) do with announced deposits from now on:
 * - 'sweep': accept, sweep, then mint and confirm (the default);
 * - 'refuse': leave them pending;
 * - 'accept-only': accept them, then never sweep (a planned sweep that does not make it on chain);
 * - 'fail': mark them failed;
 * - 'reprocess': accept them, then set them reprocessing (as Emily does after a reorg), never sweeping;
 * - 'confirm-unswept': hostile Emily: says confirmed with a made-up fulfillment, nothing swept or minted;
 * - 'confirm-early': Emily says confirmed (the real sweep, minted) as soon as the sweep is broadcast,
 *   before it is in a block (a sweep that can still be replaced or reorged out).
 */
export type DepositMode = 'sweep' | 'refuse' | 'accept-only' | 'fail' | 'reprocess' | 'confirm-unswept' | 'confirm-early';

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
  /** Same as setDepositMode('refuse') / ('sweep'). */
  setRefuse(refuse: boolean): void;
  setDepositMode(mode: DepositMode): void;
  /** Changes Emily's global limits (and per-account caps) from now on. */
  setLimits(limits: Partial<Omit<EmilyLimitsJson, 'availableToWithdraw'>>): void;
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
  status: EmilyStatus;
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
  /** The signers' payment of each withdrawal they accepted, by request id. */
  const payouts = new Map<number, { txid: string; fee: bigint }>();
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
  let mode: DepositMode = 'sweep';
  let limits: Omit<EmilyLimitsJson, 'availableToWithdraw'> = {
    pegCap: null,
    perDepositMinimum: opts.perDepositMinimum ?? 10_000,
    perDepositCap: null,
    perWithdrawalCap: null,
    rollingWithdrawalBlocks: null,
    rollingWithdrawalCap: null,
    accountCaps: {},
  };
  // emily/handler/src/database/accessors.rs calculate_sbtc_left_for_withdrawals (the stand-in's window is all of them).
  const availableToWithdraw = () =>
    limits.rollingWithdrawalCap === null
      ? null
      : Math.max(0, limits.rollingWithdrawalCap - [...withdrawals.values()].filter((w) => w.status !== 'failed').reduce((sum, w) => sum + w.amount, 0));

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
  // emily/handler/src/api/handlers/deposit.rs create_deposit: 201 with the new deposit, 200 with the existing one.
  server.post('/deposit', async (req) => {
    const body = JSON.parse(req.body) as { bitcoinTxid: string; bitcoinTxOutputIndex: number; reclaimScript: string; depositScript: string; transactionHex: string };
    const id = idOf(body.bitcoinTxid, body.bitcoinTxOutputIndex);
    const existing = deposits.get(id);
    if (existing) return publicView(existing);
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
    throw new HttpReply(201, publicView(deposits.get(id)!));
  });
  // emily/handler/src/api/handlers/deposit.rs get_deposit.
  server.get('/deposit/:txid/:vout', (req) => {
    const d = deposits.get(idOf(req.params.txid!, Number(req.params.vout)));
    if (!d) throw new HttpReply(404, { message: 'Deposit not found' });
    return publicView(d);
  });
  // emily/handler/src/api/handlers/withdrawal.rs get_withdrawal.
  server.get('/withdrawal/:id', (req) => {
    const w = withdrawals.get(Number(req.params.id));
    if (!w) throw new HttpReply(404, { message: 'Withdrawal not found' });
    return w;
  });
  // emily/handler/src/api/handlers/limits.rs get_limits (accessors.rs get_limits).
  server.get('/limits', (): EmilyLimitsJson => ({ ...limits, availableToWithdraw: availableToWithdraw() }));

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
    // stacks-core stackslib/src/net/api/callreadonly.rs, calling stacks-network/sbtc contracts/contracts/sbtc-registry.clar get-current-aggregate-pubkey.
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

  const update = (x: { status: EmilyStatus; statusMessage: string }, status: EmilyStatus, statusMessage: string, t: { height: number; hash: string }) =>
    Object.assign(x, { status, statusMessage, lastUpdateHeight: t.height, lastUpdateBlockHash: t.hash });
  const txStatus = (txid: string) => esplora<{ confirmed: boolean; block_height?: number; block_hash?: string }>(`/tx/${txid}/status`);

  // signer/src/bitcoin/utxo.rs validate_withdrawal_amounts: within the per-withdrawal cap and the rolling cap.
  const withinLimits = (w: EmilyWithdrawalJson) => {
    const cap = limits.perWithdrawalCap;
    const window = limits.rollingWithdrawalCap;
    const others = [...withdrawals.values()].filter((o) => o !== w && o.status !== 'failed' && o.status !== 'pending').reduce((sum, o) => sum + o.amount, 0);
    return (cap === null || w.amount <= cap) && (window === null || others + w.amount <= window);
  };

  const pass = async () => {
    const t = await tip();
    for (const w of withdrawals.values()) {
      if (w.status === 'pending') {
        // The real signers skip such a request until it expires and is rejected; the stand-in rejects it at once.
        if (!withinLimits(w)) {
          update(w, 'failed', 'Rejected', t);
          continue;
        }
        payouts.set(w.requestId, await payOut(w));
        update(w, 'accepted', '', t);
      } else if (w.status === 'accepted') {
        const paid = payouts.get(w.requestId)!;
        const status = await txStatus(paid.txid);
        if (!status.confirmed) continue;
        // emily/handler/src/api/handlers/new_block.rs handle_withdrawal_accept: the fulfillment arrives with confirmed.
        w.fulfillment = { BitcoinTxid: paid.txid, BitcoinTxIndex: 0, StacksTxid: w.txid, BitcoinBlockHash: status.block_hash ?? '', BitcoinBlockHeight: status.block_height ?? 0, BtcFee: Number(paid.fee) };
        update(w, 'confirmed', 'Included in block', t);
      }
    }
    for (const d of deposits.values()) {
      if (d.status === 'pending') {
        if (mode === 'refuse') continue;
        const status = await txStatus(d.bitcoinTxid);
        if (!status.confirmed) continue;
        const spent = await esplora<{ spent: boolean }[]>(`/tx/${d.bitcoinTxid}/outspends`);
        if (spent[d.bitcoinTxOutputIndex]?.spent) {
          update(d, 'failed', 'Deposit output was spent by someone else (reclaimed)', t);
          continue;
        }
        if (mode === 'fail') {
          update(d, 'failed', 'Rejected by the signers', t);
          continue;
        }
        if (mode === 'confirm-unswept') {
          // Hostile: a fulfillment for a sweep that never happened.
          d.fulfillment = { BitcoinTxid: 'ee'.repeat(32), BitcoinTxIndex: 0, StacksTxid: `0x${'ee'.repeat(32)}`, BitcoinBlockHash: t.hash, BitcoinBlockHeight: t.height, BtcFee: 2_000 };
          update(d, 'confirmed', 'Included in block', t);
          continue;
        }
        // signer/src/emily_client.rs accept_deposits: accepted, with no fulfillment yet.
        update(d, 'accepted', '', t);
        if (mode === 'sweep' || mode === 'confirm-early') d.sweepTxid = (await sweep(d)).txid;
      } else if (d.status === 'accepted' || d.status === 'reprocessing') {
        if (mode === 'reprocess' && d.status === 'accepted') {
          // emily/handler/src/database/entries/deposit.rs reorganize_around.
          update(d, 'reprocessing', 'Reprocessing deposit status after reorg.', t);
          continue;
        }
        if (mode !== 'sweep' && mode !== 'confirm-early') continue;
        // A planned sweep that had not made it on chain is tried again once the signers sweep.
        if (!d.sweepTxid) {
          const spent = await esplora<{ spent: boolean }[]>(`/tx/${d.bitcoinTxid}/outspends`);
          if (spent[d.bitcoinTxOutputIndex]?.spent) {
            update(d, 'failed', 'Deposit output was spent by someone else (reclaimed)', t);
            continue;
          }
          d.sweepTxid = (await sweep(d)).txid;
          continue;
        }
        const status = await txStatus(d.sweepTxid);
        if (!status.confirmed && mode !== 'confirm-early') continue;
        // emily/handler/src/api/handlers/new_block.rs handle_completed_deposit: minted, confirmed with the fulfillment.
        const fee = BigInt(d.amount) - (await sweptAmount(d.sweepTxid));
        d.stacksTxid = await opts.mint(d.recipientAddress, BigInt(d.amount) - fee);
        d.fulfillment = { BitcoinTxid: d.sweepTxid, BitcoinTxIndex: 0, StacksTxid: d.stacksTxid, BitcoinBlockHash: status.block_hash ?? '', BitcoinBlockHeight: status.block_height ?? 0, BtcFee: Number(fee) };
        update(d, 'confirmed', 'Included in block', t);
      }
    }
  };
  /** What the signers' sweep moved to their wallet (the deposit less their fee). */
  const sweptAmount = async (txid: string) => BigInt((await esplora<{ vout: { value: number }[] }>(`/tx/${txid}`)).vout[0]!.value);
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
    setRefuse: (r) => {
      mode = r ? 'refuse' : 'sweep';
    },
    setDepositMode: (m) => {
      mode = m;
    },
    setLimits: (l) => {
      limits = { ...limits, ...l };
    },
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
