import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './ui/styles.css';
import './app/app.css';
import { getMode, needsInBrowserMocks } from './app/settings';

const root = createRoot(document.getElementById('root')!);

async function boot() {
  let mockError: string | undefined;
  if (needsInBrowserMocks(window.location, getMode())) {
    // MSW and the mock servers are a chunk of their own: live mode never loads them.
    try {
      const { startMockWorker } = await import('../mocks/browser');
      await startMockWorker();
    } catch (e) {
      mockError = e instanceof Error ? e.message : String(e);
    }
  }
  if (window.location.pathname.startsWith('/mock/')) {
    // The mock servers' own pages (login, picker, consent, DigiD, EHR) are a separate little app.
    const { MockPages } = await import('./app/MockPages');
    root.render(<StrictMode><MockPages mockError={mockError} /></StrictMode>);
    return;
  }
  const { App } = await import('./app/App');
  root.render(<StrictMode><App mockError={mockError} /></StrictMode>);
}

void boot();
