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
   * Test switch: the three fees (low, middle, high) `POST /v2/fees/transaction`
   * answers from now on, in micro-STX; null restores "NoEstimateAvailable".
   */
  setFeeEstimates(fees: [bigint, bigint, bigint] | null): void;
  stop(): Promise<void>;
}

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

  const account = (a: string): Account => {
    let acct = accounts.get(a);
    if (!acct) accounts.set(a, (acct = { stx: 0n, nonce: 0, tokens: new Map() }));
    return acct;
  };
  const pendingOf = (a: string) => mempool.map((id) => txs.get(id)!).filter((t) => t.sender === a);
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

  /** Checks a broadcast as a node would and puts it in the mempool. */
  const admit = (hex: string): string => {
    const raw = hexToBytes(hex.replace(/^0x/, ''));
    let wire: StacksTransactionWire;
    try {
      wire = deserializeTransaction(raw);
    } catch {
      return reject('Deserialization');
    }
    const txid = wire.txid();
    if (wire.chainId !== TESTNET_CHAIN_ID || wire.transactionVersion !== TESTNET_VERSION) return reject('BadTransactionVersion', undefined, txid);
    const sigProblem = verifySingleSig(raw);
    if (sigProblem) return reject('SignatureValidation', { message: sigProblem }, txid);
    const cond = wire.auth.spendingCondition as { signer: string; nonce: bigint; fee: bigint };
    const sender = c32address(26, cond.signer);
    const nonce = Number(cond.nonce);
    const expected = account(sender).nonce + pendingOf(sender).length;
    if (nonce !== expected) return reject('BadNonce', { expected, actual: nonce, principal: sender, is_origin: true }, txid);
    const fee = cond.fee;
    if (fee < BigInt(raw.length)) return reject('FeeTooLow', { expected: raw.length, actual: Number(fee) }, txid);
    const payload = wire.payload as unknown as Record<string, unknown>;
    const committed = pendingOf(sender).reduce((s, t) => s + t.fee + stxMoved(t.wire), 0n);
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

  const mine = () => {
    if (mempool.length === 0) return;
    height += 1;
    const time = now();
    const ordered = mempool.splice(0).map((id) => txs.get(id)!).sort((a, b) => a.nonce - b.nonce);
    for (const t of ordered) {
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
  server.get('/v2/info', () => ({ network_id: TESTNET_CHAIN_ID, stacks_tip_height: height, burn_block_height: height }));
  server.get('/extended/v1/address/:principal/balances', (req) => {
    const a = account(req.params.principal!);
    const fungible_tokens: Record<string, { balance: string; total_sent: string; total_received: string }> = {};
    for (const [k, v] of a.tokens) fungible_tokens[k] = { balance: v.toString(), total_sent: '0', total_received: '0' };
    return { stx: { balance: a.stx.toString(), locked: '0', total_sent: '0', total_received: '0', total_fees_sent: '0' }, fungible_tokens, non_fungible_tokens: {} };
  });
  server.get('/extended/v1/address/:principal/nonces', (req) => {
    const a = account(req.params.principal!);
    const pending = pendingOf(req.params.principal!);
    return {
      last_mempool_tx_nonce: pending.length ? pending[pending.length - 1]!.nonce : null,
      last_executed_tx_nonce: a.nonce > 0 ? a.nonce - 1 : null,
      possible_next_nonce: a.nonce + pending.length,
      detected_missing_nonces: [],
      detected_mempool_nonces: pending.map((t) => t.nonce),
    };
  });
  const list = (filter: (t: TxRecord) => boolean, limit: number) => {
    const results = [...txs.values()].filter(filter).reverse().slice(0, limit).map(txJson);
    return { limit, offset: 0, total: results.length, results };
  };
  server.get('/extended/v1/address/:principal/transactions', (req) =>
    list((t) => t.blockHeight !== undefined && involves(t, req.params.principal!), Number(req.query.get('limit') ?? 20)),
  );
  server.get('/extended/v1/address/:principal/mempool', (req) =>
    list((t) => t.blockHeight === undefined && involves(t, req.params.principal!), Number(req.query.get('limit') ?? 20)),
  );
  server.get('/extended/v1/tx/:txid', (req) => {
    const t = txs.get(req.params.txid!.replace(/^0x/, ''));
    if (!t) throw new HttpReply(404, { error: `could not find transaction by ID ${req.params.txid}` });
    return txJson(t);
  });
  let feeEstimates: [bigint, bigint, bigint] | null = null;
  server.get('/v2/fees/transfer', () => 1);
  // stacks-core stackslib/src/net/api/postfeerate.rs: RPCFeeEstimateResponse, or 400 with a reason.
  server.post('/v2/fees/transaction', (req) => {
    const body = JSON.parse(req.body) as { transaction_payload?: unknown; estimated_len?: unknown };
    if (typeof body.transaction_payload !== 'string') throw new HttpReply(400, 'Failed to parse transaction payload');
    if (!feeEstimates) throw new HttpReply(400, { reason: 'NoEstimateAvailable', reason_data: { message: 'devnet has no fee history' } });
    const len = BigInt(typeof body.estimated_len === 'number' ? body.estimated_len : body.transaction_payload.length / 2);
    return {
      estimated_cost: { write_length: 0, write_count: 0, read_length: 0, read_count: 0, runtime: 0 },
      estimated_cost_scalar: 1,
      cost_scalar_change_by_byte: 0,
      estimations: feeEstimates.map((fee) => ({ fee_rate: Number(fee) / Number(len), fee: Number(fee) })),
    };
  });
  server.post('/v2/transactions', (req) => {
    const body = req.body.trim();
    const hex = body.startsWith('{') ? (JSON.parse(body) as { tx: string }).tx : body;
    return new Text(JSON.stringify(admit(hex)));
  });
  server.post('/extended/v1/faucets/stx', (req) => {
    const address = req.query.get('address') ?? '';
    if (!/^S[TN]/.test(address)) throw new HttpReply(400, { success: false, error: 'testnet address required' });
    account(address).stx += FAUCET_MICRO_STX;
    const id = syntheticTx('token_transfer', opts.deployer, { token_transfer: { recipient_address: address, amount: FAUCET_MICRO_STX.toString(), memo: '0x' } });
    return { success: true, txId: `0x${id}`, txRaw: '' };
  });
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
    setFeeEstimates: (fees) => void (feeEstimates = fees),
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
