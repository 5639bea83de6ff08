import { render } from 'preact';
import { App } from './app';
import { startCachedPortfolioRead } from './cached-portfolio';

// Benchmarks measure from here to the first cached balance on screen.
performance.mark('layerhop:start');
startCachedPortfolioRead();

// Opened as a full tab (onboarding on install), the page gets a wider layout.
if (new URLSearchParams(location.search).get('view') === 'tab') document.body.classList.add('tab');

render(<App />, document.getElementById('app')!);
