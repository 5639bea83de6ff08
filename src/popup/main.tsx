import { render } from 'preact';
import { App } from './app';
import { startCachedPortfolioRead } from './cached-portfolio';
import { poll } from './rpc-client';

// Benchmarks measure from here to the first cached balance on screen.
performance.mark('layerhop:start');
// The lock state and the cached portfolio are asked for at once, in parallel.
const firstStatus = poll('wallet.status', {});
startCachedPortfolioRead();

// Opened as a full tab (onboarding on install), the page gets a wider layout.
if (new URLSearchParams(location.search).get('view') === 'tab') document.body.classList.add('tab');

render(<App firstStatus={firstStatus} />, document.getElementById('app')!);
