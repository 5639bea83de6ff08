/**
 * The PowPeg federation check against rskj's own vectors: a real testnet
 * P2SH-P2WSH federation (rskj P2shP2wshErpFederationTest, from testnet tx
 * 3ba64656…1f2d) and a real testnet P2SH ERP federation built from its
 * members' keys and rskj's testnet emergency constants (P2shErpFederationTest).
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { Script } from '@scure/btc-signer';
import { describe, expect, it } from 'vitest';
import type { FederationReport } from '../../../../src/hops/powpeg/bridge';
import { checkFederation, federationAddresses, parseFederationScript } from '../../../../src/hops/powpeg/federation';
import { bitcoinNetwork } from '../../../../src/layers/bitcoin/keys';
import { findPreset } from '../../../../src/shared/networks';
import type { WalletError } from '../../../../src/shared/errors';
import { renderText, type LocalText } from '../../../../src/shared/local-text';
import { translator } from '../../../helpers/locale';

const TESTNET = bitcoinNetwork({ bech32: 'tb' });
const testnetErp = findPreset('rootstock', 'testnet')!.params.powpeg!.erp!;

// rskj P2shP2wshErpFederationTest.fedData_forRealP2shP2wshFed_testnet_shouldReturnExpectedData
const P2SH_P2WSH_SCRIPT =
  '645b210211310637a4062844098b46278059298cc948e1ff314ca9ec75c82e0d0b8ad22c210238de69e208565fd82e4b76c4eff5d817a51679b8a90c41709e49660ba23501c521024b120731b26ec7165cddd214fc8e3f0c844a03dc0e533fb0cf9f89ad2f68a881210274564db76110474ac0d7e09080c182855b22a864cc201ed55217b23301f52f222102867f0e693a2553bf2bc13a5efa0b516b28e66317fbe8e484dd3f375bcb48ec592102881af2910c909f224557353dd28e3729363cf5c24232f26d25c92dac72a3dcdb21029c75b3257e0842c4be48e57e39bf2735c74a76c4b1c0b08d1cc66bf5b8748cc12102a46cbe93287cb51a398a157de2b428f21a94f46affdd916ce921bd10db6520332102d335ef4eeb74330c3a53f529f9741fa096412c7982ed681fcf69763894f34f892102d3f5fd6e107cf68b1be8dce0e16a0a8afb8dcef9a76c851d7eaf6d51c46a35752103163b86a62b4eeeb52f67cb16ce13a8622a066f2a063280749b956a97705dfc3d21033267e382e076cbaa199d49ea7362535f95b135de181caf66b391f541bf39ab0e210343e106d90183e2eef7d5cb7538a634439bf1301d731787c6736922ff19e750ed21034461d4263b907cfc5ebb468f19d6a133b567f3cc4855e8725faaf60c6e388bca21036e92e6555d2e70af4f5a4f888145356e60bb1a5bc00786a8e9f50152090b2f692103ab54da6b69407dcaaa85f6904687052c93f1f9dd0633f1321b3e624fcd30144b2103bd5b51b1c5d799da190285c8078a2712b8e5dc6f73c799751e6256bb89a4bd042103be060191c9632184f2a0ab2638eeed04399372f37fc7a3cff5291cfd6426cf352103e6def9ef0597336eb58d24f955b6b63756cf7b3885322f9d0cf5a2a12f7e459b2103ef03253b7b4f33d68c39141eb016df15fafbb1d0fa4a2e7f208c94ea154ab8c30114ae67011eb2755b21021a560245f78312588f600315d75d493420bed65873b63d0d4bb8ca1b9163a35b2102218e9dc07ac4190a1d7df94fc75953b36671129f12668a94f1f504fe47399ead210272ed6e14e70f6b4757d412729730837bc63b6313276be8308a5a96afd63af9942102872f69892a74d60f6185c2908414dcddb24951c035a1a8466c6c56f55043e7602102886d7d8e865f75dfda3ddf94619af87ad8aa71e8ef393e1e57593576b7d7af1621028e59462fb53ba31186a353b7ea77ebefda9097392e45b7ca7a216168230d05af21028f5a88b08d75765b36951254e68060759de5be7e559972c37c67fc8cedafeb262102c9ced4bbc468af9ace1645df2fd50182d5822cb4c68aae0e50ae1d45da260d2a2102deba35a96add157b6de58f48bb6e23bcb0a17037bed1beb8ba98de6b0a0d71d62102f2e00fefa5868e2c56405e188ec1d97557a7c77fb6a448352cc091c2ae9d50492102fb8c06c723d4e59792e36e6226087fcfac65c1d8a0d5c5726a64102a551528442103077c62a45ea1a679e54c9f7ad800d8e40eaf6012657c8dccd3b61d5e070d9a432103616959a72dd302043e9db2dbd7827944ecb2d555a8f72a48bb8f916ec5aac6ec210362f9c79cd0586704d6a9ea863573f3b123d90a31faaa5a1d9a69bf9631c78ae321036899d94ad9d3f24152dd4fa79b9cb8dddbd26d18297be4facb295f57c9de60bd210376e4cb35baa8c46b0dcffaf303785c5f7aadf457df30ac956234cc8114e2f47d2103a587256beec4e167aebc478e1d6502bb277a596ae9574ccb646da11fffbf36502103bb9da162c3f581ced93167f86d7e0e5962762a1188f5bd1f8b5d08fed46ef73d2103c34fcd05cef2733ea7337c37f50ae26245646aba124948c6ff8dcdf8212849982103f8ac768e683a07ac4063f72a6d856aedeae109f844abcfa34ac9519d715177460114ae68';

// rskj P2shErpFederationTest.createdFederationInfo_withRealValues_equalsExistingFederationInfo_testnet
const P2SH_ERP_MEMBERS = [
  '02099fd69cf6a350679a05593c3ff814bfaa281eb6dde505c953cf2875979b1209',
  '022a159227df514c7b7808ee182ae07d71770b67eda1e5ee668272761eefb2c24c',
  '0233bc8c1a994a921d7818f93e57a559373133ba531928843bf84c59c15e47eab0',
  '02937df9948c6f18359e473beeee0a19c27dd4f6d4114e5809aa862671bb765b5b',
  '02afc230c2d355b1a577682b07bc2646041b5d0177af0f98395a46018da699b6da',
  '03db2ebad883823cefe8b2336c03b8d9c6afee4cbac77c7e935bc8c51ec20b2663',
  '03fb8e1d5d0392d35ca8c3656acb6193dbf392b3e89b9b7b86693f5c80f7ce8581',
];
const P2SH_ERP_ADDRESS = '2MsHnjFiAt5srgHJtwnwZTtZQPrKN8yiDqh';

/** bitcoinj's encoding, built with another library than the wallet's: keys sorted, m = n / 2 + 1, CSV as a signed little-endian push. */
function erpScript(keys: string[], emergency: string[], csv: number): Uint8Array {
  const ms = (k: string[]) => [Math.floor(k.length / 2) + 1, ...[...k].sort().map(hexToBytes), k.length, 'CHECKMULTISIG'] as const;
  return Script.encode(['NOTIF', ...ms(keys), 'ELSE', csv, 'CHECKSEQUENCEVERIFY', 'DROP', ...ms(emergency), 'ENDIF']);
}

