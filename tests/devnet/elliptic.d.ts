// Follows indutny/elliptic lib/elliptic/ec/index.js and lib/elliptic/curve/short.js (the methods declared here).
// elliptic (bcoin's curve library, through bcrypto and tiny-secp256k1) ships no types; the devnet's signature checks use this narrow surface.
declare module 'elliptic' {
  interface BN {
    toString(base: number): string;
    isOdd(): boolean;
  }
  interface Point {
    add(p: Point): Point;
    neg(): Point;
    mul(k: string): Point;
    isInfinity(): boolean;
    validate(): boolean;
    getX(): BN;
    getY(): BN;
  }
  class EC {
    constructor(curve: 'secp256k1');
    curve: { p: BN; pointFromX(x: string, odd: boolean): Point };
    n: BN;
    nh: BN;
    g: Point;
    keyFromPublic(key: string, enc: 'hex'): object;
    verify(msgHex: string, signature: { r: string; s: string }, key: object): boolean;
  }
  const elliptic: { ec: typeof EC };
  export default elliptic;
}
