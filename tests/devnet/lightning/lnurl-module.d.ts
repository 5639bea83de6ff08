/** The parts of the `lnurl` package (lnurl-node, plain CommonJS without types) the devnet uses. */
declare module 'lnurl' {
  import type { Server as HttpServer } from 'node:http';

  export interface GeneratedUrl {
    encoded: string;
    secret: string;
    url: string;
  }

  export interface LnurlServer {
    options: { url: string; [k: string]: unknown };
    app: { webServer: HttpServer };
    ln: unknown;
    onReady(): Promise<void>;
    generateNewUrl(tag: string, params: Record<string, unknown>, options?: { uses?: number }): Promise<GeneratedUrl>;
    bindToHook(name: string, fn: (...args: never[]) => void): void;
    on(event: string, fn: (event: Record<string, unknown>) => void): void;
    close(options?: { force?: boolean; store?: boolean }): Promise<void>;
  }

  export class LightningBackend {
    constructor(name: string, options: Record<string, unknown>, classOptions?: { defaultOptions?: Record<string, unknown>; requiredOptions?: string[] });
    options: Record<string, unknown>;
  }

  const lnurl: {
    createServer(options: Record<string, unknown>): LnurlServer;
    encode(url: string): string;
    decode(encoded: string): string;
    verifyAuthorizationSignature(sig: string, k1: string, key: string): boolean;
    createAuthorizationSignature(data: string, privKey: Buffer): Buffer;
    generateRandomLinkingKey(): { privKey: Buffer; pubKey: Buffer };
    LightningBackend: typeof LightningBackend;
  };
  export default lnurl;
}