function report(over: Partial<FederationReport> = {}): FederationReport {
  return {
    address: P2SH_ERP_ADDRESS,
    size: P2SH_ERP_MEMBERS.length,
    threshold: 4,
    keys: [...P2SH_ERP_MEMBERS].reverse().map(hexToBytes),
    redeemScript: erpScript(P2SH_ERP_MEMBERS, testnetErp.keys, testnetErp.csvDelay),
    ...over,
  };
}

describe('PowPeg federation redeem scripts (rskj vectors)', () => {
  it('reads a real testnet P2SH-P2WSH federation and derives its address', () => {
    const script = hexToBytes(P2SH_P2WSH_SCRIPT);
    const parsed = parseFederationScript(script);
    expect(parsed.threshold).toBe(11);
    expect(parsed.keys).toHaveLength(20);
    expect(parsed.emergency).toMatchObject({ threshold: 11, csv: 30 });
    expect(parsed.emergency!.keys).toHaveLength(20);
    expect(federationAddresses(script, TESTNET)).toContain('2NFQe1xgfZutFkG25oVEiqUzH5rTaj7VpoU');
  });

  it('accepts the real testnet P2SH ERP federation with rskj’s testnet emergency keys and delay (the preset’s)', () => {
    expect(federationAddresses(report().redeemScript, TESTNET)).toContain(P2SH_ERP_ADDRESS);
    expect(() => checkFederation(report(), testnetErp, TESTNET)).not.toThrow();
  });
});

