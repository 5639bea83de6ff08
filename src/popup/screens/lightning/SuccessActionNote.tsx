import type { SuccessActionView } from '../../../shared/rpc-lightning';
import { t } from '../../i18n';

/** LUD-09/10: what the service asked the wallet to show after paying (aes already opened by the background). */
export function SuccessActionNote({ action }: { action: SuccessActionView }) {
  return (
    <div class="ln-success" data-testid="ln-success-action" data-tag={action.tag}>
      {action.tag === 'message' ? <p>{action.message}</p> : null}
      {action.tag === 'url' ? (
        <p>
          {action.description}{' '}
          <a href={action.url} target="_blank" rel="noreferrer noopener">
            {t('lnOpenLink', new URL(action.url).hostname)}
          </a>
        </p>
      ) : null}
      {action.tag === 'aes' ? (
        <p>
          {action.description} <code class="address">{action.plaintext}</code>
        </p>
      ) : null}
    </div>
  );
}
