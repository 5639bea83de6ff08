/**
 * Runs one devnet in a process of its own (bench/devnet-process.ts starts it), so a
 * bench that refreshes several layers at once measures the wallet, not several devnet
 * servers sharing one Node event loop (in use, each layer's backend is a server of its own).
 * Prints `READY <json>` once listening; stops on SIGTERM.
 */
import { startBitcoinDevnet } from '../tests/devnet/bitcoin';
import { startLiquidDevnet } from '../tests/devnet/liquid';

const kind = process.argv[2];
const started =
  kind === 'bitcoin'
    ? await startBitcoinDevnet().then((d) => ({ info: { url: d.esploraUrl }, stop: () => d.stop() }))
    : kind === 'liquid'
      ? await startLiquidDevnet().then((d) => ({ info: { url: d.url }, stop: () => d.stop() }))
      : null;
if (!started) throw new Error(`unknown devnet "${kind}"`);
process.on('SIGTERM', () => void started.stop().finally(() => process.exit(0)));
console.log(`READY ${JSON.stringify(started.info)}`);