describe('PowPeg federation check refuses a lying node', () => {
  it('an address that is not the redeem script’s', () => {
    expect(() => checkFederation(report({ address: '2N7ZgQyhFKm17RbaLqygYbS7KLrQfapyZzu' }), testnetErp, TESTNET)).toThrow(/does not match .*redeem script.*Nothing was sent/);
  });

  it('a redeem script whose federators are not the members the Bridge lists', () => {
    const other = [...P2SH_ERP_MEMBERS.slice(1), '0344a3c38cd59afcba3edcebe143e025574594b001700dec41e59409bdbd0f2a09'];
    const redeemScript = erpScript(other, testnetErp.keys, testnetErp.csvDelay);
    const address = federationAddresses(redeemScript, TESTNET)[0]!;
    expect(() => checkFederation(report({ redeemScript, address }), testnetErp, TESTNET)).toThrow(/federators.*Nothing was sent/);
  });

  it('says so in the user’s language, the address it names quoted', () => {
    const bad = '2N7ZgQyhFKm17RbaLqygYbS7KLrQfapyZzu';
    let text: LocalText | undefined;
    try {
      checkFederation(report({ address: bad }), testnetErp, TESTNET);
    } catch (err) {
      text = (err as WalletError).text;
    }
    expect(text && renderText(text, translator('zh_CN'))).toBe(`Rootstock 节点给出的 PowPeg 联盟前后矛盾：它给出的联盟地址 ${bad} 与联盟的赎回脚本不符。没有发送任何资金。`);
  });

  it('a threshold other than a majority of the members', () => {
    expect(() => checkFederation(report({ threshold: 1 }), testnetErp, TESTNET)).toThrow(/threshold.*Nothing was sent/);
    expect(() => checkFederation(report({ size: 6 }), testnetErp, TESTNET)).toThrow(/Nothing was sent/);
  });

  it('an emergency branch with other keys or a shorter delay', () => {
    for (const [keys, csv] of [
      [['0344a3c38cd59afcba3edcebe143e025574594b001700dec41e59409bdbd0f2a09'], testnetErp.csvDelay],
      [testnetErp.keys, 1],
    ] as const) {
      const redeemScript = erpScript(P2SH_ERP_MEMBERS, [...keys], csv);
      const address = federationAddresses(redeemScript, TESTNET)[0]!;
      expect(() => checkFederation(report({ redeemScript, address }), testnetErp, TESTNET)).toThrow(/emergency.*Nothing was sent/);
    }
  });

  it('a script that is not a federation', () => {
    const redeemScript = Script.encode([hexToBytes(P2SH_ERP_MEMBERS[0]!), 'CHECKSIG']);
    const address = federationAddresses(redeemScript, TESTNET)[0]!;
    expect(() => checkFederation(report({ redeemScript, address }), testnetErp, TESTNET)).toThrow(/Nothing was sent/);
  });
});
