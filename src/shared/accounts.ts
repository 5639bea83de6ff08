import type { LayerId } from './layers';

/** What the popup may know about one layer's account: public data only. */
export interface LayerAccountView {
  layer: LayerId;
  network: string;
  networkLabel: string;
  /** `address` receives funds; `identity` is a public key that identifies the wallet (Lightning has no static address). */
  kind: 'address' | 'identity';
  value: string;
  path: string;
  /** Other public forms worth showing (Taproot address, unconfidential Liquid address). */
  alternates: { label: string; value: string }[];
}
