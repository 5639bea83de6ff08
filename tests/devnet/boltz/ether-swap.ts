/**
 * Boltz's EtherSwap contract on the devnet anvil: deployed from boltz-core's
 * compiled artifact (out/EtherSwap.sol/EtherSwap.json), called by the stand-in
 * from anvil's unlocked dev account #1 (its "Boltz wallet"). Calls are ABI-encoded
 * here by hand: every argument EtherSwap's lock/claim/refund take is static
 * (bytes32, address, uint256), so each is one 32-byte word after the selector.
 * Follows boltz-core contracts/EtherSwap.sol (its functions, events and errors).
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { createRequire } from 'node:module';
import type { Anvil } from '../rootstock/anvil';

/** anvil's second well-known dev account (unlocked): the stand-in's EVM wallet. */
export const BOLTZ_EVM_ACCOUNT = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
/** Boltz quotes RBTC in sats: 1 sat = 10^10 wei. */
export const WEI_PER_SAT = 10_000_000_000n;

const strip = (h: string) => h.replace(/^0x/, '').toLowerCase();
const word = (hex: string) => strip(hex).padStart(64, '0');
const uint = (n: bigint | number) => BigInt(n).toString(16).padStart(64, '0');
export const selector = (signature: string) => bytesToHex(keccak_256(new TextEncoder().encode(signature))).slice(0, 8);
export const topic = (signature: string) => `0x${bytesToHex(keccak_256(new TextEncoder().encode(signature)))}`;

export const EVENTS = {
  Lockup: topic('Lockup(bytes32,uint256,address,address,uint256)'),
  Claim: topic('Claim(bytes32,bytes32)'),
  Refund: topic('Refund(bytes32)'),
};

export interface EvmLog {
  address: string;
  topics: string[];
  data: string;
  transactionHash: string;
  blockNumber: string;
}

export interface LockupEvent {
  preimageHash: string;
  amountWei: bigint;
  claimAddress: string;
  refundAddress: string;
  timelock: number;
  transactionHash: string;
}

export class EtherSwap {
  private constructor(
    readonly anvil: Anvil,
    readonly address: string,
  ) {}

  /**
   * Deploys boltz-core's EtherSwap from the stand-in's account. With `nonce: 0` (the
   * devnet's own contract) it lands at the address the Rootstock devnet preset pins
   * (CREATE from that account at nonce 0 on a fresh anvil), and its runtime code, which
   * embeds the chain id and that address, hashes to the pinned code hash. Without a
   * nonce it goes wherever the account's next nonce puts it (a second, unpinned copy).
   */
  static async deploy(anvil: Anvil, opts: { nonce?: number } = {}): Promise<EtherSwap> {
    const artifact = createRequire(import.meta.url)('boltz-core/out/EtherSwap.sol/EtherSwap.json') as { bytecode: { object: string } };
    const tx = { from: BOLTZ_EVM_ACCOUNT, data: artifact.bytecode.object, gas: '0x700000', ...(opts.nonce !== undefined ? { nonce: `0x${opts.nonce.toString(16)}` } : {}) };
    let hash: string;
    try {
      hash = await anvil.rpc<string>('eth_sendTransaction', [tx]);
    } catch (err) {
      if (opts.nonce === undefined) throw err;
      throw new Error(`EtherSwap must be deployed by ${BOLTZ_EVM_ACCOUNT} at nonce ${opts.nonce} to land at the pinned devnet address, but this anvil refused (${(err as Error).message}): start the Boltz devnet on a fresh anvil.`);
    }
    const receipt = await anvil.receipt<{ status: string; contractAddress: string }>(hash);
    if (Number(receipt.status) !== 1) throw new Error('EtherSwap deployment failed');
    return new EtherSwap(anvil, receipt.contractAddress.toLowerCase());
  }

  private async send(data: string, valueWei = 0n, from = BOLTZ_EVM_ACCOUNT): Promise<string> {
    const hash = await this.anvil.rpc<string>('eth_sendTransaction', [
      { from, to: this.address, data: `0x${data}`, value: `0x${valueWei.toString(16)}`, gas: '0x200000' },
    ]);
    const receipt = await this.anvil.receipt<{ status: string }>(hash);
    if (Number(receipt.status) !== 1) throw new Error(`EtherSwap call reverted (${data.slice(0, 8)})`);
    return hash;
  }

  /** lock(bytes32 preimageHash, address claimAddress, uint256 timelock) payable; the refund address is the sender. */
  lock(preimageHash: string, claimAddress: string, timelock: number, amountWei: bigint, from = BOLTZ_EVM_ACCOUNT): Promise<string> {
    return this.send(`${selector('lock(bytes32,address,uint256)')}${word(preimageHash)}${word(claimAddress)}${uint(timelock)}`, amountWei, from);
  }

