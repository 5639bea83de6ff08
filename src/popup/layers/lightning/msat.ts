/** Lightning amounts arrive as millisatoshi strings and are shown in sats with up to three decimals. */
export const MSAT = { decimals: 3, symbol: 'sats' } as const;
