/**
 * The pairs the stand-in serves, with Boltz's fee and limit model (API v2 JSON
 * shapes of GET /swap/submarine, /reverse, /chain) and the amount arithmetic of
 * boltz-backend's Service/SwapManager/FeeProvider: percentage fees rounded up,
 * reverse onchain amounts rounded down, submarine expected amounts
 *   floor(invoice·rate) + ceil(pct·invoice·rate) + minerFee.
 * All amounts are sats (RBTC too: Boltz quotes RBTC in sats, 1 sat = 10^10 wei).
 */
import { createHash } from 'node:crypto';

export type Currency = 'BTC' | 'L-BTC' | 'RBTC';
export type SwapType = 'submarine' | 'reverse' | 'chain';

export interface Limits {
  minimal: number;
  maximal: number;
  maximalZeroConf: number;
}

export interface PairConfig {
  /** Percent, as Boltz serves it (0.1 = 0.1 %). */
  percentage: number;
  limits: Limits;
  /** submarine: claim fee; reverse: lockup fee (claim is the client's estimate); chain: server lockup fee. */
  minerFees: { server: number; claim: number; lockup: number };
}

/** [from][to] as the API's dictionaries key them. */
export type PairTable = Partial<Record<Currency, Partial<Record<Currency, PairConfig>>>>;

const pair = (percentage: number, minimal: number, maximalZeroConf: number, minerFees: PairConfig['minerFees']): PairConfig => ({
  percentage,
  limits: { minimal, maximal: 25_000_000, maximalZeroConf },
  minerFees,
});

/** Devnet defaults: Boltz's mainnet percentages, small minimums so tests move little money. */
export function defaultPairs(): Record<SwapType, PairTable> {
  return {
    submarine: {
      BTC: { BTC: pair(0.1, 10_000, 0, { server: 0, claim: 350, lockup: 0 }) },
      'L-BTC': { BTC: pair(0.1, 1_000, 100_000, { server: 0, claim: 60, lockup: 0 }) },
      // Boltz's claim of an EtherSwap lock is its gas, quoted in sats; a lock is accepted once mined (EthereumNursery).
      RBTC: { BTC: pair(0.1, 10_000, 0, { server: 0, claim: 250, lockup: 0 }) },
    },
    reverse: {
      BTC: {
        BTC: pair(0.5, 10_000, 0, { server: 0, claim: 300, lockup: 450 }),
        'L-BTC': pair(0.25, 1_000, 0, { server: 0, claim: 60, lockup: 80 }),
        RBTC: pair(0.5, 10_000, 0, { server: 0, claim: 250, lockup: 400 }),
      },
    },
    chain: {
      BTC: {
        'L-BTC': pair(0.25, 10_000, 0, { server: 120, claim: 60, lockup: 450 }),
        RBTC: pair(0.5, 10_000, 0, { server: 400, claim: 250, lockup: 450 }),
      },
      // RBTC <-> L-BTC: chain swaps only, as boltz-backend docs/boltz.conf configures the RBTC/L-BTC pair (swapTypes = ["chain"], 0.1 %).
      'L-BTC': { BTC: pair(0.25, 10_000, 0, { server: 450, claim: 300, lockup: 80 }), RBTC: pair(0.1, 10_000, 0, { server: 450, claim: 250, lockup: 80 }) },
      RBTC: { BTC: pair(0.5, 10_000, 0, { server: 450, claim: 300, lockup: 400 }), 'L-BTC': pair(0.1, 10_000, 0, { server: 200, claim: 60, lockup: 400 }) },
    },
  };
}

/** Boltz hands out a hash of what the client saw; a create with a stale one is refused. */
export function pairHash(type: SwapType, from: string, to: string, cfg: PairConfig): string {
  return createHash('sha256').update(JSON.stringify([type, from, to, cfg])).digest('hex');
}

export function serializePairs(type: SwapType, table: PairTable): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [from, tos] of Object.entries(table)) {
    for (const [to, cfg] of Object.entries(tos ?? {})) {
      if (!cfg) continue;
      const { minimal, maximal, maximalZeroConf } = cfg.limits;
      const body =
        type === 'submarine'
          ? { limits: { minimal, maximal, maximalZeroConf }, fees: { percentage: cfg.percentage, minerFees: cfg.minerFees.claim } }
          : type === 'reverse'
            ? { limits: { minimal, maximal }, fees: { percentage: cfg.percentage, minerFees: { claim: cfg.minerFees.claim, lockup: cfg.minerFees.lockup } } }
            : {
                limits: { minimal, maximal, maximalZeroConf },
                fees: { percentage: cfg.percentage, minerFees: { server: cfg.minerFees.server, user: { claim: cfg.minerFees.claim, lockup: cfg.minerFees.lockup } } },
              };
      (out[from] ??= {})[to] = { hash: pairHash(type, from, to, cfg), rate: 1, ...body };
    }
  }
  return out;
}

const pctFee = (cfg: PairConfig, amount: number) => Math.ceil((cfg.percentage / 100) * amount);

/** Submarine: what the client must lock for an invoice of `invoiceSats`. */
export function submarineExpectedAmount(cfg: PairConfig, invoiceSats: number): number {
  return invoiceSats + pctFee(cfg, invoiceSats) + cfg.minerFees.claim;
}

/** Reverse: hold invoice and onchain amounts from either side (Service.calculateReverseSwapAmounts). */
export function reverseAmounts(cfg: PairConfig, req: { invoiceAmount?: number; onchainAmount?: number }): { invoiceAmount: number; onchainAmount: number } {
  const base = cfg.minerFees.lockup;
  if (req.invoiceAmount !== undefined) {
    return { invoiceAmount: req.invoiceAmount, onchainAmount: Math.floor(req.invoiceAmount - pctFee(cfg, req.invoiceAmount) - base) };
  }
  const onchain = req.onchainAmount!;
  return { invoiceAmount: Math.ceil((onchain + base) / (1 - cfg.percentage / 100)), onchainAmount: onchain };
}

/** Chain: the two lock amounts from either side. */
export function chainAmounts(cfg: PairConfig, req: { userLockAmount?: number; serverLockAmount?: number }): { userLockAmount: number; serverLockAmount: number } {
  const base = cfg.minerFees.server;
  if (req.userLockAmount !== undefined) {
    return { userLockAmount: req.userLockAmount, serverLockAmount: Math.floor(req.userLockAmount - pctFee(cfg, req.userLockAmount) - base) };
  }
  const server = req.serverLockAmount!;
  return { userLockAmount: Math.ceil((server + base) / (1 - cfg.percentage / 100)), serverLockAmount: server };
}
