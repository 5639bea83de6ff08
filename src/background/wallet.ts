/**
 * The wallet's lifecycle: onboarding, unlock, lock, auto-lock, password change and
 * phrase reveal. The unlocked seed lives in this object's memory and in
 * `storage.session`, so a restarted service worker picks it up until auto-lock.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../shared/errors';
import { localText } from '../shared/local-text';
import { checkPassword, MIN_PASSWORD_LENGTH } from '../shared/password';
import { PRESETS } from '../shared/networks';
import { cachedViewKeys, WALLET_ID_STORAGE_KEY } from '../shared/portfolio-cache';
import { NwcConnections } from '../layers/lightning/nwc-connections';
import { SCAN_MEMO_KEYS } from '../layers/scan-memo';
import { FIRST_SEEN_STORAGE_KEY } from './first-seen';
import type { WalletStatus } from '../shared/rpc';
import { Keyring } from './keyring';
import { mnemonicToSeed, newMnemonic, validateMnemonicInput } from './mnemonic';
import type { BackgroundPorts } from './ports';
import type { SettingsStore } from './settings-store';
import { decryptVault, encryptVault } from './vault';

export const AUTO_LOCK_ALARM = 'auto-lock';
/** Drops a new phrase the user never finished backing up. */
export const ONBOARDING_ALARM = 'onboarding-expiry';
const VAULT_KEY = 'vault';
const SESSION_KEY = 'unlocked';
const PENDING_KEY = 'pendingBackup';
/**
 * What storage.session holds of the seed, of an unconfirmed phrase and of each Lightning network's NWC link (its
 * client secret spends; the link outlives a lock): read once when needed, never kept in a copy (cached-area.ts).
 */
export const SESSION_SECRET_KEYS: readonly string[] = [SESSION_KEY, PENDING_KEY, ...PRESETS.lightning.map((p) => NwcConnections.storageKey(p.id))];
const CONFIRM_COUNT = 3;
/**
 * How long a generated phrase waits in storage.session for its backup to be
 * confirmed. It is also dropped on import, on lock and by a new generate, and
 * storage.session itself ends with the browser session.
 */
const PENDING_TTL_MS = 30 * 60_000;
/** How long lock() waits for holders' asynchronous wipes before answering (they go on afterwards). */
const LOCK_WIPE_WAIT_MS = 1000;
/** How much earlier than its own a deadline being written may be for a request to share that write (user activity at once). */
const TOUCH_SHARE_MS = 1000;

interface UnlockedSession {
  seed: string;
  lockAt: number;
}
interface PendingBackup {
  mnemonic: string;
  positions: number[];
  confirmed: boolean;
  expiresAt: number;
}

/**
 * The public id cached views are tagged with: a hash of the root public key (one way,
 * no chain code, so it gives away no key and no address).
 */
function walletIdOf(keyring: Keyring): string {
  return bytesToHex(sha256(concatBytes(utf8ToBytes('layerhop/wallet-id'), keyring.root.publicKey!))).slice(0, 32);
}

/** Starts one holder's wipe now; a failing one must not keep the wallet unlocked. */
function runWipe(wipe: () => void | Promise<void>): Promise<void> {
  const failed = () => console.error('layerhop: a wipe on lock failed');
  try {
    return Promise.resolve(wipe()).catch(failed);
  } catch {
    failed();
    return Promise.resolve();
  }
}

/** Resolves when every promise has settled, or after `ms`, whichever comes first. */
function settledWithin(promises: Promise<unknown>[], ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((r) => (timer = setTimeout(r, ms)));
  return Promise.race([Promise.allSettled(promises).then(() => undefined), late]).finally(() => clearTimeout(timer));
}

function requireStrongPassword(pw: string): void {
  const { problem } = checkPassword(pw);
  if (problem === 'too_short') throw new WalletError('weak_password', localText('err_password_too_short', String(MIN_PASSWORD_LENGTH)));
  if (problem === 'too_simple') throw new WalletError('weak_password', localText('err_password_too_simple'));
  if (problem === 'too_common') throw new WalletError('weak_password', localText('err_password_too_common'));
}

