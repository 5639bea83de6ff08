/**
 * Stand-in Liquid Esplora for tests and `npm start`: Blockstream Esplora's REST
 * routes and Elements JSON shapes over an in-memory chain (Elements regtest
 * params: `el1`/`ert1`, the regtest policy asset), a broadcast that verifies
 * the transaction independently (see verify.ts), a faucet and a miner.
 *
 *   const net = await startLiquidDevnet();
 *   await net.faucet('el1…', 100_000);       // confidential L-BTC
 *   await net.faucet('el1…', 5_000, 'test'); // the devnet test asset
 *   net.mine();
 *   // Esplora API at net.url (…/api); POST /faucet and POST /mine beside it and under /api.
 */
// Before anything that starts secp256k1-zkp's Emscripten glue: see no-glue-exit.ts.
import '../no-glue-exit';
import { regtest } from 'liquidjs-lib/src/networks';
import { Transaction } from 'liquidjs-lib/src/transaction';
import { DEVNET_TEST_ASSET } from '../../../src/layers/liquid/assets';
import { DevServer, HttpReply, Text, type RouteRequest } from '../http-server';
import { LiquidChainState, merkleRoot } from './chain-state';
import { buildMint } from './faucet';
import { decodesAsElements, TxRejected, verifyTransaction } from './verify';
import { devnetZkp } from './zkp';

export interface LiquidDevnetOptions {
  port?: number;
  /** Fee rate the fee-estimates route reports, sat/vB. */
  feeRate?: number;
  /** Mine a block this often (ms); off by default, tests call mine(). */
  blockIntervalMs?: number;
}

/**
 * Test switches that make the Esplora JSON lie (the raw transactions at /tx/:txid/hex
 * stay true, but for `rawHex`). Each JSON lie lists `txid` in `address`'s history.
 */
export interface EsploraLies {
  /** Labels output `vout` of `txid` with `address` (script and address fields). */
  claimOutput?: { address: string; txid: string; vout: number };
  /** Says input 0 of `txid` spends `outpoint` ("txid:vout"), with that output as its prevout. */
  claimSpend?: { address: string; txid: string; outpoint: string };
  /** Reports this value for every explicit fee output (and the tx's `fee`). */
  fee?: number;
  /** GET /tx/:txid/hex answers these raw bytes (another transaction) for these txids. */
  rawHex?: Record<string, string>;
  /** `address`'s history leaves `txid` out (the transaction itself, and the wallet's side of it, stay served). */
  hideFromHistory?: { address: string; txid: string };
  /** GET /block/:hash/txids answers this instead of the block's txids. */
  blockTxids?: (txids: string[]) => unknown;
  /** GET /block/:hash answers this instead of the block's JSON. */
  block?: (json: Record<string, unknown>) => unknown;
}

export interface LiquidDevnet {
  /** Esplora base URL (ends in /api), for the devnet preset's `esplora` endpoint. */
  url: string;
  origin: string;
  policyAsset: string;
  testAsset: string;
  state: LiquidChainState;
  /** Every POST /tx, accepted or not. */
  broadcasts: { accepted: string[]; rejected: { reason: string; hex: string }[] };
  faucet(address: string, sats: number, asset?: string): Promise<string>;
  mine(blocks?: number): number;
  /** Test switch: the rate `/fee-estimates` reports from now on (a lying server); undefined restores the option's. */
  setFeeRate(rate: number | undefined): void;
  /** Test switch: the JSON lies of `lies` from now on; `{}` restores the truth. */
  misbehave(lies: EsploraLies): void;
  stop(): Promise<void>;
}

const MIN_FEE_RATE = 0.1;

function rpcError(err: TxRejected): HttpReply {
  return new HttpReply(400, `sendrawtransaction RPC error: ${JSON.stringify({ code: err.code, message: err.message })}`);
}

