import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import './ui/styles.css';
import './app/app.css';
import { getMode, needsInBrowserMocks } from './app/settings';
import { mocksWanted, setMocksReady } from './app/mocks-ready';
import { errorText } from './protocol/step-failure';

const root = createRoot(document.getElementById('root')!);

let rendered: () => void = () => {};
const firstRender = new Promise<void>((resolve) => (rendered = resolve));

/** Marks the first render of the page (`playground:rendered`), once: `npm run bench` measures from it. */
function RenderedMark() {
  useEffect(() => {
    if (!performance.getEntriesByName('playground:rendered').length) performance.mark('playground:rendered');
    rendered();
  }, []);
  return null;
}

async function boot() {
  let mocks: Promise<unknown> = Promise.resolve();
  if (needsInBrowserMocks(window.location, getMode())) {
    // MSW and the mock servers are a chunk of their own: live mode never loads them.
    // The home page sends nothing to the mocks: it starts them when the user heads for another page (mocks-ready.ts).
    // A mock server's page (a route of the app) waits for them before it renders.
    const when = window.location.pathname === '/' ? Promise.all([firstRender, mocksWanted()]) : Promise.resolve();
    const started = when.then(() => import('../mocks/browser')).then(({ startMockWorker }) => startMockWorker());
    // The page's own calls are answered in the page (src/app/mock-fetch.ts): a run need not wait for the service worker.
    setMocksReady(started);
    mocks = started.then((m) => m.worker);
  }
  // A page that shows a run needs the flow page (and a launch, its flow): fetched alongside the app's own code,
  // not after the page has rendered and asked for them.
  const path = window.location.pathname;
  if (path === '/launch' || path === '/callback' || path.startsWith('/flows/')) void import('./pages/FlowPage').catch(() => undefined);
  if (path === '/launch') void import('./flows/smart-launch/ehr-launch').catch(() => undefined);
  const { App } = await import('./app/App');
  root.render(
    <StrictMode>
      <App />
      <RenderedMark />
    </StrictMode>,
  );
  mocks.catch((e: unknown) => {
    root.render(
      <StrictMode>
        <App mockError={errorText(e)} />
        <RenderedMark />
      </StrictMode>,
    );
  });
}

// Never a white screen: if the app itself cannot load (a chunk missing after a
// rebuild, a network failure), say so in plain HTML.
boot().catch((e: unknown) => {
  const box = document.createElement('div');
  box.setAttribute('role', 'alert');
  box.style.cssText =
    'font:16px system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:1rem 1.25rem;border:1px solid #b42318;border-radius:8px;background:#fee4e2;color:#7a1a12';
  box.innerHTML =
    '<strong>The playground could not start.</strong><p></p><p>Reload the page. If the dev server was restarted or the app rebuilt, a reload fetches the new files; your settings are kept.</p>';
  box.querySelector('p')!.textContent = `What failed: ${errorText(e)}`;
  document.getElementById('root')!.replaceChildren(box);
});
