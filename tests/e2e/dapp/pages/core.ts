/** The core's page: the page script's marker, and a request the content script must refuse (no family). */
import { button } from './ui';

type Layerhop = { version: number; request(family: string, method: string, params?: unknown): Promise<unknown> };
const layerhop = () => (window as unknown as { layerhop?: Layerhop }).layerhop;

const marker = document.createElement('p');
marker.dataset.testid = 'layerhop-present';
marker.textContent = String(layerhop() !== undefined);
document.getElementById('app')!.append(marker);

button('unknown-family', 'Ask a family that does not exist', () => layerhop()!.request('ethereum', 'eth_chainId'));
button('malformed-method', 'Ask with a malformed method name', () => layerhop()!.request('webln', 'get info'));
// Reaches the background whatever families exist: no family answers this method.
button('no-such-method', 'Ask a method no family has', () => layerhop()!.request('webln', 'layerhopNoSuchMethod'));
