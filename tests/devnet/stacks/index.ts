/**
 * A stand-in Stacks node + Hiro API for the devnet. We tried @stacks/clarinet-sdk's
 * simnet first: it runs real Clarity, but its calls take a sender address and no
 * signature, so it cannot accept the signed transactions the wallet broadcasts.
 * This server speaks Hiro's public JSON instead (balances, nonces, transactions,
 * tx status, fees, POST /v2/transactions with stacks-core's rejection shapes)
 * and, on broadcast, deserializes the transaction with @stacks/transactions,
 * checks the signature with @noble (signature.ts), the network, the nonce, the
 * balance and the post-conditions, then applies it when a block is mined:
 * STX transfers and the sBTC token's SIP-010 `transfer`.
 *
 * Nonces follow stacks-core's mempool (stackslib/src/chainstate/stacks/db/blocks.rs
 * `can_include_tx`, stackslib/src/core/mempool.rs `try_add_tx`): `BadNonce` only
 * below the confirmed nonce, a higher nonce admitted (up to the chaining limit) and
 * left unmined until the gap below it fills, a second transaction at a nonce in the
 * mempool replaces it only with a higher fee, else `ConflictingNonceInMempool`.
 * Sources are cited from stacks-network/stacks-core and hirosystems/stacks-blockchain-api.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { deserializeTransaction, serializeCV, type ClarityValue, type StacksTransactionWire } from '@stacks/transactions';
import { c32address } from 'c32check';
import { DevServer, HttpReply, Text } from '../http-server';
import { verifySingleSig } from './signature';

export interface StacksDevnet {
  url: string;
  server: DevServer;
  /** The sBTC token contract id, `DEPLOYER.sbtc-token`, and its asset name. */
  sbtc: { contract: string; asset: string };
  /** Credits micro-STX at once (a genesis allocation, not a transaction). */
  credit(address: string, microStx: bigint): void;
  /** Mints sBTC to a principal in a new block; returns the Stacks txid of the mint. */
  mintSbtc(recipient: string, sats: bigint): string;
  stx(address: string): bigint;
  sbtcBalance(address: string): bigint;
  /** Called when a block runs an sBTC withdrawal request (the sBTC devnet's signers listen). */
  onWithdrawal(listener: (w: WithdrawalRequest) => void): void;
  /** Every broadcast accepted into the mempool, in order. */
  accepted: string[];
  /** The raw bytes (hex) of an accepted transaction, as broadcast. */
  raw(txid: string): string;
  mine(): void;
  /**
   * Test switch: what the node's fee estimator answers from now on, on both fee
   * routes: three fees (low, middle, high, micro-STX) or one of its failures;
   * null restores the default, a node with an estimator but no fee history yet
   * (`NoEstimateAvailable`).
   */
  setFeeEstimates(answer: FeeEstimatorAnswer | null): void;
  /** Hostile switch: `GET /v2/fees/transfer` answers this rate (micro-STX per byte) whatever the estimator says; null undoes it. */
  setTransferFeeRate(rate: bigint | null): void;
  /** Test switch: the block that mines this transaction lists it as problematic (Epoch 4.0): fee paid and nonce used, payload not run. */
  markProblematic(txid: string): void;
  /** Hostile switch: the address transaction lists write every STX transfer's amount and every fee as this text (not a u64's digits); null undoes it. */
  misstateAmounts(text: string | null): void;
  /** Test switch: the next `POST /v2/transactions` is cut before the node sees it (the connection drops, no answer). */
  loseNextBroadcast(): void;
  /** Test switch: the next broadcast is admitted, then answered 502 (as a proxy in front of the node can). */
  failAfterAdmittingNextBroadcast(): void;
  stop(): Promise<void>;
}

/**
 * A node's fee estimator: fees it estimates, or why it cannot (stacks-core
 * stackslib/src/cost_estimates/mod.rs `EstimatorError`: `NoEstimateAvailable`,
 * `DatabaseError` from SQLite; `NotSupported`: a node run without estimators).
 */
export type FeeEstimatorAnswer = [bigint, bigint, bigint] | 'NoEstimateAvailable' | 'DatabaseError' | 'NotSupported';

