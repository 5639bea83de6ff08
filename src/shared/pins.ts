/**
 * What a server is never trusted to tell us: contract addresses and code hashes,
 * counterparty keys, and how much we accept on its word before a confirmation.
 * An empty pin means "not known for this network": the code using it then
 * cross-checks instead, or refuses. Presets carry the values (shared/networks.ts).
 */
export const PIN_KINDS = {
  /** Rootstock: Boltz's EtherSwap contract. */
  etherSwap: 'evm-address',
  /** Rootstock: keccak256 of EtherSwap's runtime code (`eth_getCode`). */
  etherSwapCodeHash: 'hash32',
  /** Bitcoin, Liquid: the largest Boltz lockup claimed before it confirms, in sats. */
  zeroConfMaxSats: 'sats',
  /** Rootstock: the PowPeg federation's Bitcoin address that peg-ins pay (it changes when the federation does). */
  powpegFederation: 'btc-p2sh-address',
  /** Stacks: the sBTC signers' aggregate key (compressed) that deposits are locked to. */
  sbtcSignersKey: 'pubkey33',
} as const;
export type PinKey = keyof typeof PIN_KINDS;
export type PinKind = (typeof PIN_KINDS)[PinKey];

/** The pattern each kind of pin must match, lower-case hex where it is hex. */
export const PIN_PATTERNS: Record<PinKind, RegExp> = {
  'evm-address': /^0x[0-9a-f]{40}$/,
  hash32: /^0x[0-9a-f]{64}$/,
  sats: /^(0|[1-9][0-9]{0,15})$/,
  // Base58 P2SH: 3… on mainnet, 2… on the test networks (case matters).
  'btc-p2sh-address': /^[23][1-9A-HJ-NP-Za-km-z]{33,34}$/,
  pubkey33: /^0[23][0-9a-f]{64}$/,
};

/** Kinds whose values are case-sensitive (the rest are stored lower-case). */
export const CASE_SENSITIVE_PIN_KINDS: readonly PinKind[] = ['sats', 'btc-p2sh-address'];
