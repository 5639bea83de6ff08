import type { ApprovalRow, ApprovalSection } from '../../shared/dapp/approval-view';
import { renderText, type LocalText } from '../../shared/local-text';
import { formatAmountText } from '../../shared/units';
import { t } from '../i18n';
import { showHidden } from './visible-text';

/** Family-built text may carry what a page sent (as a parameter): hidden characters are named, never obeyed. */
export const shownText = (x: string | LocalText) => renderText(hiddenNamed(x), t);

/** Named in every parameter before rendering, so the isolate renderText puts around right-to-left words is not named too. */
function hiddenNamed(x: string | LocalText): string | LocalText {
  return typeof x === 'string' ? showHidden(x) : x.params ? { key: x.key, params: x.params.map(hiddenNamed) } : x;
}
const text = shownText;
const MULTI_LINE = ['\n', '\t'];

function amountText(value: string, decimals: number, unit: string): string {
  // Built by our background from bigints; a malformed one is shown as it came, never guessed at.
  // The unit may be a token's own symbol (a page's contract names it).
  return showHidden(/^-?[0-9]+$/.test(value) ? formatAmountText(BigInt(value), decimals, unit) : `${value} ${unit}`);
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
          <span class="mono">{showHidden(row.value)}</span>
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
          <pre class={row.hex ? 'mono message' : 'message'}>{showHidden(row.value, MULTI_LINE)}</pre>
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
