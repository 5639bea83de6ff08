import { isOpenableLink } from '../../../shared/links';
import type { SuccessActionView } from '../../../shared/layers/lightning';
import { t } from '../../i18n';

/** LUD-09/10: what the service asked the wallet to show after paying (aes already opened by the background). */
export function SuccessActionNote({ action }: { action: SuccessActionView }) {
  return (
    <div class="ln-success" data-testid="ln-success-action" data-tag={action.tag}>
      {action.tag === 'message' ? <p>{action.message}</p> : null}
      {action.tag === 'url' ? (
        <p>
          {action.description}{' '}
          {/* The background passes only openable links; an older record may hold another. */}
          {isOpenableLink(action.url) ? (
            <a href={action.url} target="_blank" rel="noreferrer noopener">
              {t('lnOpenLink', new URL(action.url).hostname)}
            </a>
          ) : (
            <code class="address">{action.url}</code>
          )}
        </p>
      ) : null}
      {action.tag === 'aes' ? (
        <p>
          {action.description}{' '}
          {action.plaintext !== undefined ? <code class="address">{action.plaintext}</code> : <span class="muted">{t('lnSecretSessionOnly')}</span>}
        </p>
      ) : null}
    </div>
  );
}
