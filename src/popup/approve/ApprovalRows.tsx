import type { ApprovalRow, ApprovalSection } from '../../shared/dapp/approval-view';
import { renderText, type LocalText } from '../../shared/local-text';
import { formatAmountText } from '../../shared/units';
import { t } from '../i18n';

const text = (x: string | LocalText) => renderText(x, t);

function amountText(value: string, decimals: number, unit: string): string {
  // Built by our background from bigints; a malformed one is shown as it came, never guessed at.
  return /^-?[0-9]+$/.test(value) ? formatAmountText(BigInt(value), decimals, unit) : `${value} ${unit}`;
}

function Row({ row }: { row: ApprovalRow }) {
  const label = <span class="approve-label">{text(row.label)}</span>;
  switch (row.kind) {
    case 'text':
      return (
        <li data-testid="approve-row" data-kind="text">
          {label}
          <span class={row.mono ? 'mono' : undefined}>{text(row.value)}</span>
        </li>
      );
    case 'amount':
      return (
        <li data-testid="approve-row" data-kind="amount" data-value={row.value}>
          {label}
          <span class="amount">
            {row.outgoing ? `${t('approveOutgoing')} ` : ''}
            {amountText(row.value, row.decimals, row.unit)}
          </span>
        </li>
      );
    case 'address':
      return (
        <li data-testid="approve-row" data-kind="address" data-ours={row.ours ? 'true' : 'false'}>
          {label}
          <span class="mono">{row.value}</span>
          {row.ours ? (
            <span class="badge" data-testid="approve-ours">
              {t('approveOurs')}
            </span>
          ) : null}
        </li>
      );
    case 'message':
      return (
        <li data-testid="approve-row" data-kind="message">
          {label}
          {row.hex ? <span class="muted">{t('approveMessageHex')}</span> : null}
          <pre class={row.hex ? 'mono message' : 'message'}>{row.value}</pre>
        </li>
      );
  }
}

export function ApprovalSections({ sections }: { sections: ApprovalSection[] }) {
  return (
    <>
      {sections.map((section, i) => (
        <section key={i} data-testid="approve-section">
          <h3>{text(section.title)}</h3>
          <ul class="approve-rows">
            {section.rows.map((row, j) => (
              <Row key={j} row={row} />
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
