/**
 * What a provider object in the page (MAIN world) talks through: requests go to the
 * content script by window.postMessage and come back as a result or a standard error
 * (`DappErrorShape`: the family's code and message). Runs in the page: nothing here
 * may hold or receive anything secret.
 */
import type { DappErrorShape, DappFamily } from '../shared/dapp/protocol';

export interface PageTransport {
  /** Resolves with the method's result; rejects with an Error carrying the family's `code` (and `data`). */
  request(family: DappFamily, method: string, params?: unknown): Promise<unknown>;
  /** Events the wallet sends unasked for this family (EIP-1193 `accountsChanged`, `chainChanged`, `disconnect`). */
  onEvent(family: DappFamily, listener: (event: string, data: unknown) => void): void;
}

/** The rejection a provider's promise carries: an Error with the standard's numeric code, as client libraries read it. */
export class ProviderRpcError extends Error {
  readonly code: number;
  readonly data?: unknown;
  constructor(shape: DappErrorShape) {
    super(shape.message);
    this.code = shape.code;
    if (shape.data !== undefined) this.data = shape.data;
  }
}

/** Installs one family's globals on the page (window.webln, window.btc_providers, an EIP-6963 announcement, …). */
export type ProviderInstaller = (transport: PageTransport, page: Window) => void;
