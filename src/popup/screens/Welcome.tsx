import { t } from '../i18n';

export function Welcome({ onCreate, onImport }: { onCreate: () => void; onImport: () => void }) {
  return (
    <section class="screen center" data-testid="welcome">
      <h1>{t('extName')}</h1>
      <p>{t('welcomeBody')}</p>
      <button type="button" class="primary" data-testid="start-create" onClick={onCreate}>
        {t('createWallet')}
      </button>
      <button type="button" data-testid="start-import" onClick={onImport}>
        {t('importWallet')}
      </button>
    </section>
  );
}