/** `count` distinct 1-based positions in a phrase of `words` words, ascending. */
function randomPositions(words: number, count: number): number[] {
  const picked = new Set<number>();
  const buf = new Uint32Array(1);
  while (picked.size < count) {
    crypto.getRandomValues(buf);
    picked.add((buf[0]! % words) + 1);
  }
  return [...picked].sort((a, b) => a - b);
}

export class WalletService {
  /** Present exactly while unlocked. */
  private unlocked: { keyring: Keyring; session: UnlockedSession; id: string } | null = null;
  /** The deadline write under way for user activity, for the wallet session it belongs to. */
  private touching: { wallet: object; lockAt: number; done: Promise<void> } | null = null;
  private readonly lockListeners: (() => void | Promise<void>)[] = [];

  constructor(
    private readonly ports: BackgroundPorts,
    private readonly settings: SettingsStore,
  ) {}

  /** Called on every lock, so holders of keys derived from the keyring wipe them. */
  onLock(listener: () => void | Promise<void>): void {
    this.lockListeners.push(listener);
  }

  /** On worker start: pick up an unlocked session unless its idle time has run out. */
  async restore(): Promise<void> {
    await this.dropExpiredPending();
    const s = (await this.ports.session.get([SESSION_KEY]))[SESSION_KEY] as UnlockedSession | undefined;
    // Locked: what a lock cut short by the worker's end left of the kept scans goes now.
    if (!s) return this.ports.session.remove([...SCAN_MEMO_KEYS]);
    if (s.lockAt <= this.ports.now()) {
      await this.lock();
      return;
    }
    const seed = hexToBytes(s.seed);
    const keyring = new Keyring(seed);
    this.unlocked = { keyring, session: s, id: walletIdOf(keyring) };
    seed.fill(0);
    await this.ports.alarms.schedule(AUTO_LOCK_ALARM, s.lockAt);
  }

  async status(): Promise<WalletStatus> {
    await this.enforceDeadline();
    await this.dropExpiredPending();
    const { autoLockMinutes } = await this.settings.get();
    const hasVault = VAULT_KEY in (await this.ports.local.get([VAULT_KEY]));
    const state = !hasVault ? 'empty' : this.unlocked ? 'unlocked' : 'locked';
    return { state, autoLockMinutes, lockAt: this.unlocked?.session.lockAt ?? null };
  }

  /**
   * The keyring, or a `locked` error. Not user activity: background work (hop
   * advances, alarms) calls this too, and must not keep the wallet unlocked.
   */
  async unlockedKeyring(): Promise<Keyring> {
    return (await this.unlockedWallet()).keyring;
  }

  /** The keyring with its public id (what cached views are tagged with), or a `locked` error; not user activity either. */
  async unlockedWallet(): Promise<{ keyring: Keyring; id: string }> {
    await this.enforceDeadline();
    if (!this.unlocked) throw new WalletError('locked', localText('err_locked'));
    return { keyring: this.unlocked.keyring, id: this.unlocked.id };
  }

  /** The unlocked wallet's public id, or null while locked: checked before a cached view is written. */
  currentWalletId(): string | null {
    return this.unlocked?.id ?? null;
  }

  // --- onboarding -----------------------------------------------------------

  async generate(wordCount: 12 | 24): Promise<{ words: string[]; confirmPositions: number[] }> {
    await this.requireNoVault();
    const mnemonic = newMnemonic(wordCount);
    const positions = randomPositions(wordCount, CONFIRM_COUNT);
    const pending: PendingBackup = { mnemonic, positions, confirmed: false, expiresAt: this.ports.now() + PENDING_TTL_MS };
    await this.ports.session.set({ [PENDING_KEY]: pending });
    await this.ports.alarms.schedule(ONBOARDING_ALARM, pending.expiresAt);
    return { words: mnemonic.split(' '), confirmPositions: positions };
  }

