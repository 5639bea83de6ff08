/**
 * Stacks principals as a user types them: `ST…`/`SN…` standard principals and
 * `ST….contract-name` contract principals, checked with c32check (version byte and
 * checksum). This wallet lives on testnet, so mainnet `SP`/`SM` principals are
 * refused with a message that says so rather than a bare "invalid". c32 reads
 * I and L as 1, O as 0 and lower case as upper (c32check, stacks-core), so a
 * look-alike names the same account: the canonical spelling is what is kept,
 * compared and sent.
 */
import { c32address, c32addressDecode, versions } from 'c32check';
import { WalletError } from '../../shared/errors';
import { localText } from '../../shared/local-text';

export type Principal =
  | { kind: 'standard'; address: string; version: number }
  | { kind: 'contract'; address: string; contractName: string; version: number; id: string };

/** Clarity contract names: a letter, then letters, digits, `-` or `_`, at most 128 characters. */
const CONTRACT_NAME = /^[a-zA-Z][a-zA-Z0-9_-]{0,127}$/;
const TESTNET_VERSIONS = new Set<number>([versions.testnet.p2pkh, versions.testnet.p2sh]);
const MAINNET_VERSIONS = new Set<number>([versions.mainnet.p2pkh, versions.mainnet.p2sh]);

/**
 * Parses a principal. `allowContract: false` where only a key-controlled account
 * makes sense (an STX transfer, the wallet's own account).
 */
export function parsePrincipal(input: string, opts: { allowContract: boolean }): Principal {
  const text = input.trim();
  if (text === '') throw new WalletError('bad_address', localText('err_stx_address_empty'));
  const dot = text.indexOf('.');
  const typed = (dot === -1 ? text : text.slice(0, dot)).toUpperCase();
  const contractName = dot === -1 ? undefined : text.slice(dot + 1);

  if (!/^S[0-9A-Z]+$/.test(typed)) throw new WalletError('bad_address', localText('err_stx_address_not', shorten(text)));
  let version: number;
  let address: string;
  try {
    let hash160: string;
    [version, hash160] = c32addressDecode(typed);
    address = c32address(version, hash160);
  } catch {
    throw new WalletError('bad_address', localText('err_stx_address_checksum', shorten(text)));
  }
  if (MAINNET_VERSIONS.has(version)) {
    throw new WalletError('wrong_network', localText('err_stx_wrong_network', address.slice(0, 2)));
  }
  if (!TESTNET_VERSIONS.has(version)) throw new WalletError('bad_address', localText('err_stx_not_testnet', shorten(text)));

  if (contractName === undefined) return { kind: 'standard', address, version };
  if (!CONTRACT_NAME.test(contractName)) throw new WalletError('bad_address', localText('err_stx_contract_name', shorten(contractName)));
  if (!opts.allowContract) {
    throw new WalletError('bad_address', localText('err_stx_contract_not_account', shorten(text)));
  }
  return { kind: 'contract', address, contractName, version, id: `${address}.${contractName}` };
}

/** The principal as Clarity and Hiro spell it. */
export function principalString(p: Principal): string {
  return p.kind === 'contract' ? p.id : p.address;
}

function shorten(text: string): string {
  return text.length > 48 ? `${text.slice(0, 44)}…` : text;
}