  /** claim(bytes32 preimage, uint256 amount, address refundAddress, uint256 timelock): pays msg.sender. */
  claim(preimage: string, amountWei: bigint, refundAddress: string, timelock: number, from = BOLTZ_EVM_ACCOUNT): Promise<string> {
    return this.send(`${selector('claim(bytes32,uint256,address,uint256)')}${word(preimage)}${uint(amountWei)}${word(refundAddress)}${uint(timelock)}`, 0n, from);
  }

  /** refund(bytes32 preimageHash, uint256 amount, address claimAddress, uint256 timelock): after the timelock, to msg.sender. */
  refund(preimageHash: string, amountWei: bigint, claimAddress: string, timelock: number, from = BOLTZ_EVM_ACCOUNT): Promise<string> {
    return this.send(`${selector('refund(bytes32,uint256,address,uint256)')}${word(preimageHash)}${uint(amountWei)}${word(claimAddress)}${uint(timelock)}`, 0n, from);
  }

  /** swaps(bytes32 hashValues) → whether that lockup is still in the contract. */
  async isLocked(preimageHash: string, amountWei: bigint, claimAddress: string, refundAddress: string, timelock: number): Promise<boolean> {
    const hashValues = await this.anvil.rpc<string>('eth_call', [
      { to: this.address, data: `0x${selector('hashValues(bytes32,uint256,address,address,uint256)')}${word(preimageHash)}${uint(amountWei)}${word(claimAddress)}${word(refundAddress)}${uint(timelock)}` },
      'latest',
    ]);
    const res = await this.anvil.rpc<string>('eth_call', [{ to: this.address, data: `0x${selector('swaps(bytes32)')}${word(hashValues)}` }, 'latest']);
    return BigInt(res) !== 0n;
  }

  async logs(topic0: string, preimageHash: string): Promise<EvmLog[]> {
    return this.anvil.rpc<EvmLog[]>('eth_getLogs', [{ address: this.address, fromBlock: '0x0', toBlock: 'latest', topics: [topic0, `0x${word(preimageHash)}`] }]);
  }

  async lockups(preimageHash: string): Promise<LockupEvent[]> {
    return (await this.logs(EVENTS.Lockup, preimageHash)).map((l) => {
      const data = strip(l.data);
      return {
        preimageHash: strip(l.topics[1]!),
        amountWei: BigInt(`0x${data.slice(0, 64)}`),
        claimAddress: `0x${strip(l.topics[2]!).slice(24)}`,
        refundAddress: `0x${strip(l.topics[3]!).slice(24)}`,
        timelock: Number(BigInt(`0x${data.slice(64, 128)}`)),
        transactionHash: l.transactionHash,
      };
    });
  }

  /** The preimage revealed by a Claim event for this hash, if any. */
  async claimedPreimage(preimageHash: string): Promise<{ preimage: string; transactionHash: string } | null> {
    const [log] = await this.logs(EVENTS.Claim, preimageHash);
    return log ? { preimage: strip(log.data).slice(0, 64), transactionHash: log.transactionHash } : null;
  }

  /** The contract's version() (EtherSwap's EIP-712 domain names it). */
  async version(): Promise<number> {
    return Number(await this.anvil.rpc<string>('eth_call', [{ to: this.address, data: `0x${selector('version()')}` }, 'latest']));
  }

  /**
   * Boltz's EIP-712 signature of a cooperative refund (the claim address signs Refund(preimageHash,
   * amount, claimAddress, timelock) over EtherSwap's domain), made by anvil for its unlocked account:
   * boltz-backend lib/service/cooperative/EipSigner.ts signSwapRefund; the types follow EtherSwap.sol.
   */
  async signRefund(preimageHash: string, amountWei: bigint, claimAddress: string, timelock: number, signer = BOLTZ_EVM_ACCOUNT): Promise<string> {
    const [chainId, version] = await Promise.all([this.anvil.rpc<string>('eth_chainId'), this.version()]);
    const typed = {
      types: {
        EIP712Domain: [
          { name: 'name', type: 'string' },
          { name: 'version', type: 'string' },
          { name: 'chainId', type: 'uint256' },
          { name: 'verifyingContract', type: 'address' },
        ],
        Refund: [
          { name: 'preimageHash', type: 'bytes32' },
          { name: 'amount', type: 'uint256' },
          { name: 'claimAddress', type: 'address' },
          { name: 'timelock', type: 'uint256' },
        ],
      },
      primaryType: 'Refund',
      domain: { name: 'EtherSwap', version: String(version), chainId: Number(chainId), verifyingContract: this.address },
      message: { preimageHash: `0x${word(preimageHash)}`, amount: amountWei.toString(), claimAddress, timelock },
    };
    return this.anvil.rpc<string>('eth_signTypedData_v4', [signer, JSON.stringify(typed)]);
  }

  async height(): Promise<number> {
    return Number(await this.anvil.rpc<string>('eth_blockNumber'));
  }
}
