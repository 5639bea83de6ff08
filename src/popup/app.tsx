import { useLayoutEffect, useState } from 'preact/hooks';
import type { LayerOverview } from '../shared/layer-views';
import type { LayerId } from '../shared/layers';
import type { WalletState, WalletStatus } from '../shared/rpc';
import { ErrorText } from './components/ErrorText';
import { t } from './i18n';
import { call, errorText, poll } from './rpc-client';
import { ChangePassword } from './screens/ChangePassword';
import { ConfirmPhrase } from './screens/ConfirmPhrase';
import { CreatePhrase, type NewPhrase } from './screens/CreatePhrase';
import { DevnetOffer } from './screens/DevnetOffer';
import { Home } from './screens/Home';
import { ImportPhrase } from './screens/ImportPhrase';
import { RevealPhrase } from './screens/RevealPhrase';
import { SetPassword } from './screens/SetPassword';
import { Settings } from './screens/Settings';
import { Unlock } from './screens/Unlock';
import { Welcome } from './screens/Welcome';
import { MoveScreen } from './screens/move/MoveScreen';
import { ActivityScreen } from './screens/activity/ActivityScreen';
import { LAYER_UIS } from './layers';
import { ApproveWindow } from './approve/ApproveWindow';

type OnboardingStep = 'welcome' | 'create' | 'confirm' | 'password' | 'import';
type UnlockedView =
  | { name: 'home' | 'settings' | 'reveal' | 'changePassword' | 'move' | 'activity' }
  | { name: 'layer'; layer: LayerId; cached?: LayerOverview; panel?: 'receive' };

/** The open layer's own screen, from the popup's layer registry (on its Receive when Home's Receive opened it). */
function LayerView({ layer, cached, panel }: { layer: LayerId; cached?: LayerOverview; panel?: 'receive' }) {
  const { Screen } = LAYER_UIS[layer];
  return <Screen key={layer} cached={cached} panel={panel} />;
}

const isApprovalWindow = () => new URLSearchParams(location.search).get('view') === 'approve';

/** How often the popup re-reads the lock state, so an auto-lock shows without a click. */
const STATUS_POLL_MS = 3000;

/** `firstStatus`: the lock state asked for as the script started (main.tsx). */
export function App({ firstStatus }: { firstStatus?: Promise<WalletStatus> }) {
  const [state, setState] = useState<WalletState | null>(null);
  const [error, setError] = useState('');
  const [step, setStep] = useState<OnboardingStep>('welcome');
  const [phrase, setPhrase] = useState<NewPhrase | null>(null);
  const [view, setView] = useState<UnlockedView>({ name: 'home' });
  // Set when this popup just created or imported the wallet: its end offers the local devnet if it runs.
  const [onboarded, setOnboarded] = useState(false);
  // Home reads its accounts and balances once; a new key remounts it after the devnet offer switched networks.
  const [homeKey, setHomeKey] = useState(0);
  const onboardingDone = () => {
    setOnboarded(true);
    return refresh();
  };

  const show = async (asked: Promise<WalletStatus>) => {
    try {
      const status = await asked;
      setState(status.state);
      setError('');
    } catch (err) {
      setError(errorText(err));
    }
  };

  const refresh = () => show(poll('wallet.status', {}));

  // A layout effect runs right after the first render, not a frame later: the first paint waits on this answer.
  useLayoutEffect(() => {
    void show(firstStatus ?? poll('wallet.status', {}));
    const timer = setInterval(refresh, STATUS_POLL_MS);
    return () => clearInterval(timer);
  }, []);

  const lockNow = async () => {
    await call('vault.lock', {}).catch(() => undefined);
    setView({ name: 'home' });
    await refresh();
  };

  if (state === null) return error ? <ErrorText text={error} /> : <p class="muted">{t('loading')}</p>;

  // The window the background opens for a web page's request (src/background/dapp/approvals.ts).
  if (isApprovalWindow()) return <ApproveWindow state={state} onUnlocked={refresh} />;

  if (state === 'empty') {
    switch (step) {
      case 'welcome':
        return <Welcome onCreate={() => setStep('create')} onImport={() => setStep('import')} />;
      case 'create':
        return (
          <CreatePhrase
            initial={phrase}
            onBack={() => setStep('welcome')}
            onWritten={(p) => {
              setPhrase(p);
              setStep('confirm');
            }}
          />
        );
      case 'confirm':
        return <ConfirmPhrase positions={phrase?.confirmPositions ?? []} onConfirmed={() => setStep('password')} onBack={() => setStep('create')} />;
      case 'password':
        return <SetPassword onDone={onboardingDone} />;
      case 'import':
        return <ImportPhrase onDone={onboardingDone} onBack={() => setStep('welcome')} />;
    }
  }

  if (state === 'locked') return <Unlock onUnlocked={refresh} />;

  return (
    <div class="unlocked" data-testid="unlocked">
      <header class="topbar">
        <button type="button" class="link" data-testid="nav-home" onClick={() => setView({ name: 'home' })}>
          {t('extName')}
        </button>
        <span class="spacer" />
        <button type="button" class="small" data-testid="nav-move" onClick={() => setView({ name: 'move' })}>
          {t('move')}
        </button>
        <button type="button" class="small" data-testid="nav-settings" onClick={() => setView({ name: 'settings' })}>
          {t('settings')}
        </button>
        <button type="button" class="small" data-testid="nav-lock" onClick={lockNow}>
          {t('lock')}
        </button>
      </header>
      {view.name === 'home' && onboarded && (
        <DevnetOffer
          onSwitched={() => {
            setOnboarded(false);
            setHomeKey((k) => k + 1);
          }}
          onClose={() => setOnboarded(false)}
        />
      )}
      {view.name === 'home' && (
        <Home
          key={homeKey}
          onLocked={refresh}
          onOpen={(layer, cached, panel) => setView({ name: 'layer', layer, cached, panel })}
          onActivity={() => setView({ name: 'activity' })}
        />
      )}
      {view.name === 'activity' && <ActivityScreen onLocked={refresh} />}
      {view.name === 'layer' && <LayerView layer={view.layer} cached={view.cached} panel={view.panel} />}
      {view.name === 'move' && <MoveScreen />}
      {view.name === 'settings' && (
        <Settings
          onLockNow={lockNow}
          onReveal={() => setView({ name: 'reveal' })}
          onChangePassword={() => setView({ name: 'changePassword' })}
          onBack={() => setView({ name: 'home' })}
        />
      )}
      {view.name === 'reveal' && <RevealPhrase onBack={() => setView({ name: 'settings' })} />}
      {view.name === 'changePassword' && <ChangePassword onBack={() => setView({ name: 'settings' })} />}
    </div>
  );
}
