/** The Bitcoin devnet: a bcoin regtest node behind an Esplora facade on loopback. */
import { EsploraFacade } from './esplora-facade';
import { startBcoinNode, type BcoinNode } from './node';

export interface BitcoinDevnet {
  /** Esplora base URL, e.g. http://127.0.0.1:PORT/api */
  esploraUrl: string;
  /** Root URL (explorer links point here). */
  url: string;
  facade: EsploraFacade;
  node: BcoinNode;
  faucet(address: string, sats: bigint, opts?: { confirm?: boolean }): Promise<string>;
  mine(blocks?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startBitcoinDevnet(opts: { port?: number; autoMineMs?: number } = {}): Promise<BitcoinDevnet> {
  const node = await startBcoinNode();
  const facade = new EsploraFacade(node);
  await facade.backfill();
  const url = await facade.server.listen(opts.port ?? 0);
  // For `npm start`: a block at a steady pace, like a real chain, so confirmations
  // (peg-ins, swap timeouts) keep counting even when the mempool is empty.
  const timer = opts.autoMineMs ? setInterval(() => void node.mine(1), opts.autoMineMs) : null;
  return {
    url,
    esploraUrl: `${url}/api`,
    facade,
    node,
    faucet: (address, sats, o = {}) => facade.faucet(address, sats, o.confirm ?? true),
    mine: async (blocks = 1) => {
      await node.mine(blocks);
    },
    stop: async () => {
      if (timer) clearInterval(timer);
      await facade.server.close();
      await node.close();
    },
  };
}