  async confirm(answers: Record<string, string>): Promise<{ confirmed: true }> {
    const pending = await this.pending();
    const words = pending.mnemonic.split(' ');
    const given = Object.keys(answers).map(Number).sort((a, b) => a - b);
    const allAnswered = given.length === pending.positions.length && given.every((p, i) => p === pending.positions[i]);
    const allRight = allAnswered && pending.positions.every((p) => answers[String(p)]?.trim().toLowerCase() === words[p - 1]);
    if (!allRight) {
      throw new WalletError('backup_mismatch', localText('err_backup_mismatch'));
    }
    await this.ports.session.set({ [PENDING_KEY]: { ...pending, confirmed: true } });
    return { confirmed: true };
  }

  async create(password: string): Promise<WalletStatus> {
    const pending = await this.pending();
    if (!pending.confirmed) throw new WalletError('backup_not_started', localText('err_backup_confirm_first'));
    requireStrongPassword(password);
    await this.storeAndUnlock(pending.mnemonic, password);
    await this.dropPending();
    return this.status();
  }

  async importPhrase(input: string, password: string): Promise<WalletStatus> {
    await this.requireNoVault();
    const mnemonic = validateMnemonicInput(input);
    requireStrongPassword(password);
    await this.storeAndUnlock(mnemonic, password);
    // A phrase generated earlier in this onboarding is not the one in use.
    await this.dropPending();
    return this.status();
  }

  // --- lock / unlock ----------------------------------------------------------

  async unlock(password: string): Promise<WalletStatus> {
    const mnemonic = await decryptVault(await this.storedVault(), password);
    await this.startSession(mnemonic);
    return this.status();
  }

  /**
   * The seed leaves memory and storage.session before anything else runs: a worker
   * stopped at any later point restarts locked. Then every holder wipes; their
   * synchronous part (zeroing keys) runs at once, and the answer waits for the
   * rest only briefly, so a slow one (an NWC link stuck in a relay connect)
   * delays neither the lock nor its answer.
   */
  async lock(): Promise<WalletStatus> {
    const was = this.unlocked;
    this.unlocked = null;
    was?.keyring.wipe();
    // The kept scans (public, but the wallet's history) go with the seed, before anything else can fail.
    await this.ports.session.remove([SESSION_KEY, ...SCAN_MEMO_KEYS]);
    await this.ports.alarms.clear(AUTO_LOCK_ALARM);
    const wipes = this.lockListeners.map(runWipe);
    await this.dropPending();
    await settledWithin(wipes, LOCK_WIPE_WAIT_MS);
    return this.status();
  }

  async onAlarm(name: string): Promise<void> {
    if (name === ONBOARDING_ALARM) return this.dropExpiredPending();
    if (name !== AUTO_LOCK_ALARM) return;
    // An alarm may arrive late or after activity moved the deadline; trust the deadline.
    const lockAt = this.unlocked?.session.lockAt;
    if (lockAt === undefined || lockAt <= this.ports.now() + 1000) await this.lock();
    else await this.ports.alarms.schedule(AUTO_LOCK_ALARM, lockAt);
  }

  /**
   * Push the idle deadline forward: only for what the user does (a request from
   * the popup, a settings change). Past the deadline it locks instead.
   */
  async touch(): Promise<void> {
    await this.enforceDeadline();
    if (!this.unlocked) return;
    const { autoLockMinutes } = await this.settings.get();
    const wallet = this.unlocked;
    if (!wallet) return;
    const lockAt = this.ports.now() + autoLockMinutes * 60_000;
    // Requests at once (Home refreshing every layer) share the write under way when its deadline is theirs to within TOUCH_SHARE_MS, never a later one.
    const under = this.touching;
    if (under && under.wallet === wallet && under.lockAt <= lockAt && lockAt - under.lockAt <= TOUCH_SHARE_MS) return under.done;
    const done = this.saveSession({ ...wallet.session, lockAt });
    const entry = { wallet, lockAt, done };
    this.touching = entry;
    const clear = () => {
      if (this.touching === entry) this.touching = null;
    };
    done.then(clear, clear);
    return done;
  }