export interface WithdrawalRequest {
  requestId: number;
  sender: string;
  amount: bigint;
  maxFee: bigint;
  recipient: { version: number; hashbytes: string };
  txid: string;
  blockHeight: number;
}

interface Account {
  stx: bigint;
  nonce: number;
  tokens: Map<string, bigint>;
}

interface TxRecord {
  json: Record<string, unknown>;
  wire: StacksTransactionWire | null;
  sender: string;
  nonce: number;
  fee: bigint;
  status: string;
  blockHeight?: number;
  blockTime?: number;
}

const TESTNET_CHAIN_ID = 0x80000000;
const TESTNET_VERSION = 0x80;
const FAUCET_MICRO_STX = 500_000_000n;
/** stacks-core stackslib/src/core/mempool.rs MAXIMUM_MEMPOOL_TX_CHAINING. */
const MAX_CHAINING = 25;
/** stacks-core stackslib/src/chainstate/stacks/db/blocks.rs MINIMUM_TX_FEE_RATE_PER_BYTE. */
const MIN_FEE_RATE = 1n;
/** stacks-core stackslib/src/net/api/getstxtransfercost.rs SINGLESIG_TX_TRANSFER_LEN. */
const TRANSFER_LEN = 180n;

export async function startStacksDevnet(opts: { port?: number; deployer: string; blockIntervalMs?: number }): Promise<StacksDevnet> {
  const accounts = new Map<string, Account>();
  const txs = new Map<string, TxRecord>();
  const mempool: string[] = [];
  const accepted: string[] = [];
  const raws = new Map<string, string>();
  let height = 1;
  let seq = 0;
  const sbtc = { contract: `${opts.deployer}.sbtc-token`, asset: 'sbtc-token' };
  const sbtcKey = `${sbtc.contract}::${sbtc.asset}`;
  const withdrawalContract = `${opts.deployer}.sbtc-withdrawal`;
  const withdrawalListeners: ((w: WithdrawalRequest) => void)[] = [];
  let nextRequestId = 1;
  const problematic = new Set<string>();
  let loseNextBroadcast = false;
  let failAfterAdmitting = false;

  const account = (a: string): Account => {
    let acct = accounts.get(a);
    if (!acct) accounts.set(a, (acct = { stx: 0n, nonce: 0, tokens: new Map() }));
    return acct;
  };
  const pendingOf = (a: string) => mempool.map((id) => txs.get(id)!).filter((t) => t.sender === a);
  const dropFromMempool = (id: string) => void mempool.splice(mempool.indexOf(id), 1);
  const now = () => Math.floor(Date.now() / 1000);

  const record = (id: string, t: TxRecord) => {
    txs.set(id, t);
    return t;
  };
  const syntheticTx = (type: string, sender: string, extra: Record<string, unknown>): string => {
    const id = bytesToHex(new TextEncoder().encode(`devnet-${++seq}`)).padEnd(64, '0').slice(0, 64);
    record(id, {
      json: { tx_id: `0x${id}`, tx_type: type, sender_address: sender, nonce: 0, fee_rate: '0', ...extra },
      wire: null,
      sender,
      nonce: 0,
      fee: 0n,
      status: 'success',
      blockHeight: ++height,
      blockTime: now(),
    });
    return id;
  };

  const reject = (reason: string, reason_data?: Record<string, unknown>, txid?: string): never => {
    throw new HttpReply(400, { error: 'transaction rejected', reason, reason_data, txid });
  };

  /** Checks a broadcast as a node would and puts it in the mempool (the checks in stacks-core's order). */
  const admit = (hex: string): string => {
    const raw = hexToBytes(hex.replace(/^0x/, ''));
    let wire: StacksTransactionWire;
    try {
      wire = deserializeTransaction(raw);
    } catch {
      return reject('Deserialization');
    }
    const txid = wire.txid();
    // stackslib/src/net/api/posttransaction.rs: a transaction the mempool already holds is answered with its txid.
    if (mempool.includes(txid)) return txid;
    if (wire.chainId !== TESTNET_CHAIN_ID || wire.transactionVersion !== TESTNET_VERSION) return reject('BadTransactionVersion', undefined, txid);
    const sigProblem = verifySingleSig(raw);
    if (sigProblem) return reject('SignatureValidation', { message: sigProblem }, txid);
    const cond = wire.auth.spendingCondition as { signer: string; nonce: bigint; fee: bigint };
    const sender = c32address(26, cond.signer);
    const nonce = Number(cond.nonce);
    const fee = cond.fee;
    if (fee < BigInt(raw.length) * MIN_FEE_RATE) return reject('FeeTooLow', { expected: raw.length, actual: Number(fee) }, txid);
    // Nonces are checked against the confirmed account, not the mempool: lower is refused, higher waits for the gap below it.
    const confirmed = account(sender).nonce;
    if (nonce < confirmed) return reject('BadNonce', { expected: confirmed, actual: nonce, principal: sender, is_origin: true }, txid);
    const maxNonce = confirmed + 1 + MAX_CHAINING;
    if (nonce > maxNonce) {
      return reject('TooMuchChaining', { message: 'Nonce would exceed chaining limit in mempool', expected: maxNonce, actual: nonce, principal: sender, is_origin: true }, txid);
    }
    const prior = pendingOf(sender).find((t) => t.nonce === nonce);
    const payload = wire.payload as unknown as Record<string, unknown>;
    // Stricter than a node, which checks each transaction against the confirmed balance alone: what the sender's other pending transactions spend counts too.
    const committed = pendingOf(sender).filter((t) => t !== prior).reduce((s, t) => s + t.fee + stxMoved(t.wire), 0n);
    const moved = stxMoved(wire);
    if (account(sender).stx < committed + fee + moved) {
      return reject('NotEnoughFunds', { expected: `0x${(committed + fee + moved).toString(16)}`, actual: `0x${account(sender).stx.toString(16)}` }, txid);
    }
    let json: Record<string, unknown>;
    if (payload.payloadType === 0) {
      const memo = (payload.memo as { content: string }).content;
      json = {
        tx_type: 'token_transfer',
        token_transfer: {
          recipient_address: (payload.recipient as { value: string }).value,
          amount: String(payload.amount),
          memo: `0x${bytesToHex(new TextEncoder().encode(memo)).padEnd(68, '0')}`,
        },
      };
    } else if (payload.payloadType === 2) {
      const addr = payload.contractAddress as { version: number; hash160: string };
      const contractId = `${c32address(addr.version, addr.hash160)}.${(payload.contractName as { content: string }).content}`;
      const fn = (payload.functionName as { content: string }).content;
      if (contractId !== sbtc.contract && contractId !== withdrawalContract) return reject('NoSuchContract', undefined, txid);
      if (fn !== (contractId === sbtc.contract ? 'transfer' : 'initiate-withdrawal-request')) return reject('NoSuchPublicFunction', undefined, txid);
      const args = payload.functionArgs as { type: string; value?: string }[];
      const names = contractId === sbtc.contract ? ['amount', 'sender', 'recipient', 'memo'] : ['amount', 'recipient', 'max-fee'];
      json = {
        tx_type: 'contract_call',
        contract_call: {
          contract_id: contractId,
          function_name: fn,
          // Hiro's function_args (stacks-blockchain-api src/api/schemas/entities/transactions.ts): hex is the argument's serialized Clarity value.
          function_args: args.map((a, i) => ({
            hex: `0x${serializeCV(a as unknown as ClarityValue)}`,
            repr: a.type === 'uint' ? `u${a.value}` : a.type === 'address' || a.type === 'contract' ? `'${a.value}` : a.type,
            name: names[i],
            type: a.type,
          })),
        },
      };
    } else {
      return reject('BadFunctionArgument', { message: 'only STX transfers and sBTC transfers run on this devnet' }, txid);
    }
    // stackslib/src/core/mempool.rs try_add_tx: the same nonce again replaces the first only for a higher fee.
    if (prior) {
      if (fee <= prior.fee) return reject('ConflictingNonceInMempool', undefined, txid);
      prior.status = 'dropped_replace_by_fee';
      dropFromMempool((prior.json.tx_id as string).slice(2));
    }
    record(txid, { json: { tx_id: `0x${txid}`, sender_address: sender, nonce, fee_rate: fee.toString(), ...json }, wire, sender, nonce, fee, status: 'pending' });
    mempool.push(txid);
    accepted.push(txid);
    raws.set(txid, bytesToHex(raw));
    return txid;
  };

  /** Runs one mined transaction: the fee is always paid; a failing call or post-condition aborts the rest. */
  const apply = (t: TxRecord) => {
    const from = account(t.sender);
    from.stx -= t.fee;
    from.nonce += 1;
    // stackslib/src/chainstate/stacks/db/transactions.rs from_problematic_skipped: payload not run, result (err none).
    if (problematic.has((t.json.tx_id as string).slice(2))) {
      t.status = 'problematic_skipped';
      t.json.tx_result = { hex: '0x0809', repr: '(err none)' };
      return;
    }
    const payload = t.wire!.payload as unknown as Record<string, unknown>;
    if (payload.payloadType === 0) {
      const amount = BigInt(payload.amount as bigint);
      from.stx -= amount;
      account((payload.recipient as { value: string }).value).stx += amount;
      t.status = 'success';
      return;
    }
    const args = payload.functionArgs as { type: string; value: string }[];
    if ((t.json.contract_call as { contract_id: string }).contract_id === withdrawalContract) return applyWithdrawal(t, args);
    const amount = BigInt(args[0]!.value);
    const [tokenSender, tokenRecipient] = [args[1]!.value, args[2]!.value];
    const balance = account(tokenSender).tokens.get(sbtcKey) ?? 0n;
    if (tokenSender !== t.sender || balance < amount || amount <= 0n) {
      t.status = 'abort_by_response';
      return;
    }
    if (!postConditionsHold(t.wire!, t.sender, amount)) {
      t.status = 'abort_by_post_condition';
      return;
    }
    account(tokenSender).tokens.set(sbtcKey, balance - amount);
    const to = account(tokenRecipient);
    to.tokens.set(sbtcKey, (to.tokens.get(sbtcKey) ?? 0n) + amount);
    t.status = 'success';
  };

  /** sbtc-withdrawal: locks amount + max fee of the sender's sBTC and answers `(ok request-id)`. */
  const applyWithdrawal = (t: TxRecord, args: { type: string; value: unknown }[]) => {
    const amount = BigInt(args[0]!.value as string);
    const tuple = args[1]!.value as Record<string, { type: string; value: string }>;
    const maxFee = BigInt(args[2]!.value as string);
    const version = parseInt(tuple.version?.value ?? '', 16);
    const hashbytes = tuple.hashbytes?.value ?? '';
    const held = account(t.sender).tokens.get(sbtcKey) ?? 0n;
    if (!(version >= 0 && version <= 6) || !(hashbytes.length === 40 || hashbytes.length === 64) || amount <= 0n || held < amount + maxFee) {
      t.status = 'abort_by_response';
      t.json.tx_result = { hex: '', repr: '(err u502)' };
      return;
    }
    if (!postConditionsHold(t.wire!, t.sender, amount + maxFee)) {
      t.status = 'abort_by_post_condition';
      return;
    }
    account(t.sender).tokens.set(sbtcKey, held - amount - maxFee);
    const requestId = nextRequestId++;
    t.status = 'success';
    t.json.tx_result = { hex: '', repr: `(ok u${requestId})` };
    const request = { requestId, sender: t.sender, amount, maxFee, recipient: { version, hashbytes }, txid: t.json.tx_id as string, blockHeight: height };
    for (const l of withdrawalListeners) l(request);
  };

  /** Deny mode: the only asset movement, `amount` of sBTC from the sender, must be covered exactly. */
  const postConditionsHold = (wire: StacksTransactionWire, sender: string, amount: bigint): boolean => {
    const pcs = (wire.postConditions as unknown as { values: Record<string, unknown>[] }).values;
    const covering = pcs.filter((pc) => {
      const principal = pc.principal as { address?: { version: number; hash160: string } };
      const asset = pc.asset as { address: { version: number; hash160: string }; contractName: { content: string }; assetName: { content: string } } | undefined;
      if (pc.conditionType !== 1 || !principal.address || !asset) return false;
      const who = c32address(principal.address.version, principal.address.hash160);
      const contract = `${c32address(asset.address.version, asset.address.hash160)}.${asset.contractName.content}`;
      return who === sender && contract === sbtc.contract && asset.assetName.content === sbtc.asset;
    });
    if (covering.length === 0) return (wire.postConditionMode as number) === 1; // allow mode
    // conditionCode 1: sent exactly; 2 > ; 3 >=; 4 < ; 5 <=
    return covering.every((pc) => {
      const want = BigInt(pc.amount as bigint);
      switch (pc.conditionCode) {
        case 1: return amount === want;
        case 2: return amount > want;
        case 3: return amount >= want;
        case 4: return amount < want;
        case 5: return amount <= want;
        default: return false;
      }
    });
  };

  /** A block of every transaction whose nonce is next for its sender; one above a gap stays in the mempool until the gap fills. */
  const mine = () => {
    const ready = () => mempool.find((id) => txs.get(id)!.nonce === account(txs.get(id)!.sender).nonce);
    if (ready() === undefined) return;
    height += 1;
    const time = now();
    for (let id = ready(); id !== undefined; id = ready()) {
      const t = txs.get(id)!;
      dropFromMempool(id);
      apply(t);
      t.blockHeight = height;
      t.blockTime = time;
    }
  };

  const txJson = (t: TxRecord) => ({
    ...t.json,
    tx_status: t.status,
    ...(t.blockHeight !== undefined ? { block_height: t.blockHeight, block_time: t.blockTime, burn_block_time: t.blockTime } : { receipt_time: now() }),
  });
  const involves = (t: TxRecord, a: string) => {
    const j = t.json as { token_transfer?: { recipient_address: string }; contract_call?: { function_args?: { repr: string }[] } };
    return t.sender === a || j.token_transfer?.recipient_address === a || (j.contract_call?.function_args ?? []).some((x) => x.repr === `'${a}`);
  };

  const server = new DevServer();
  // stacks-core stackslib/src/net/api/getinfo.rs (the fields the wallet and tests read).
  server.get('/v2/info', () => ({ network_id: TESTNET_CHAIN_ID, stacks_tip_height: height, burn_block_height: height }));
  // stacks-blockchain-api src/api/routes/v1/address.ts `/:principal/balances`.
  server.get('/extended/v1/address/:principal/balances', (req) => {
    const a = account(req.params.principal!);
    const fungible_tokens: Record<string, { balance: string; total_sent: string; total_received: string }> = {};
    for (const [k, v] of a.tokens) fungible_tokens[k] = { balance: v.toString(), total_sent: '0', total_received: '0' };
    return { stx: { balance: a.stx.toString(), locked: '0', total_sent: '0', total_received: '0', total_fees_sent: '0' }, fungible_tokens, non_fungible_tokens: {} };
  });
  // stacks-blockchain-api src/api/routes/v1/address.ts `/:principal/nonces`, computed as src/datastore/pg-store.ts getAddressNonces:
  // missing nonces are looked for only between the last executed and the last mempool nonce, and only when both exist.
  server.get('/extended/v1/address/:principal/nonces', (req) => {
    const a = account(req.params.principal!);
    const pending = pendingOf(req.params.principal!).map((t) => t.nonce);
    const lastExecuted = a.nonce > 0 ? a.nonce - 1 : null;
    const lastMempool = pending.length ? Math.max(...pending) : null;
    const between: number[] = [];
    if (lastExecuted !== null && lastMempool !== null) for (let n = lastMempool - 1; n > lastExecuted; n--) between.push(n);
    return {
      last_mempool_tx_nonce: lastMempool,
      last_executed_tx_nonce: lastExecuted,
      possible_next_nonce: lastExecuted === null && lastMempool === null ? 0 : Math.max(lastExecuted ?? 0, lastMempool ?? 0) + 1,
      detected_missing_nonces: between.filter((n) => !pending.includes(n)),
      detected_mempool_nonces: between.filter((n) => pending.includes(n)),
    };
  });
  let amountLie: string | null = null;
  const misstated = (j: ReturnType<typeof txJson>) => {
    if (amountLie === null) return j;
    const tt = (j as { token_transfer?: Record<string, unknown> }).token_transfer;
    return { ...j, fee_rate: amountLie, ...(tt ? { token_transfer: { ...tt, amount: amountLie } } : {}) };
  };
  const list = (filter: (t: TxRecord) => boolean, limit: number) => {
    const results = [...txs.values()].filter(filter).reverse().slice(0, limit).map(txJson).map(misstated);
    return { limit, offset: 0, total: results.length, results };
  };
  // stacks-blockchain-api src/api/routes/v1/address.ts `/:principal/transactions` (mined only).
  server.get('/extended/v1/address/:principal/transactions', (req) =>
    list((t) => t.blockHeight !== undefined && involves(t, req.params.principal!), Number(req.query.get('limit') ?? 20)),
  );
  // stacks-blockchain-api src/api/routes/v1/address.ts `/:principal/mempool` (pending, not dropped).
  server.get('/extended/v1/address/:principal/mempool', (req) =>
    list((t) => t.status === 'pending' && involves(t, req.params.principal!), Number(req.query.get('limit') ?? 20)),
  );
  // stacks-blockchain-api src/api/routes/v1/tx.ts `/:tx_id`: mined, pending or dropped; 404 when unknown.
  server.get('/extended/v1/tx/:txid', (req) => {
    const t = txs.get(req.params.txid!.replace(/^0x/, ''));
    if (!t) throw new HttpReply(404, { error: `could not find transaction by ID ${req.params.txid}` });
    return txJson(t);
  });
  let estimator: FeeEstimatorAnswer = 'NoEstimateAvailable';
  let transferRateLie: bigint | null = null;
  /** The 400 a node answers when its estimator cannot estimate (postfeerate.rs; the body of cost_estimates/mod.rs EstimatorError::into_json). */
  const estimatorError = (reason: 'NoEstimateAvailable' | 'DatabaseError') =>
    new HttpReply(400, {
      error: 'Estimation could not be performed',
      reason,
      reason_data: { message: reason === 'NoEstimateAvailable' ? 'No estimate available for the provided payload.' : 'Sqlite error from estimator: database is locked' },
    });
  // stacks-core stackslib/src/net/api/getstxtransfercost.rs: the middle estimate's rate for a 180-byte transfer; without estimators, the minimum rate; the estimator's 400 otherwise.
  server.get('/v2/fees/transfer', () => {
    if (transferRateLie !== null) return Number(transferRateLie);
    if (estimator === 'NotSupported') return Number(MIN_FEE_RATE);
    if (typeof estimator === 'string') throw estimatorError(estimator);
    const fee = estimator[1] > TRANSFER_LEN * MIN_FEE_RATE ? estimator[1] : TRANSFER_LEN * MIN_FEE_RATE;
    return Number(fee / TRANSFER_LEN);
  });
  // stacks-core stackslib/src/net/api/postfeerate.rs: RPCFeeEstimateResponse (each fee at least the length times the minimum rate), or 400.
  server.post('/v2/fees/transaction', (req) => {
    const body = JSON.parse(req.body) as { transaction_payload?: unknown; estimated_len?: unknown };
    if (typeof body.transaction_payload !== 'string') throw new HttpReply(400, 'Failed to parse JSON body: missing field `transaction_payload`');
    const payloadHex = body.transaction_payload.replace(/^0x/, '');
    if (!/^([0-9a-f]{2})+$/i.test(payloadHex)) throw new HttpReply(400, 'Bad hex string supplied for transaction payload');
    // A JSON string, as HttpBadRequest::new_json(json!("...")) sends it.
    if (estimator === 'NotSupported') throw new HttpReply(400, { toJSON: () => 'Fee estimation not supported on this node' });
    if (typeof estimator === 'string') throw estimatorError(estimator);
    const given = typeof body.estimated_len === 'number' ? BigInt(body.estimated_len) : 0n;
    const len = given > BigInt(payloadHex.length / 2) ? given : BigInt(payloadHex.length / 2);
    const least = len * MIN_FEE_RATE;
    return {
      estimated_cost: { write_length: 0, write_count: 0, read_length: 0, read_count: 0, runtime: 0 },
      estimated_cost_scalar: 1,
      cost_scalar_change_by_byte: 0,
      estimations: estimator.map((fee) => ({ fee_rate: Number(fee) / Number(len), fee: Number(fee > least ? fee : least) })),
    };
  });
  // stacks-core stackslib/src/net/api/posttransaction.rs (JSON `{tx}` or raw bytes); refusals as blocks.rs MemPoolRejection::into_json.
  server.post('/v2/transactions', (req) => {
    if (loseNextBroadcast) {
      loseNextBroadcast = false;
      req.raw.socket.destroy();
      return new Text('');
    }
    const body = req.body.trim();
    const hex = body.startsWith('{') ? (JSON.parse(body) as { tx: string }).tx : body;
    const answer = admit(hex);
    if (failAfterAdmitting) {
      failAfterAdmitting = false;
      throw new HttpReply(502, 'Bad Gateway');
    }
    return new Text(JSON.stringify(answer));
  });
  // stacks-blockchain-api src/api/routes/v1/faucets.ts `/stx` (pays at once here, as a genesis credit plus a synthetic transaction).
  server.post('/extended/v1/faucets/stx', (req) => {
    const address = req.query.get('address') ?? '';
    if (!/^S[TN]/.test(address)) throw new HttpReply(400, { success: false, error: 'testnet address required' });
    account(address).stx += FAUCET_MICRO_STX;
    const id = syntheticTx('token_transfer', opts.deployer, { token_transfer: { recipient_address: address, amount: FAUCET_MICRO_STX.toString(), memo: '0x' } });
    return { success: true, txId: `0x${id}`, txRaw: '' };
  });
  // Devnet only (no real route): mines a block now.
  server.post('/devnet/mine', () => {
    mine();
    return { height };
  });

  const url = await server.listen(opts.port ?? 0);
  const timer = opts.blockIntervalMs ? setInterval(mine, opts.blockIntervalMs) : null;
  return {
    url,
    server,
    sbtc,
    credit: (address, microStx) => void (account(address).stx += microStx),
    mintSbtc: (recipient, sats) => {
      const a = account(recipient);
      a.tokens.set(sbtcKey, (a.tokens.get(sbtcKey) ?? 0n) + sats);
      return syntheticTx('contract_call', opts.deployer, {
        contract_call: {
          contract_id: `${opts.deployer}.sbtc-deposit`,
          function_name: 'complete-deposit-wrapper',
          function_args: [{ hex: '', repr: `u${sats}`, name: 'amount', type: 'uint' }, { hex: '', repr: `'${recipient}`, name: 'recipient', type: 'principal' }],
        },
      });
    },
    stx: (a) => account(a).stx,
    sbtcBalance: (a) => account(a).tokens.get(sbtcKey) ?? 0n,
    accepted,
    raw: (txid) => raws.get(txid) ?? '',
    onWithdrawal: (listener) => void withdrawalListeners.push(listener),
    mine,
    setFeeEstimates: (answer) => void (estimator = answer ?? 'NoEstimateAvailable'),
    setTransferFeeRate: (rate) => void (transferRateLie = rate),
    markProblematic: (txid) => void problematic.add(txid.replace(/^0x/, '')),
    misstateAmounts: (text) => void (amountLie = text),
    loseNextBroadcast: () => void (loseNextBroadcast = true),
    failAfterAdmittingNextBroadcast: () => void (failAfterAdmitting = true),
    stop: async () => {
      if (timer) clearInterval(timer);
      await server.close();
    },
  };
}

/** micro-STX an STX transfer moves (0 for a contract call). */
function stxMoved(wire: StacksTransactionWire | null): bigint {
  const p = wire?.payload as unknown as { payloadType: number; amount?: bigint } | undefined;
  return p?.payloadType === 0 ? BigInt(p.amount!) : 0n;
}
