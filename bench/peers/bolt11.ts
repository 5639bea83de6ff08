/**
 * bolt11 decoding with the signature checked, ours (src/layers/lightning/bolt11.ts,
 * @noble/curves) against the `bolt11` package 1.4.1, on the BOLT 11 examples and
 * invoices the devnet's Lightning ledger issues. Both recover the payee key from
 * the signature by default (with an `n` field, ours verifies against it and
 * bolt11 compares the recovered key with it), so no option is needed to make
 * either check. bolt11's secp256k1 dependency runs a native addon in Node and
 * elliptic (pure JavaScript) in a browser bundle (its package.json `browser`
 * field); both are timed, since our code runs in the browser.
 *
 * Before timing, every answer is checked against what the invoice's issuer knows
 * (payee, amount, payment hash), and a tampered copy of each devnet invoice must be
 * refused or yield another payee from both: a decoder that skipped the signature
 * would hand the tampered invoice the real payee.
 */
import { bech32 } from '@scure/base';
import { randomBytes } from 'node:crypto';
import Module, { createRequire } from 'node:module';
import { decodeBolt11 } from '../../src/layers/lightning/bolt11';
import { DevLightningLedger } from '../../tests/devnet/lightning/ledger';
import { BOLT11_PAYEE, BOLT11_VALID_EXAMPLES } from './bolt11-vectors';
import { msPerCallEach, peerRatios, printPeerTable, type PeerRow } from './table';

type Bolt11Package = typeof import('bolt11');

interface Decoded {
  payee: string;
  amountMsat: bigint | null;
  paymentHash: string;
}
type Decoder = (invoice: string) => Decoded;
interface Case extends Decoded {
  name: string;
  invoice: string;
}

const require = createRequire(import.meta.url);

/** bolt11 as Node loads it (secp256k1's native addon, if it loads), and as a browser bundle would (elliptic). */
function loadPeers(): { native: Bolt11Package; elliptic: Bolt11Package; nodeBackend: string } {
  const payreqPath = require.resolve('bolt11');
  const fromBolt11 = createRequire(payreqPath);
  const secpPath = fromBolt11.resolve('secp256k1');
  const native = require(payreqPath) as Bolt11Package;
  const nodeBackend = fromBolt11('secp256k1') === fromBolt11('secp256k1/elliptic') ? 'elliptic' : 'native addon';
  const saved = { payreq: require.cache[payreqPath], secp: require.cache[secpPath] };
  try {
    const stub = new Module(secpPath);
    stub.exports = fromBolt11('secp256k1/elliptic');
    stub.loaded = true;
    require.cache[secpPath] = stub;
    delete require.cache[payreqPath];
    const elliptic = require(payreqPath) as Bolt11Package;
    return { native, elliptic, nodeBackend };
  } finally {
    require.cache[payreqPath] = saved.payreq;
    require.cache[secpPath] = saved.secp;
  }
}

function ours(invoice: string): Decoded {
  const d = decodeBolt11(invoice);
  return { payee: d.payee, amountMsat: d.amountMsat, paymentHash: d.paymentHash };
}

function theirs(lib: Bolt11Package): Decoder {
  return (invoice) => {
    const d = lib.decode(invoice);
    const hash = d.tags.find((t) => t.tagName === 'payment_hash')?.data;
    if (typeof hash !== 'string') throw new Error('no payment hash');
    return { payee: d.payeeNodeKey!, amountMsat: d.millisatoshis ? BigInt(d.millisatoshis) : null, paymentHash: hash };
  };
}

