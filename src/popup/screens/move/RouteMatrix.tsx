import { useState } from 'preact/hooks';
import type { AssetRef, RouteMatrixCell } from '../../../shared/hop-views';
import { ErrorText } from '../../components/ErrorText';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { useAction } from '../../use-action';
import { assetKey, pathLabel } from './chain-route';
import { layerName } from './labels';
import { cellText, MATRIX_MARKS, matrixGrid } from './matrix-grid';

/**
 * "Which moves are possible": a from × to grid of the selected networks, folded
 * away until asked for (it is fetched then). A sign per kind reads without colour;
 * a cell's meaning shows on hover and, once tapped, under the grid; a usable cell
 * fills the form's pair.
 */
export function RouteMatrix({ onPick }: { onPick: (from: AssetRef, to: AssetRef) => void }) {
  const [open, setOpen] = useState(false);
  const [cells, setCells] = useState<RouteMatrixCell[] | null>(null);
  const [chosen, setChosen] = useState<RouteMatrixCell | null>(null);
  const { busy, error, run } = useAction();
  const toggle = () => {
    setOpen(!open);
    if (!open) void run(async () => setCells(await call('hops.matrix', {})));
  };
  const choose = (c: RouteMatrixCell) => {
    setChosen(c);
    if (c.kind !== 'none') onPick(c.from, c.to);
  };
  const grid = cells ? matrixGrid(cells) : null;
  const head = (a: AssetRef) => (
    <th key={assetKey(a)} scope="col" title={pathLabel([a], t)} style={{ fontSize: '11px', fontWeight: 'normal' }}>
      {layerName(a.layer)}
    </th>
  );
  return (
    <div class="route-matrix">
      <button type="button" class="link" data-testid="matrix-toggle" aria-expanded={open} onClick={toggle}>
        {t('matrixToggle')}
      </button>
      {open && busy ? <p class="muted">{t('checking')}</p> : null}
      <ErrorText text={open ? error : ''} />
      {open && grid ? (
        <>
          <table class="review" data-testid="route-matrix" style={{ textAlign: 'center' }}>
            <thead>
              <tr>
                <th style={{ fontSize: '11px' }}>{t('matrixCorner')}</th>
                {grid.assets.map(head)}
              </tr>
            </thead>
            <tbody>
              {grid.assets.map((from) => (
                <tr key={assetKey(from)}>
                  <th scope="row" title={pathLabel([from], t)} style={{ fontSize: '11px' }}>{layerName(from.layer)}</th>
                  {grid.assets.map((to) => {
                    const c = grid.cell(from, to);
                    if (!c) return <td key={assetKey(to)} />;
                    const text = cellText(c, t);
                    return (
                      <td key={assetKey(to)} style={{ textAlign: 'center' }}>
                        <button
                          type="button"
                          class="small"
                          data-testid="matrix-cell"
                          data-from={assetKey(from)}
                          data-to={assetKey(to)}
                          data-kind={c.kind}
                          aria-pressed={chosen === c}
                          style={chosen === c ? { borderColor: 'var(--accent)', fontWeight: 'bold' } : undefined}
                          title={text}
                          aria-label={text}
                          onClick={() => choose(c)}
                        >
                          {MATRIX_MARKS[c.kind]}
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          <p class="muted" data-testid="matrix-legend">
            {MATRIX_MARKS.direct} {t('matrixDirect')} · {MATRIX_MARKS.chained} {t('matrixChained')} · {MATRIX_MARKS.none} {t('matrixNone')}
          </p>
          {chosen ? (
            <p class="muted" data-testid="matrix-note" data-kind={chosen.kind}>
              {cellText(chosen, t)}
            </p>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
