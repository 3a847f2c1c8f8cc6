// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineStep, StepFailure, type FlowModule, type SetupPanelProps } from '../../../src/flows/flow';
import type { SetupLinkSpec } from '../../../src/app/setup-link';
import type { FlowEntry } from '../../../src/flows/registry';
import { newJournal, saveJournal } from '../../../src/journal/persistence';
import { FlowPage } from '../../../src/pages/FlowPage';

/**
 * The flow page with a flow of two tiny steps: the first records a value, the
 * second fails as a server's refusal would. The page builds its runner itself
 * (sessionStorage, the page's mocks): only the registry and the mocks' start are stand-ins.
 */
interface FakeState {
  clientName: string;
  found?: string;
}

const discover = defineStep<FakeState>({
  id: 'discover',
  title: 'Discover the server',
  why: 'The app reads where to send the user.',
  spec: [],
  actors: ['app'],
  channel: 'back-channel',
  run: async (ctx) => {
    ctx.addArtifact({ kind: 'value', label: 'Authorization endpoint', value: 'https://as.test/authorize' });
    ctx.setState({ found: 'yes' });
    return { kind: 'done' };
  },
});

const token = defineStep<FakeState>({
  id: 'token',
  title: 'Exchange the code',
  why: 'The app trades the code for a token.',
  spec: [],
  actors: ['app', 'auth-server'],
  channel: 'back-channel',
  run: async () => {
    throw new StepFailure({ code: 'invalid_grant', message: 'The server refused the code.', hint: 'Get a new code: restart from the authorization step.' });
  },
});

const fakeModule: FlowModule<FakeState> = {
  definition: { id: 'fake-flow', title: 'A fake flow', summary: 'Two steps for the page under test.', steps: [discover, token] },
  initialState: () => ({ clientName: 'playground' }),
};

function FakeSetup({ state, onChange, locked }: SetupPanelProps<FakeState>) {
  return (
    <fieldset disabled={locked}>
      <label htmlFor="client-name">Client name</label>
      <input id="client-name" value={state.clientName} onChange={(e) => onChange({ clientName: e.target.value })} />
    </fieldset>
  );
}

const fakeEntry: FlowEntry = {
  id: 'fake-flow',
  title: 'A fake flow',
  summary: '',
  tags: [],
  load: async () => ({ module: fakeModule, SetupPanel: FakeSetup }),
};

/** The set-up in the address: the client name as `client`, left out while it is the default. */
const fakeSetupLink: SetupLinkSpec<FakeState> = {
  params: [
    {
      name: 'client',
      write: (state) => (state.clientName === 'playground' ? undefined : state.clientName),
      read: (value) => ({ ok: true, patch: { clientName: value } }),
    },
  ],
  fields: ['clientName'],
  leftOut: [],
};

/** The same flow, with a first step that ends when the test says so. */
const held: { release?: () => void } = {};
const heldEntry: FlowEntry = {
  ...fakeEntry,
  id: 'held-flow',
  load: async () => ({
    setupLink: fakeSetupLink,
    module: {
      ...fakeModule,
      definition: {
        ...fakeModule.definition,
        id: 'held-flow',
        steps: [{ ...discover, run: (ctx) => new Promise((resolve) => (held.release = () => resolve(discover.run(ctx)))) }, token],
      },
    },
    SetupPanel: FakeSetup,
  }),
};

/** A flow of one step that succeeds: the run finishes. */
const oneStepEntry: FlowEntry = {
  ...fakeEntry,
  id: 'one-step',
  load: async () => ({ module: { ...fakeModule, definition: { ...fakeModule.definition, id: 'one-step', steps: [discover] } }, SetupPanel: FakeSetup }),
};

vi.mock('../../../src/flows/registry', () => ({
  findFlow: (id: string | undefined) => ({ 'fake-flow': fakeEntry, 'held-flow': heldEntry, 'one-step': oneStepEntry })[id ?? ''],
}));
vi.mock('../../../src/app/mocks-ready', () => ({ inPageMocksReady: async () => {} }));

let router: ReturnType<typeof createMemoryRouter>;
function openFlowPage(path = '/flows/fake-flow') {
  // The browser's address is the page's (the address follows the set-up only on the page the browser shows).
  window.history.replaceState(null, '', path);
  router = createMemoryRouter([{ path: '/flows/:flowId', element: <FlowPage /> }], { initialEntries: [path] });
  render(
    <QueryClientProvider client={new QueryClient()}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return userEvent.setup();
}

const card = (title: string) => screen.getByRole('region', { name: new RegExp(title) });

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
});
afterEach(cleanup);

