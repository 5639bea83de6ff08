/**
 * Runs one devnet in a process of its own (bench/devnet-process.ts starts it), so a
 * bench that refreshes several layers at once measures the wallet, not several devnet
 * servers sharing one Node event loop (in use, each layer's backend is a server of its own).
 * Prints `READY <json>` once listening; stops on SIGTERM.
 */
import { SBTC_DEVNET_DEPLOYER } from '../src/shared/networks';
import { startBitcoinDevnet } from '../tests/devnet/bitcoin';
import { startLightningDevnet } from '../tests/devnet/lightning';
import { startLiquidDevnet } from '../tests/devnet/liquid';
import { startStacksDevnet } from '../tests/devnet/stacks';

const kind = process.argv[2];
const started =
  kind === 'bitcoin'
    ? await startBitcoinDevnet().then((d) => ({ info: { url: d.esploraUrl }, stop: () => d.stop() }))
    : kind === 'liquid'
      ? await startLiquidDevnet().then((d) => ({ info: { url: d.url }, stop: () => d.stop() }))
      : kind === 'stacks'
        ? await startStacksDevnet({ deployer: SBTC_DEVNET_DEPLOYER }).then((d) => ({ info: { url: d.url }, stop: () => d.stop() }))
        : kind === 'lightning'
          ? await startLightningDevnet().then((d) => ({ info: { url: d.relayUrl, nwcUri: d.nwcUri }, stop: () => d.stop() }))
          : null;
if (!started) throw new Error(`unknown devnet "${kind}"`);
process.on('SIGTERM', () => void started.stop().finally(() => process.exit(0)));
console.log(`READY ${JSON.stringify(started.info)}`);