  // --- password-guarded actions ----------------------------------------------

  async changePassword(current: string, next: string): Promise<{ changed: true }> {
    await this.unlockedKeyring();
    const mnemonic = await decryptVault(await this.storedVault(), current);
    requireStrongPassword(next);
    await this.ports.local.set({ [VAULT_KEY]: await encryptVault(mnemonic, next) });
    return { changed: true };
  }

  async reveal(password: string): Promise<{ words: string[] }> {
    await this.unlockedKeyring();
    const mnemonic = await decryptVault(await this.storedVault(), password);
    return { words: mnemonic.split(' ') };
  }

  // --- internals ----------------------------------------------------------------

  private async storeAndUnlock(mnemonic: string, password: string): Promise<void> {
    await this.requireNoVault();
    // Views an earlier wallet cached, and when it saw its transactions, go before the new vault exists
    // (a worker stopped in between leaves them tagged with the old id, which the popup does not paint).
    await this.ports.local.remove([...cachedViewKeys(), FIRST_SEEN_STORAGE_KEY]);
    await this.ports.local.set({ [VAULT_KEY]: await encryptVault(mnemonic, password) });
    await this.startSession(mnemonic);
  }

  private async startSession(mnemonic: string): Promise<void> {
    const seed = await mnemonicToSeed(mnemonic);
    const { autoLockMinutes } = await this.settings.get();
    const seedHex = bytesToHex(seed);
    const keyring = new Keyring(seed);
    const id = walletIdOf(keyring);
    // The deadline is set at once: a request arriving before the session is saved must not find it past due and lock.
    const session = { seed: seedHex, lockAt: this.ports.now() + autoLockMinutes * 60_000 };
    this.unlocked = { keyring, session, id };
    seed.fill(0);
    // The popup paints only views tagged with this id: the wallet in this vault.
    await this.ports.local.set({ [WALLET_ID_STORAGE_KEY]: id });
    await this.saveSession(session);
  }

  private async saveSession(session: UnlockedSession): Promise<void> {
    if (!this.unlocked) return;
    this.unlocked.session = session;
    await this.ports.session.set({ [SESSION_KEY]: session });
    await this.ports.alarms.schedule(AUTO_LOCK_ALARM, session.lockAt);
  }

  private async enforceDeadline(): Promise<void> {
    if (this.unlocked && this.unlocked.session.lockAt <= this.ports.now()) await this.lock();
  }

  private async storedVault(): Promise<unknown> {
    const vault = (await this.ports.local.get([VAULT_KEY]))[VAULT_KEY];
    if (vault === undefined) throw new WalletError('no_wallet', localText('err_no_wallet'));
    return vault;
  }

  private async requireNoVault(): Promise<void> {
    if (VAULT_KEY in (await this.ports.local.get([VAULT_KEY]))) {
      throw new WalletError('wallet_exists', localText('err_wallet_exists'));
    }
  }

  private async pending(): Promise<PendingBackup> {
    await this.dropExpiredPending();
    const p = (await this.ports.session.get([PENDING_KEY]))[PENDING_KEY] as PendingBackup | undefined;
    if (!p) throw new WalletError('backup_not_started', localText('err_backup_start'));
    return p;
  }

  private async dropPending(): Promise<void> {
    await this.ports.session.remove([PENDING_KEY]);
    await this.ports.alarms.clear(ONBOARDING_ALARM);
  }

  /** A phrase past its time is dropped, whether the alarm came or not (a stopped worker, a late alarm). */
  private async dropExpiredPending(): Promise<void> {
    const p = (await this.ports.session.get([PENDING_KEY]))[PENDING_KEY] as Partial<PendingBackup> | undefined;
    if (!p) return;
    // A phrase stored without an expiry (an older version) counts as expired.
    if (typeof p.expiresAt !== 'number' || p.expiresAt <= this.ports.now()) await this.dropPending();
  }
}
