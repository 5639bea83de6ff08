import { HDKey } from '@scure/bip32';
import { BitcoinKeys } from './src/layers/bitcoin/keys';
const params = { bech32: 'bcrt' } as any;
for (let r = 0; r < 4; r++) {
  const root = HDKey.fromMasterSeed(crypto.getRandomValues(new Uint8Array(32)));
  const k = new BitcoinKeys(root, params);
  let t = performance.now();
  for (let i = 0; i < 40; i++) k.address('p2wpkh', 0, i);
  const a = performance.now() - t; t = performance.now();
  for (let i = 0; i < 40; i++) k.address('p2tr', 0, i);
  const b = performance.now() - t;
  console.log('p2wpkh/addr ms', (a / 40).toFixed(2), 'p2tr/addr ms', (b / 40).toFixed(2));
}
