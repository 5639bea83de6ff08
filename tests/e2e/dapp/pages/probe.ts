/** The probe family's page (probe build only): each method, from this origin. */
import { button } from './ui';

type Layerhop = { request(family: string, method: string, params?: unknown): Promise<unknown> };
const ask = (method: string, params?: unknown) => (window as unknown as { layerhop: Layerhop }).layerhop.request('bitcoin', method, params);

button('probe-info', 'probeInfo', () => ask('probeInfo'));
button('probe-connect', 'probeConnect', () => ask('probeConnect'));
// A right-to-left override and a zero-width space: the window must show them, not obey them.
button('probe-sign', 'probeSign', () => ask('probeSign', { message: 'hello from the page \u202etxt.exe\u200b' }));
button('probe-sign-2', 'probeSign again', () => ask('probeSign', { message: 'second' }));
