/** Local devnet values shared by several layers' presets (`npm start` and the tests serve these). */

/** The stand-ins listen on loopback ports of this host. */
export const DEVNET_HOST = 'http://127.0.0.1';
/** The devnet's Nostr relay (NWC and the move journal), on the same host. */
export const DEVNET_RELAY = 'ws://127.0.0.1:7777';
/** The devnet's sBTC contracts' deployer (tests/devnet/sbtc). */
export const SBTC_DEVNET_DEPLOYER = 'ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM';
/** Devnets claim Boltz lockups up to this many sats unconfirmed (pin `zeroConfMaxSats`; see bitcoin.ts). */
export const DEVNET_ZERO_CONF_MAX = '50000';
