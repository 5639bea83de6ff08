// bcrypto (bcoin's own crypto library) ships no types; the Boltz stand-in checks public keys with it.
// Types only: this file follows bcrypto's lib/secp256k1 exports; it stands in for no service.
declare module 'bcrypto/lib/secp256k1.js' {
  const secp256k1: { publicKeyVerify(key: Buffer): boolean; publicKeyConvert(key: Buffer, compress: boolean): Buffer };
  export default secp256k1;
}
