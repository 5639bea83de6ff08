/** Compiles the Bridge stand-in with solc-js (from npm) once per process. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface Compiled {
  abi: unknown[];
  /** Runtime bytecode, hex with 0x: placed at the Bridge address with anvil_setCode. */
  runtime: string;
}

let cached: Compiled | null = null;

export function compileBridge(): Compiled {
  if (cached) return cached;
  const solc = require('solc') as { compile(input: string): string };
  const source = readFileSync(join(import.meta.dirname, 'BridgeStandIn.sol'), 'utf8');
  const out = JSON.parse(
    solc.compile(
      JSON.stringify({
        language: 'Solidity',
        sources: { 'BridgeStandIn.sol': { content: source } },
        settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: 'paris', outputSelection: { '*': { '*': ['abi', 'evm.deployedBytecode.object'] } } },
      }),
    ),
  ) as { errors?: { severity: string; formattedMessage: string }[]; contracts: Record<string, Record<string, { abi: unknown[]; evm: { deployedBytecode: { object: string } } }>> };
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  const c = out.contracts['BridgeStandIn.sol']!.BridgeStandIn!;
  cached = { abi: c.abi, runtime: `0x${c.evm.deployedBytecode.object}` };
  return cached;
}
