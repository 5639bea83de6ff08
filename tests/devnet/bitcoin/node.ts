/**
 * A bcoin 1.0.2 regtest full node, in process, with an in-memory chain. bcoin is
 * an independent implementation of Bitcoin's rules: every transaction the wallet
 * signs goes into its mempool, and its acceptance is the verdict.
 *
 * It is the real node, not a stand-in. bcoin predates Taproot: two policy updates make
 * it behave like a current Bitcoin Core on outputs and inputs of witness v1 (Core's rules
 * since 0.19 and 22.0: src/policy/policy.cpp IsStandard, src/policy/policy.h
 * STANDARD_SCRIPT_VERIFY_FLAGS); the Taproot signatures themselves are checked by
 * taproot-verifier.ts before bcoin sees the transaction.
 */
import bcoin from 'bcoin';

let policyPatched = false;
function patchPolicyForTaproot(): void {
  if (policyPatched) return;
  policyPatched = true;
  const { Script } = bcoin;
  // Core relays outputs of any witness version >= 1 (BIP350 addresses).
  const isStandard = Script.prototype.isStandard;
  Script.prototype.isStandard = function (this: { isProgram(): boolean; getProgram(): { version: number } }) {
    if (this.isProgram() && this.getProgram().version >= 1) return true;
    return isStandard.call(this);
  };
  // Spending witness v1 is verified by the Taproot verifier; bcoin's consensus treats it as upgradable.
  Script.flags.STANDARD_VERIFY_FLAGS &= ~Script.flags.VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM;
}

/**
 * bcoin's chain logs its memory use at every block it connects (bcoin lib/blockchain/chain.js,
 * logStatus), and blgr reads process.memoryUsage() for it before the level drops the line
 * (blgr lib/logger.js, Logger.memory): about 2 s of the integration suite's CPU at 'error',
 * where the line is never written. Read it only when it is (on the root logger, which every
 * module's context calls).
 */
function skipUnloggedMemoryReads(logger: { level: number; memory(module?: string): void; constructor: unknown }): void {
  const { DEBUG } = (logger.constructor as { levels: { DEBUG: number } }).levels;
  const memory = logger.memory.bind(logger);
  logger.memory = (module) => {
    if (logger.level >= DEBUG) memory(module);
  };
}

export interface BcoinNode {
  node: any;
  minerKey: any;
  minerAddress: any;
  /** Mines `n` blocks (including mempool transactions) paying the coinbase to the miner key. */
  mine(n?: number): Promise<string[]>;
  height(): number;
  close(): Promise<void>;
}

/** bcoin's regtest activates segwit only after 432 blocks; mine past it. */
export const STARTUP_BLOCKS = 450;

export async function startBcoinNode(): Promise<BcoinNode> {
  patchPolicyForTaproot();
  const node = new bcoin.FullNode({
    network: 'regtest',
    memory: true,
    indexTX: true,
    indexAddress: true,
    replaceByFee: true,
    listen: false,
    workers: false,
    logLevel: 'error',
    'http-port': 0,
  });
  await node.open();
  skipUnloggedMemoryReads(node.logger.logger);
  const minerKey = bcoin.KeyRing.generate();
  minerKey.witness = true;
  const minerAddress = minerKey.getAddress();

  // One block at a time: two built on the same tip at once would compete, and one would be left off the chain.
  let mining: Promise<unknown> = Promise.resolve();
  const mineOne = async (): Promise<string> => {
    const job = await node.miner.createJob(node.chain.tip, minerAddress);
    const block = await job.mineAsync();
    await node.chain.add(block);
    return block.rhash();
  };
  const mine = async (n = 1): Promise<string[]> => {
    const hashes: string[] = [];
    for (let i = 0; i < n; i++) {
      const next = mining.then(mineOne);
      mining = next.catch(() => undefined);
      hashes.push(await next);
    }
    return hashes;
  };

  await mine(STARTUP_BLOCKS);
  if (!node.chain.state.hasWitness()) throw new Error('segwit did not activate on the bcoin regtest chain');

  return {
    node,
    minerKey,
    minerAddress,
    mine,
    height: () => node.chain.height,
    close: () => node.close(),
  };
}
