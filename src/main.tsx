import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './ui/styles.css';
import './app/app.css';
import { getMode, needsInBrowserMocks } from './app/settings';
import { setMocksReady } from './app/mocks-ready';

const root = createRoot(document.getElementById('root')!);

async function boot() {
  let mockError: string | undefined;
  let mocks: Promise<void> = Promise.resolve();
  if (needsInBrowserMocks(window.location, getMode())) {
    // MSW and the mock servers are a chunk of their own: live mode never loads them.
    mocks = import('../mocks/browser').then(({ startMockWorker }) => startMockWorker());
    setMocksReady(mocks);
  }
  if (window.location.pathname.startsWith('/mock/')) {
    // A mock server's page talks to its server at once: wait for it.
    try {
      await mocks;
    } catch (e) {
      mockError = e instanceof Error ? e.message : String(e);
    }
    // The mock servers' own pages (login, picker, consent, DigiD, EHR) are a separate little app.
    const { MockPages } = await import('./app/MockPages');
    root.render(<StrictMode><MockPages mockError={mockError} /></StrictMode>);
    return;
  }
  const { App } = await import('./app/App');
  root.render(<StrictMode><App /></StrictMode>);
  mocks.catch((e: unknown) => {
    root.render(<StrictMode><App mockError={e instanceof Error ? e.message : String(e)} /></StrictMode>);
  });
}

void boot();
