/**
 * A real EVM node for the Rootstock tests: anvil (Foundry) from npm, whose
 * platform package ships the binary, started with Rootstock's chain id on a free
 * loopback port and killed on stop().
 *
 * How anvil differs from RSKj, and what that means here: anvil runs EIP-1559
 * rules, so each block has a base fee (1 gwei at genesis, falling by up to 12.5%
 * per block that uses less than half its gas) and no `minimumGasPrice` field.
 * A legacy transaction is valid when its gas price is at least the base fee;
 * the wallet treats the base fee as the floor where a block has no RSK minimum.
 * eth_gasPrice answers base fee + 1 gwei. Blocks are mined on every transaction
 * (automine) unless the test turns that off to keep transactions pending.
 *
 * Calls here use plain fetch, never the code under test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

export interface Anvil {
  url: string;
  chainId: number;
  /** Sends `wei` from anvil's first prefunded dev account and waits until it is mined. Returns the hash. */
  fund(address: string, wei: bigint): Promise<string>;
  /** Mines `blocks` blocks (default 1). */
  mine(blocks?: number): Promise<void>;
  /** Waits (up to 5 s) for the receipt of a mined transaction: anvil answers a send before its automined block is in. */
  receipt<T = { status: string }>(hash: string): Promise<T>;
  /** Turns mining on every transaction on or off. */
  setAutomine(on: boolean): Promise<void>;
  /** A raw JSON-RPC call; throws on a JSON-RPC error. */
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  stop(): Promise<void>;
}

export interface AnvilOptions {
  chainId: 33 | 31;
  port?: number;
  /** Mine a block every this many seconds instead of one per transaction (so sends stay pending a while). */
  blockTimeSeconds?: number;
}

/** anvil's first default account (from its well-known test mnemonic), unlocked for eth_sendTransaction. */
export const ANVIL_DEV_ACCOUNT = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';

function anvilBinary(): string {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  const pkg = `@foundry-rs/anvil-${process.platform}-${arch}`;
  try {
    const bin = join(dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`)), 'bin', 'anvil');
    if (existsSync(bin)) return bin;
  } catch {
    // fall through
  }
  throw new Error(`anvil binary not found: is ${pkg} installed (npm install)?`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function jsonRpc<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

/** A fixed port must be free: otherwise a node left over from an earlier run would answer in our stead. */
function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', () => reject(new Error(`127.0.0.1:${port} is already in use (a node left over from an earlier npm start?); stop it and try again.`)));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

async function launch(chainId: number, port: number, blockTimeSeconds?: number): Promise<{ child: ChildProcess; url: string }> {
  await assertPortFree(port);
  const args = ['--chain-id', String(chainId), '--host', '127.0.0.1', '--port', String(port)];
  if (blockTimeSeconds !== undefined) args.push('--block-time', String(blockTimeSeconds));
  const child = spawn(anvilBinary(), args, {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`anvil exited (${child.exitCode}): ${output.trim().slice(-500)}`);
    try {
      const id = await jsonRpc<string>(url, 'eth_chainId');
      if (Number(id) === chainId) return { child, url };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`anvil did not answer on ${url} within 15 s: ${output.trim().slice(-500)}`);
}

export async function startAnvil(opts: AnvilOptions): Promise<Anvil> {
  let started: { child: ChildProcess; url: string } | undefined;
  // Another process may take the free port between the check and anvil's bind: try again.
  for (let attempt = 0; !started; attempt++) {
    try {
      started = await launch(opts.chainId, opts.port ?? (await freePort()), opts.blockTimeSeconds);
    } catch (err) {
      if (opts.port !== undefined || attempt >= 2) throw err;
    }
  }
  const { child, url } = started;
  // If the test process dies without stop(), do not leave a node running on the shared machine.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let automine = opts.blockTimeSeconds === undefined;
  const rpc = <T>(method: string, params: unknown[] = []) => jsonRpc<T>(url, method, params);

  const mine = async (blocks = 1) => {
    await rpc('anvil_mine', [`0x${blocks.toString(16)}`]);
  };
  // With interval mining a receipt can be a whole block time away.
  const receiptWaitMs = 5000 + (opts.blockTimeSeconds ?? 0) * 1000;
  const receipt = async <T>(hash: string): Promise<T> => {
    const deadline = Date.now() + receiptWaitMs;
    for (;;) {
      const r = await rpc<T | null>('eth_getTransactionReceipt', [hash]);
      if (r) return r;
      if (Date.now() > deadline) throw new Error(`no receipt for ${hash} within ${receiptWaitMs / 1000} s`);
      await new Promise((res) => setTimeout(res, 20));
    }
  };

  return {
    url,
    chainId: opts.chainId,
    rpc,
    mine,
    receipt,
    async setAutomine(on) {
      await rpc('evm_setAutomine', [on]);
      automine = on;
    },
    async fund(address, wei) {
      const hash = await rpc<string>('eth_sendTransaction', [
        { from: ANVIL_DEV_ACCOUNT, to: address.toLowerCase(), value: `0x${wei.toString(16)}` },
      ]);
      if (!automine) await mine();
      const mined = await receipt<{ status: string }>(hash);
      if (Number(mined.status) !== 1) throw new Error(`funding ${address} failed`);
      return hash;
    },
    async stop() {
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited(child);
      clearTimeout(timer);
    },
  };
}
