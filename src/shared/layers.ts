/** The five layers, in the order the wallet shows them. */
export const LAYER_IDS = ['bitcoin', 'lightning', 'stacks', 'liquid', 'rootstock'] as const;
export type LayerId = (typeof LAYER_IDS)[number];
