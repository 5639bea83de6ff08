import { useEffect, useState } from 'preact/hooks';
import { networksOfGroup } from '../../shared/networks';
import type { DevnetProbeView } from '../../shared/rpc';
import { ErrorText } from '../components/ErrorText';
import { t } from '../i18n';
import { call } from '../rpc-client';
import { useAction } from '../use-action';

/**
 * The end of onboarding: when the local devnet's services answer on this machine
 * (the background asks them, loopback only), offer to put every layer on it.
 * Nothing is shown while asking, or when it is not running.
 */
export function DevnetOffer({ onSwitched, onClose }: { onSwitched: () => void; onClose: () => void }) {
  const [probe, setProbe] = useState<DevnetProbeView | null>(null);
  const { busy, error, run } = useAction();

  useEffect(() => {
    call('settings.probeDevnet', {})
      .then(setProbe)
      .catch(() => setProbe({ found: false, services: [] }));
  }, []);

  // A marker the browser tests wait on: asked, and no devnet answered.
  if (!probe || !probe.found) return probe ? <span hidden data-testid="devnet-offer-none" /> : null;

  const use = () =>
    run(async () => {
      await call('settings.update', { networks: networksOfGroup('devnet') });
      onSwitched();
    });

  return (
    <div class="card" data-testid="devnet-offer">
      <strong>{t('devnetFound')}</strong>
      <p class="muted">{t('devnetFoundBody')}</p>
      <ErrorText text={error} />
      <div class="row">
        <button type="button" class="small primary" data-testid="devnet-offer-use" disabled={busy} onClick={use}>
          {t('devnetUse')}
        </button>
        <button type="button" class="small" data-testid="devnet-offer-dismiss" onClick={onClose}>
          {t('devnetStay')}
        </button>
      </div>
    </div>
  );
}