function devnetCases(): Case[] {
  const cases: Case[] = [];
  for (const currency of ['bcrt', 'tb'] as const) {
    const ledger = new DevLightningLedger(currency);
    const node = ledger.addNode('bench');
    const amounts = [null, 1_000n, 21_000n, 1_234_567n, 100_000_000_000n];
    amounts.forEach((amountMsat, i) => {
      const opts = i % 2 ? { descriptionHash: randomBytes(32).toString('hex') } : { description: `devnet invoice ${i} ${'☕'.repeat(i * 10)}` };
      const inv = ledger.createInvoice(node, amountMsat, opts);
      cases.push({ name: `devnet ${currency} ${amountMsat ?? 'any'} msat`, invoice: inv.invoice, payee: node.pubkey, amountMsat, paymentHash: inv.paymentHash });
    });
  }
  return cases;
}

/** The same invoice with its timestamp changed and the checksum made valid again: only the signature can tell. */
function tampered(invoice: string): string {
  const { prefix, words } = bech32.decode(invoice as `${string}1${string}`, false);
  const changed = [...words];
  changed[6] = changed[6]! ^ 1;
  return bech32.encode(prefix, changed, false);
}

function outcome(decode: Decoder, c: Case): string {
  let d: Decoded;
  try {
    d = decode(c.invoice);
  } catch (e) {
    return `refused: ${(e as Error).message}`;
  }
  const wrong = [
    d.payee !== c.payee && `payee ${d.payee.slice(0, 10)}…`,
    d.amountMsat !== c.amountMsat && `amount ${d.amountMsat}`,
    d.paymentHash !== c.paymentHash && `hash ${d.paymentHash.slice(0, 10)}…`,
  ].filter(Boolean);
  return wrong.length ? `wrong ${wrong.join(', ')}` : 'right';
}

export async function benchBolt11Peers(): Promise<Record<string, number>> {
  const peers = loadPeers();
  const decoders: [string, Decoder][] = [
    ['ours', ours],
    [`bolt11 (${peers.nodeBackend})`, theirs(peers.native)],
    ['bolt11 (elliptic)', theirs(peers.elliptic)],
  ];
  const cases: Case[] = [
    ...BOLT11_VALID_EXAMPLES.map((v) => ({ ...v, name: `BOLT 11: ${v.name}`, payee: BOLT11_PAYEE })),
    ...devnetCases(),
  ];

  // Where any decoder is not right, say so; ours must be right on every invoice both accept.
  const disagreements: Record<string, string>[] = [];
  const timed: string[] = [];
  for (const c of cases) {
    const results = decoders.map(([, d]) => outcome(d, c));
    if (results.every((r) => r === 'right')) timed.push(c.invoice);
    else disagreements.push({ invoice: c.name, ...Object.fromEntries(decoders.map(([n], i) => [n, results[i]!])) });
    if (results[0]!.startsWith('wrong')) throw new Error(`our decoder is wrong on ${c.name}: ${results[0]}`);
  }
  for (const c of cases.filter((x) => x.name.startsWith('devnet'))) {
    const t = { ...c, name: `${c.name}, tampered`, invoice: tampered(c.invoice) };
    for (const [n, d] of decoders) {
      if (outcome(d, t) === 'right') throw new Error(`${n} accepted a tampered invoice as the real payee's: ${t.name}`);
    }
  }
  console.log(`\nbolt11: ${timed.length} of ${cases.length} invoices decoded right by all; tampered devnet invoices refused or given another payee by all. Not right somewhere:`);
  console.table(disagreements);

  const per = msPerCallEach(decoders.map(([, d]) => () => timed.forEach((inv) => d(inv)))).map((ms) => ms / timed.length);
  const rows: PeerRow[] = [
    { measure: `µs per decode + signature check, vs its ${peers.nodeBackend} secp256k1 (Node)`, ours: per[0]! * 1000, theirs: per[1]! * 1000 },
    { measure: 'µs per decode + signature check, vs its elliptic secp256k1 (browser build)', ours: per[0]! * 1000, theirs: per[2]! * 1000 },
  ];
  printPeerTable(`bolt11 decoding (${timed.length} invoices: BOLT 11 examples and devnet)`, 'bolt11', rows);
  return peerRatios('peers: bolt11', 'bolt11', rows);
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchBolt11Peers());
