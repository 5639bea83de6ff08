import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { LayerId } from '../../shared/layers';
import { t } from '../i18n';
import { useAction } from '../use-action';
import { CopyButton } from './CopyButton';
import { ErrorText } from './ErrorText';
import { LabelField } from './LabelField';
import { Qr } from './Qr';

/** The data-testid hooks of one layer's Receive (the E2E tests name them). */
export interface ReceiveTestIds {
  panel: string;
  address: string;
  copy: string;
  back?: string;
}

/** `${prefix}-receive-panel` …, as the layers name them unless they say otherwise. */
function testIds(prefix: string, overrides: Partial<ReceiveTestIds> = {}): ReceiveTestIds {
  return { panel: `${prefix}-receive-panel`, address: `${prefix}-receive-address`, copy: `${prefix}-copy-receive`, back: `${prefix}-receive-back`, ...overrides };
}

/** The address a Receive shows, and what its QR code holds (a payment URI, or the address itself). */
export interface ShownAddress {
  address: string;
  uri: string;
}

/**
 * Every on-chain layer's Receive: title, the address as QR and text with its copy
 * button, the layer's own parts (request amount, faucet, notes), error and Back.
 */
export function ReceivePanel(p: {
  layer: LayerId;
  title: string;
  /** Prefix of the test ids; `ids` names those that differ. */
  prefix: string;
  ids?: Partial<ReceiveTestIds>;
  /** Null until the background answers. */
  shown: ShownAddress | null;
  /** Above the QR code (which form of the address this is). */
  caption?: ComponentChildren;
  /** Extra attributes of the address element. */
  addressData?: Record<`data-${string}`, string>;
  /** Below the address (checksum note, warning). */
  notes?: ComponentChildren;
  /** Beside the copy button. */
  actions?: ComponentChildren;
  /** The layer's own parts, below the address. */
  children?: ComponentChildren;
  error: string;
  onBack: () => void;
}) {
  const { shown } = p;
  const ids = testIds(p.prefix, p.ids);
  return (
    <section class="screen" data-testid={ids.panel}>
      <h2>{p.title}</h2>
      {shown ? (
        <>
          {p.caption}
          <Qr text={shown.uri} label={t('qrOf', t(`layer_${p.layer}`))} />
          <code class="address" data-testid={ids.address} {...p.addressData}>
            {shown.address}
          </code>
          {p.notes}
          <LabelField type="addr" reference={shown.address} layer={p.layer} />
          <div class="row">
            <CopyButton text={shown.address} testId={ids.copy} />
            {p.actions}
          </div>
        </>
      ) : null}
      {p.children}
      <ErrorText text={p.error} />
      <button type="button" class="link" data-testid={ids.back} onClick={p.onBack}>
        {t('back')}
      </button>
    </section>
  );
}

/** What the background hands out to receive on (loaded once), with the busy/error state the screen's faucet shares. */
export function useReceiveView<V>(load: () => Promise<V>) {
  const [view, setView] = useState<V | null>(null);
  const action = useAction();
  useEffect(() => {
    void action.run(async () => setView(await load()));
  }, []);
  return { view, ...action };
}