export async function startLiquidDevnet(opts: LiquidDevnetOptions = {}): Promise<LiquidDevnet> {
  const zkp = await devnetZkp();
  const state = new LiquidChainState(regtest);
  const broadcasts: LiquidDevnet['broadcasts'] = { accepted: [], rejected: [] };
  const server = new DevServer();
  const policyAsset = regtest.assetHash;

  const script = (address: string) => {
    try {
      return state.scriptOf(address);
    } catch {
      throw new HttpReply(400, 'Invalid Bitcoin address');
    }
  };
  let feeRate: number | undefined;
  let lies: EsploraLies = {};
  /** The tx JSON as served: true unless a lie is switched on. */
  const render = (txid: string) => {
    const json = state.txJson(txid);
    if (!json) return json;
    const { claimOutput, claimSpend, fee } = lies;
    if (claimOutput?.txid === txid && json.vout[claimOutput.vout]) {
      Object.assign(json.vout[claimOutput.vout]!, { scriptpubkey: script(claimOutput.address).toString('hex'), scriptpubkey_address: claimOutput.address });
    }
    if (claimSpend?.txid === txid && json.vin[0]) {
      const [prevTxid, prevVout] = claimSpend.outpoint.split(':');
      const prev = state.txJson(prevTxid!)?.vout[Number(prevVout)] ?? null;
      Object.assign(json.vin[0], { txid: prevTxid, vout: Number(prevVout), prevout: prev });
    }
    if (fee !== undefined) {
      for (const o of json.vout) if (o.scriptpubkey_type === 'fee') o.value = fee;
      json.fee = fee;
    }
    return json;
  };
  const txOr404 = (txid: string) => {
    const json = render(txid);
    if (!json) throw new HttpReply(404, 'Transaction not found');
    return json;
  };
  const listed = (address: string) => {
    const all = state.historyOf(script(address));
    for (const lie of [lies.claimOutput, lies.claimSpend]) {
      const t = lie?.address === address ? state.txs.get(lie.txid) : undefined;
      if (t && !all.includes(t)) all.unshift(t);
    }
    const hidden = lies.hideFromHistory;
    if (hidden && script(hidden.address).equals(script(address))) return all.filter((t) => t.txid !== hidden.txid);
    return all;
  };
  const history = (address: string, confirmedAfter?: string) => {
    const all = listed(address);
    const mempool = all.filter((t) => !t.status.confirmed);
    let chain = all.filter((t) => t.status.confirmed);
    if (confirmedAfter !== undefined) {
      const at = chain.findIndex((t) => t.txid === confirmedAfter);
      chain = at < 0 ? [] : chain.slice(at + 1);
      return chain.slice(0, 25).map((t) => render(t.txid));
    }
    return [...mempool.slice(0, 50), ...chain.slice(0, 25)].map((t) => render(t.txid));
  };

  const stored = (hash: string) => {
    if (!/^[0-9a-f]{64}$/i.test(hash)) throw new HttpReply(400, 'Invalid hex string');
    const b = state.blocks.get(hash.toLowerCase());
    if (!b) throw new HttpReply(404, 'Block not found');
    return b;
  };

  const faucet = async (address: string, sats: number, asset?: string): Promise<string> => {
    if (!Number.isSafeInteger(sats) || sats <= 0) throw new HttpReply(400, 'sats must be a positive integer');
    const assetId = asset === undefined || asset === 'lbtc' ? policyAsset : asset === 'test' ? DEVNET_TEST_ASSET : asset;
    if (!/^[0-9a-f]{64}$/.test(assetId)) throw new HttpReply(400, 'asset must be "lbtc", "test" or a 64-hex asset id');
    script(address);
    return state.add(buildMint(zkp, regtest, address, sats, assetId), true);
  };

  const faucetRoute = async (req: RouteRequest) => {
    const { address, sats, asset } = req.json<{ address: string; sats: number | string; asset?: string }>() ?? ({} as never);
    return { txid: await faucet(String(address), Number(sats), asset) };
  };
  const mineRoute = (req: RouteRequest) => {
    const { blocks } = (req.json<{ blocks?: number }>() ?? {}) as { blocks?: number };
    return { height: state.mine(Math.max(1, Math.min(100, Number(blocks ?? 1)))) };
  };

  // Every route follows Blockstream's electrs src/rest.rs (liquid feature): paths, JSON with
  // value/asset commitments, error texts; faucet and mine are devnet-only.
  server
    .get('/api/blocks/tip/height', () => new Text(String(state.height)))
    .get('/api/blocks/tip/hash', () => new Text(state.tipHash))
    // electrs (Blockstream) src/rest.rs "block/:hash" (BlockValue, liquid feature) and "block/:hash/txids": 404 "Block not found".
    .get('/api/block/:hash', ({ params }) => {
      const b = stored(params.hash!);
      const txs = b.txids.map((t) => state.txs.get(t)!.tx);
      const json = {
        id: b.hash,
        height: b.height,
        version: 0x20000000,
        timestamp: b.time,
        tx_count: b.txids.length,
        size: 80 + txs.reduce((n, t) => n + t.byteLength(), 1),
        weight: 320 + txs.reduce((n, t) => n + t.weight(), 4),
        merkle_root: merkleRoot(b.txids),
        previousblockhash: b.previousblockhash,
        mediantime: b.time,
        ext: { challenge: '51', solution: '' },
      };
      return lies.block?.(json) ?? json;
    })
    .get('/api/block/:hash/txids', ({ params }) => lies.blockTxids?.([...stored(params.hash!).txids]) ?? stored(params.hash!).txids)
    // electrs (Blockstream) src/rest.rs "mempool/txids": every txid of the mempool the address histories are served from.
    .get('/api/mempool/txids', () => [...state.txs.values()].filter((t) => !t.status.confirmed).map((t) => t.txid))
    // electrs (Blockstream) src/rest.rs "fee-estimates": confirmation target -> sat/vB.
    .get('/api/fee-estimates', () => {
      const rate = feeRate ?? opts.feeRate ?? MIN_FEE_RATE;
      return Object.fromEntries([1, 2, 3, 4, 5, 6, 10, 20, 25, 144, 504, 1008].map((n) => [String(n), rate]));
    })
    .get('/api/address/:address', ({ params }) => ({ address: params.address, ...state.statsOf(script(params.address!)) }))
    .get('/api/address/:address/txs', ({ params }) => history(params.address!))
    .get('/api/address/:address/txs/chain', ({ params }) => history(params.address!, ''))
    .get('/api/address/:address/txs/chain/:last', ({ params }) => history(params.address!, params.last!))
    .get('/api/address/:address/txs/mempool', ({ params }) =>
      listed(params.address!).filter((t) => !t.status.confirmed).map((t) => render(t.txid)),
    )
    .get('/api/address/:address/utxo', ({ params }) =>
      state.utxosOf(script(params.address!)).map(({ txid, vout, output, status }) => {
        const v = state.voutJson(output);
        const utxo: Record<string, unknown> = { txid, vout, status };
        for (const k of ['value', 'valuecommitment', 'asset', 'assetcommitment'] as const) if (k in v) utxo[k] = v[k];
        if (output.nonce.length === 33) utxo.noncecommitment = Buffer.from(output.nonce).toString('hex');
        return utxo;
      }),
    )
    .get('/api/tx/:txid', ({ params }) => txOr404(params.txid!))
    .get('/api/tx/:txid/hex', ({ params }) => {
      const forged = lies.rawHex?.[params.txid!];
      if (forged) return new Text(forged);
      const stored = state.txs.get(params.txid!);
      if (!stored) throw new HttpReply(404, 'Transaction not found');
      return new Text(stored.hex);
    })
    .get('/api/tx/:txid/status', ({ params }) => txOr404(params.txid!).status)
    .get('/api/tx/:txid/outspends', ({ params }) => state.outspends(params.txid!))
    .post('/api/tx', ({ body }) => {
      const hex = body.trim();
      let tx: Transaction;
      try {
        tx = Transaction.fromHex(hex);
        if (tx.toHex() !== hex.toLowerCase()) throw new Error('trailing data');
        if (!decodesAsElements(tx)) throw new Error('Unrecognized serialization prefix');
      } catch {
        broadcasts.rejected.push({ reason: 'TX decode failed', hex });
        throw rpcError(new TxRejected(-22, 'TX decode failed'));
      }
      try {
        verifyTransaction(zkp, tx, (txid, vout) => state.prevout(txid, vout), {
          policyAsset,
          minFeeRate: MIN_FEE_RATE,
          genesisBlockHash: regtest.genesisBlockHash,
          height: state.height,
        });
      } catch (err) {
        if (!(err instanceof TxRejected)) throw err;
        broadcasts.rejected.push({ reason: err.message, hex });
        throw rpcError(err);
      }
      const txid = state.add(tx);
      broadcasts.accepted.push(txid);
      return new Text(txid);
    })
    .post('/mine', mineRoute)
    .post('/faucet', faucetRoute)
    // Also beside the Esplora routes, where the wallet's devnet faucet button posts (as on the Bitcoin devnet).
    .post('/api/faucet', faucetRoute)
    .post('/api/mine', mineRoute);
  const origin = await server.listen(opts.port ?? 0);
  const timer = opts.blockIntervalMs ? setInterval(() => state.mine(), opts.blockIntervalMs) : undefined;

  return {
    url: `${origin}/api`,
    origin,
    policyAsset,
    testAsset: DEVNET_TEST_ASSET,
    state,
    broadcasts,
    faucet,
    mine: (blocks = 1) => state.mine(blocks),
    setFeeRate: (rate) => void (feeRate = rate),
    misbehave: (l) => void (lies = { ...l }),
    stop: async () => {
      if (timer) clearInterval(timer);
      await server.close();
    },
  };
}
