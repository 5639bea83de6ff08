import { useEffect, useState } from 'preact/hooks';
import type { ConnectionView } from '../../shared/dapp/approval-view';
import { renderText } from '../../shared/local-text';
import { ErrorText } from '../components/ErrorText';
import { t } from '../i18n';
import { call } from '../rpc-client';
import { useAction } from '../use-action';

/** Settings → Connected sites: each site a user connected, per family, with what it may do and Disconnect. */
export function ConnectedSites() {
  const [sites, setSites] = useState<ConnectionView[] | null>(null);
  const { busy, error, run } = useAction();
  useEffect(() => {
    void run(async () => setSites(await call('dapp.connections', {})));
  }, []);
  const disconnect = (site: ConnectionView) => run(async () => setSites(await call('dapp.disconnect', { origin: site.origin, family: site.family })));
  return (
    <fieldset data-testid="connected-sites">
      <legend>{t('connectedSites')}</legend>
      {sites && sites.length === 0 ? <p class="muted" data-testid="connected-sites-none">{t('connectedSitesNone')}</p> : null}
      <ul class="approve-rows">
        {(sites ?? []).map((site) => (
          <li key={`${site.family} ${site.origin}`} data-testid="connected-site" data-origin={site.origin} data-family={site.family}>
            <span class="mono">{site.origin}</span>
            <span class="muted">
              {t(`dappFamily_${site.family}`)} · {t(`layer_${site.layer}`)}
            </span>
            {site.grants.map((g, i) => (
              <span key={i} data-testid="connected-site-grant">
                {renderText(g, t)}
              </span>
            ))}
            <button type="button" class="small" data-testid="connected-site-disconnect" disabled={busy} onClick={() => disconnect(site)}>
              {t('disconnect')}
            </button>
          </li>
        ))}
      </ul>
      <ErrorText text={error} />
    </fieldset>
  );
}
