/**
 * The move journal's refusals read in Chinese: its own (an entry it cannot carry, a relay
 * URL it will not use) and a relay's failure, which names the relay and quotes its words.
 */
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '../../../helpers/bip39-seed';
import { describe, expect, it } from 'vitest';
import { moveJournalFor, NostrMoveJournal } from '../../../../src/hops/journal/nostr-journal';
import type { WebSocketLike } from '../../../../src/layers/lightning/nostr/relay';
import { WalletError } from '../../../../src/shared/errors';
import { renderText } from '../../../../src/shared/local-text';
import { resolvePreset } from '../../../../src/shared/networks';
import { translator } from '../../../helpers/locale';

const root = HDKey.fromMasterSeed(mnemonicToSeedSync('abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'));
const zh = (err: unknown) => {
  expect(err).toBeInstanceOf(WalletError);
  return renderText((err as WalletError).text!, translator('zh_CN'));
};

/** A relay that accepts the connection and answers every event with OK false and this reason. */
const refusing = (reason: string) => (): WebSocketLike => {
  const socket: WebSocketLike = {
    readyState: 0,
    send(data: string) {
      const [type, event] = JSON.parse(data) as [string, { id: string }];
      if (type === 'EVENT') queueMicrotask(() => socket.onmessage?.({ data: JSON.stringify(['OK', event.id, false, reason]) }));
    },
    close() {},
    onopen: null,
    onmessage: null,
    onerror: null,
    onclose: null,
  };
  queueMicrotask(() => {
    (socket as { readyState: number }).readyState = 1;
    socket.onopen?.({});
  });
  return socket;
};

describe('the move journal in Chinese', () => {
  it('a relay URL it will not use', () => {
    const preset = resolvePreset('lightning', 'testnet', { 'lightning.testnet.journalRelay': 'ws://relay.example.org' });
    let err: unknown;
    try {
      moveJournalFor(root, preset);
    } catch (e) {
      err = e;
    }
    expect(zh(err)).toBe('没有使用转移日志中继“ws://relay.example.org”：中继地址必须使用 wss://；只有在本机（本地回环地址，如 127.0.0.1）上才能使用普通 ws://，因为那里没有其他人能监视或篡改它。');
  });

  it("a relay's refusal of a copy, its words quoted, and an entry it cannot carry", async () => {
    const journal = new NostrMoveJournal(root, 'ws://127.0.0.1:7777', 'devnet', { webSocket: refusing('blocked: not on the list'), timeoutMs: 2000 });
    const refused = await journal.put({ id: 'chain-1', body: {}, updatedAt: 1 }).catch((e: unknown) => e);
    expect(zh(refused)).toBe('转移日志副本没有保存到 ws://127.0.0.1:7777（中继拒绝了该请求，原话：“blocked: not on the list”）。转移将在没有副本的情况下继续；资金不受影响。');
    const big = await journal.put({ id: 'chain-2', body: 'x'.repeat(40_000), updatedAt: 1 }).catch((e: unknown) => e);
    expect(zh(big)).toBe('转移日志副本没有保存：该条目超过了中继接受的大小（32 KiB）。');
  });
});
