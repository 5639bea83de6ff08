/** The popup's layer registry and the "Layers shown" filter, without a browser. */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const sendMessage = vi.fn();
vi.mock('webextension-polyfill', () => ({ default: { i18n: { getMessage: () => '' }, runtime: { sendMessage } } }));

const { LAYER_IDS } = await import('../../../src/shared/layers');
const { LAYER_UIS } = await import('../../../src/popup/layers');
const { readShownLayers, shownLayers } = await import('../../../src/popup/use-shown-layers');

describe('popup layer registry', () => {
  it('has one entry per layer, under its own id, each with a screen', () => {
    expect(Object.keys(LAYER_UIS)).toEqual([...LAYER_IDS]);
    for (const id of LAYER_IDS) {
      expect(LAYER_UIS[id].id).toBe(id);
      expect(typeof LAYER_UIS[id].Screen).toBe('function');
    }
  });
});

describe('layers shown', () => {
  beforeEach(() => sendMessage.mockReset());

  it('leaves hidden layers out, in the wallet order', () => {
    expect(shownLayers(['rootstock', 'stacks'])).toEqual(['bitcoin', 'lightning', 'liquid']);
    expect(shownLayers([])).toEqual([...LAYER_IDS]);
  });

  it('reads the hidden layers from the stored settings', async () => {
    sendMessage.mockResolvedValue({ ok: true, result: { hiddenLayers: ['stacks'] } });
    expect(await readShownLayers()).toEqual(['bitcoin', 'lightning', 'liquid', 'rootstock']);
    expect(sendMessage.mock.calls[0]![0]).toMatchObject({ method: 'settings.get' });
  });

  it('shows every layer when the settings cannot be read', async () => {
    sendMessage.mockResolvedValue({ ok: false, error: { code: 'internal', message: 'down' } });
    expect(await readShownLayers()).toEqual([...LAYER_IDS]);
  });
});
