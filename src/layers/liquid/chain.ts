/**
 * Constants of the Elements chains an address or asset can belong to. The preset's
 * params pick ours; the others are known only so a wrong-network address gets a
 * precise message instead of "invalid".
 */
import type { LiquidParams } from '../../shared/networks';

export interface ElementsChain {
  name: string;
  blech32: string;
  bech32: string;
  /** Base58 version bytes: P2PKH, P2SH, and the prefix of confidential base58 addresses. */
  pubKeyHash: number;
  scriptHash: number;
  confidentialPrefix: number;
  /** The policy asset (L-BTC) id, display (reversed) hex. */
  policyAsset: string;
  /** Genesis block hash, display hex: Elements' Taproot signature hash commits to it. */
  genesisBlockHash: string;
  mainnet: boolean;
}

export const LIQUID_MAINNET: ElementsChain = {
  name: 'Liquid mainnet',
  blech32: 'lq',
  bech32: 'ex',
  pubKeyHash: 57,
  scriptHash: 39,
  confidentialPrefix: 12,
  policyAsset: '6f0279e9ed041c3d710a9f57d0c02928416460c4b722ae3457a11eec381c526d',
  genesisBlockHash: '1466275836220db2944ca059a3a10ef6fd2ea684b0688d2c379296888a206003',
  mainnet: true,
};

export const LIQUID_TESTNET: ElementsChain = {
  name: 'Liquid testnet',
  blech32: 'tlq',
  bech32: 'tex',
  pubKeyHash: 36,
  scriptHash: 19,
  confidentialPrefix: 23,
  policyAsset: '144c654344aa716d6f3abcc1ca90e5641e4e2a7f633bc09fe3baf64585819a49',
  genesisBlockHash: 'a771da8e52ee6ad581ed1e9a99825e5b3b7992225534eaa2ae23244fe26ab1c1',
  mainnet: false,
};

/** Elements' default regtest chain (`elementsregtest`), which the local devnet uses. */
export const ELEMENTS_REGTEST: ElementsChain = {
  name: 'Elements regtest',
  blech32: 'el',
  bech32: 'ert',
  pubKeyHash: 235,
  scriptHash: 75,
  confidentialPrefix: 4,
  policyAsset: '5ac9f65c0efcc4775e0baec4ec03abdde22473cd3cf33c0419ca290e0751b225',
  genesisBlockHash: '00902a6b70c2ca83b5d9c815d96a0e2f4202179316970d14ea1847dae5b1ca21',
  mainnet: false,
};

export const ELEMENTS_CHAINS: readonly ElementsChain[] = [LIQUID_MAINNET, LIQUID_TESTNET, ELEMENTS_REGTEST];

export function chainOf(params: LiquidParams): ElementsChain {
  const chain = ELEMENTS_CHAINS.find((c) => c.blech32 === params.blech32 && c.bech32 === params.bech32);
  if (!chain) throw new Error(`no Elements chain for ${params.blech32}/${params.bech32}`);
  return chain;
}
