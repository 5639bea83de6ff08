import { useState } from 'preact/hooks';
import { t } from '../i18n';

export function CopyButton({ text, testId }: { text: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  };
  return (
    <button type="button" class="small" data-testid={testId} onClick={copy}>
      {copied ? t('copied') : t('copy')}
    </button>
  );
}