describe('the flow page', () => {
  it('shows the set-up and Continue; Continue runs the step and shows its card done, with what it found', async () => {
    const user = openFlowPage();
    expect(await screen.findByRole('heading', { level: 1, name: 'A fake flow' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Client name' })).toHaveProperty('value', 'playground');
    expect(screen.getByText(/Check the set-up, then press Continue/)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Continue: Discover the server' }));
    await vi.waitFor(() => expect(within(card('Discover the server')).getByText('done')).toBeTruthy());
    expect(within(card('Discover the server')).getByText('https://as.test/authorize')).toBeTruthy();
    expect(screen.getByText(/Paused before step 2/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Continue: Exchange the code' })).toBeTruthy();
  });

  it('a failing step shows what failed and the hint; Start over keeps the set-up the user typed', async () => {
    const user = openFlowPage();
    const name = await screen.findByRole('textbox', { name: 'Client name' });
    await user.clear(name);
    await user.type(name, 'my app');
    await user.click(screen.getByRole('button', { name: 'Continue: Discover the server' }));
    await user.click(await screen.findByRole('button', { name: 'Continue: Exchange the code' }));

    const alert = await within(card('Exchange the code')).findByRole('alert');
    expect(alert.textContent).toMatch(/invalid_grant/);
    expect(alert.textContent).toMatch(/The server refused the code\./);
    expect(alert.textContent).toMatch(/What to do: Get a new code/);
    expect(screen.getByText(/stopped at step 2/)).toBeTruthy();
    // Locked while the run is in progress.
    expect(screen.getByRole('textbox', { name: 'Client name' }).closest('fieldset')?.disabled).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Start over (your set-up is kept)' }));
    await screen.findByRole('button', { name: 'Continue: Discover the server' });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('textbox', { name: 'Client name' })).toHaveProperty('value', 'my app');
    expect(screen.getByRole('textbox', { name: 'Client name' }).closest('fieldset')?.disabled).toBe(false);
  });

  it('after a reload in the middle of a step, shows that step as interrupted and lets the user run it again', async () => {
    const journal = newJournal('fake-flow', ['discover', 'token'], { clientName: 'playground', found: 'yes' });
    journal.steps[0].status = { kind: 'done', finishedAt: new Date().toISOString() };
    journal.steps[1].status = { kind: 'running', startedAt: new Date().toISOString() };
    saveJournal(sessionStorage, journal);

    const user = openFlowPage();
    const alert = await within(await screen.findByRole('region', { name: /Exchange the code/ })).findByRole('alert');
    expect(alert.textContent).toMatch(/interrupted/);
    expect(alert.textContent).toMatch(/reloaded while this step was running/);
    expect(screen.getByRole('button', { name: 'Start over (your set-up is kept)' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Run this step again' }));
    expect(await screen.findByRole('button', { name: 'Continue: Exchange the code' })).toBeTruthy();
    expect(within(card('Discover the server')).getByText('done')).toBeTruthy();
  });

  it('?auto=1: the run starts at once; no empty set-up or steps are drawn before it has something to show, and its end is drawn at once', async () => {
    openFlowPage('/flows/held-flow?auto=1');
    expect(await screen.findByText('Running step 1…')).toBeTruthy();
    // The first step is running: the page has not drawn the set-up or the steps yet (they would be drawn empty).
    await vi.waitFor(() => expect(held.release).toBeDefined());
    expect(screen.queryByRole('textbox', { name: 'Client name' })).toBeNull();
    expect(screen.queryByRole('region', { name: /Discover the server/ })).toBeNull();

    held.release!();
    // The run ends at the refused code: drawn at once, every step with it.
    const alert = await within(await screen.findByRole('region', { name: /Exchange the code/ })).findByRole('alert');
    expect(alert.textContent).toMatch(/The server refused the code\./);
    expect(within(card('Discover the server')).getByText('https://as.test/authorize')).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Client name' }).closest('fieldset')?.disabled).toBe(true);

    // Start over, with ?auto=1 still in the address: the new run waits for the user, its set-up and Continue on screen,
    // and the address follows the set-up as it is typed.
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Start over (your set-up is kept)' }));
    const name = await screen.findByRole('textbox', { name: 'Client name' });
    expect(name.closest('fieldset')?.disabled).toBe(false);
    expect(screen.getByRole('button', { name: 'Continue: Discover the server' })).toBeTruthy();
    await user.clear(name);
    await user.type(name, 'mine');
    await vi.waitFor(() => expect(new URLSearchParams(router.state.location.search).get('client')).toBe('mine'));
  });

  it('?auto=1: a run that ends while the page is open moves the focus to its summary', async () => {
    openFlowPage('/flows/one-step?auto=1');
    const summary = await screen.findByTestId('run-summary');
    await vi.waitFor(() => expect(document.activeElement).toBe(summary));
  });

  it('names a flow that does not exist', async () => {
    openFlowPage('/flows/nothing');
    expect((await screen.findByRole('alert')).textContent).toMatch(/No flow called “nothing”/);
  });
});
