// @vitest-environment happy-dom
import { useState, type ComponentType } from 'react';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Mode, SetupPanelProps } from '../../../src/flows/flow';
import { SmartSetupPanel } from '../../../src/flows/smart-launch/SetupPanel';
import { initialSmartState } from '../../../src/flows/smart-launch/state';
import { SetupPanel as BackendSetupPanel } from '../../../src/flows/backend-services/SetupPanel';
import { initialBackendState } from '../../../src/flows/backend-services/state';
import { SetupPanel as MedMijSetupPanel } from '../../../src/flows/medmij/SetupPanel';
import { medmijModule } from '../../../src/flows/medmij/index';
import { buildGnl, buildZal } from '../../../mocks/medmij/lists/build';
import { TestDOMParser } from '../../unit/medmij/helpers/dom';

// happy-dom's DOMParser is not a browser's for namespaced XML: the panel reads the lists with the tests' stand-in.
vi.mock('../../../src/flows/medmij/lists', async (importOriginal) => {
  const lists = await importOriginal<typeof import('../../../src/flows/medmij/lists')>();
  const parse: import('../../../src/flows/medmij/lists').ParseXml = (text) =>
    new TestDOMParser().parseFromString(text) as ReturnType<typeof lists.platformParseXml>;
  return { ...lists, parseZal: (text: string) => lists.parseZal(text, parse), parseGnl: (text: string) => lists.parseGnl(text, parse) };
});

/**
 * A panel as the flow page holds it: the page keeps the state and applies each
 * patch, so what the user types stays in the field. Every patch is recorded.
 */
function renderPanel<S extends object>(Panel: ComponentType<SetupPanelProps<S>>, initial: S, mode: Mode, locked = false) {
  const onChange = vi.fn<(patch: Partial<S>) => void>();
  function Page() {
    const [state, setState] = useState(initial);
    return (
      <Panel
        state={state}
        mode={mode}
        locked={locked}
        // The page's fetch; here the global one, which the MedMij tests stub.
        fetch={(input, init) => fetch(input, init)}
        onChange={(patch) => {
          onChange(patch);
          setState((s) => ({ ...s, ...patch }));
        }}
      />
    );
  }
  render(<Page />);
  return { onChange, user: userEvent.setup() };
}

const origin = () => window.location.origin;

/** A field the user cannot change: inside the disabled set-up fieldset, typing or clicking sends no patch. */
function expectLocked(field: HTMLElement) {
  expect(field.closest('fieldset')?.disabled).toBe(true);
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
  sessionStorage.clear();
});

describe('the SMART launch set-up', () => {
  it('in mock mode shows the mock server as the iss, the client fields with labels and the scenario', async () => {
    const { onChange, user } = renderPanel(SmartSetupPanel, initialSmartState('standalone', { origin: origin(), mode: 'mock' }), 'mock');
    expect(screen.getByText(`${origin()}/mock/smart/fhir`)).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: 'FHIR base URL (iss)' })).toBeNull();
    expect(screen.getByRole('radio', { name: /Public \(PKCE only\)/ })).toHaveProperty('checked', true);
    expect(screen.getByRole('textbox', { name: 'redirect_uri' })).toHaveProperty('value', `${origin()}/callback`);
    expect(screen.getByRole('checkbox', { name: /Skip the login/ })).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Simulate an error' })).toBeTruthy();

    const scope = screen.getByRole('textbox', { name: 'scope' });
    await user.clear(scope);
    await user.type(scope, 'openid');
    expect(onChange).toHaveBeenLastCalledWith({ scope: 'openid' });
    expect(scope).toHaveProperty('value', 'openid');
  });

  it('a confidential client asks for its secret; a scenario choice goes into the iss link', async () => {
    const { onChange, user } = renderPanel(SmartSetupPanel, initialSmartState('standalone', { origin: origin(), mode: 'mock' }), 'mock');
    expect(screen.queryByRole('textbox', { name: 'client_secret' })).toBeNull();
    await user.click(screen.getByRole('radio', { name: /Confidential/ }));
    expect(screen.getByRole('textbox', { name: 'client_secret' })).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Client authentication' })).toBeTruthy();

    await user.click(screen.getByRole('checkbox', { name: /Skip the login/ }));
    const patch = onChange.mock.lastCall![0];
    expect(patch.scenario?.skipLogin).toBe(true);
    expect(patch.iss).not.toBe(`${origin()}/mock/smart/fhir`);
    expect(screen.getByText(patch.iss!)).toBeTruthy();
  });

  it("in live mode asks for the server's FHIR base URL and shows no mock scenario", async () => {
    const { onChange, user } = renderPanel(SmartSetupPanel, initialSmartState('standalone', { origin: origin(), mode: 'live' }), 'live');
    const iss = screen.getByRole('textbox', { name: 'FHIR base URL (iss)' });
    await user.type(iss, 'https://fhir.example');
    expect(onChange).toHaveBeenLastCalledWith({ iss: 'https://fhir.example' });
    expect(screen.queryByRole('checkbox', { name: /Skip the login/ })).toBeNull();
    expect(screen.queryByRole('combobox', { name: 'Simulate an error' })).toBeNull();
  });

  it('locked, no field can be changed', async () => {
    const { onChange, user } = renderPanel(SmartSetupPanel, initialSmartState('ehr', { origin: origin(), mode: 'mock' }), 'mock', true);
    for (const name of ['client_id', 'redirect_uri', 'scope']) expectLocked(screen.getByRole('textbox', { name }));
    await user.type(screen.getByRole('textbox', { name: 'scope' }), 'x');
    await user.click(screen.getByRole('checkbox', { name: /Skip the login/ }));
    expect(onChange).not.toHaveBeenCalled();
  });
});

describe('the backend services set-up', () => {
  it("in mock mode points at the mock server, and the client_id is the server's to give", async () => {
    const { onChange, user } = renderPanel(BackendSetupPanel, initialBackendState({ origin: origin(), mode: 'mock' }), 'mock');
    expect(screen.getByRole('textbox', { name: /^FHIR base URL/ })).toHaveProperty('value', `${origin()}/mock/smart/fhir`);
    expect(screen.getByRole('textbox', { name: /^client_id/ })).toHaveProperty('readOnly', true);
    expect(screen.getByText('Filled in when the client is registered (step 2).')).toBeTruthy();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Key algorithm' }), 'ES384');
    expect(onChange).toHaveBeenLastCalledWith({ alg: 'ES384' });

    const scope = screen.getByRole('textbox', { name: /^Scope/ });
    await user.clear(scope);
    await user.type(scope, 'system/Patient.rs');
    expect(onChange).toHaveBeenLastCalledWith({ scope: 'system/Patient.rs' });
  });

  it('importing a key shows the field for it', async () => {
    const { onChange, user } = renderPanel(BackendSetupPanel, initialBackendState({ origin: origin(), mode: 'mock' }), 'mock');
    expect(screen.queryByRole('textbox', { name: /^Private key/ })).toBeNull();
    await user.click(screen.getByRole('radio', { name: /Import my private key/ }));
    expect(onChange).toHaveBeenLastCalledWith({ keySource: 'import' });
    expect(screen.getByRole('textbox', { name: /^Private key/ })).toBeTruthy();
    expect(screen.queryByRole('checkbox', { name: /Reuse my key/ })).toBeNull();
  });

  it('in live mode the client_id is typed in', async () => {
    const { onChange, user } = renderPanel(BackendSetupPanel, initialBackendState({ origin: origin(), mode: 'live' }), 'live');
    const clientId = screen.getByRole('textbox', { name: /^client_id/ });
    expect(clientId).toHaveProperty('readOnly', false);
    await user.type(clientId, 'abc');
    expect(onChange).toHaveBeenLastCalledWith({ client_id: 'abc' });
    expect(screen.getByText(/Live mode: register the public key/)).toBeTruthy();
  });

  it('locked, no field can be changed', async () => {
    const { onChange, user } = renderPanel(BackendSetupPanel, initialBackendState({ origin: origin(), mode: 'mock' }), 'mock', true);
    expectLocked(screen.getByRole('textbox', { name: /^FHIR base URL/ }));
    expectLocked(screen.getByRole('combobox', { name: /^Try a failure/ }));
    await user.type(screen.getByRole('textbox', { name: /^FHIR base URL/ }), 'x');
    await user.click(screen.getByRole('radio', { name: /Import my private key/ }));
    expect(onChange).not.toHaveBeenCalled();
  });
});

describe('the MedMij set-up', () => {
  /** The panel reads the ZAL and GNL from the lists host: here the mock's own lists. */
  function serveLists(ok = true) {
    vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
      const url = String(input);
      if (!ok) return new Response('down', { status: 503 });
      if (url.endsWith('/lists/zal.xml')) return new Response(buildZal(origin(), Date.now()), { headers: { 'content-type': 'application/xml' } });
      if (url.endsWith('/lists/gnl.xml')) return new Response(buildGnl(Date.now()), { headers: { 'content-type': 'application/xml' } });
      return new Response('not found', { status: 404 });
    });
  }
  const initial = () => medmijModule.initialState({ origin: origin(), mode: 'mock' });

  it('offers the zorgaanbieders of the ZAL and shows the scope the choice makes', async () => {
    serveLists();
    const { onChange, user } = renderPanel(MedMijSetupPanel, initial(), 'mock');
    const za = screen.getByRole('combobox', { name: /^Zorgaanbieder/ });
    await vi.waitFor(() => expect(within(za).getAllByRole('option').length).toBeGreaterThan(1));
    expect(screen.getByRole('combobox', { name: /^Gegevensdienst/ })).toBeTruthy();
    expect(screen.getByRole('combobox', { name: /^DigiD test account/ })).toBeTruthy();

    await user.click(screen.getByRole('radio', { name: /2\.x/ }));
    expect(onChange).toHaveBeenLastCalledWith({ scopeForm: '2.x' });
    // 2.x: the zorgaanbieder's name without its @medmij suffix, a tilde, the gegevensdienst.
    expect(screen.getByTestId('medmij-scope').textContent).toBe('umcharderwijk~4');

    const other = within(za)
      .getAllByRole('option')
      .map((o) => o.getAttribute('value')!)
      .find((v) => v !== initial().zorgaanbieder)!;
    await user.selectOptions(za, other);
    expect(onChange.mock.lastCall![0].zorgaanbieder).toBe(other);
  });

  it('switches its labels to Dutch', async () => {
    serveLists();
    const { onChange, user } = renderPanel(MedMijSetupPanel, initial(), 'mock');
    await user.click(screen.getByRole('radio', { name: 'Nederlands' }));
    expect(onChange).toHaveBeenLastCalledWith({ lang: 'nl' });
    expect(screen.getByRole('combobox', { name: 'Zorgaanbieder (uit de ZAL)' })).toBeTruthy();
    expect(screen.getByRole('radiogroup', { name: 'Taal' })).toBeTruthy();
  });

  it('says so when the lists cannot be read, and says live mode is mock-only', async () => {
    serveLists(false);
    renderPanel(MedMijSetupPanel, initial(), 'live');
    expect((await screen.findByRole('alert')).textContent).toMatch(/HTTP 503/);
    // The chosen zorgaanbieder stays selectable without the list.
    expect(screen.getByRole('combobox', { name: /^Zorgaanbieder/ })).toHaveProperty('value', initial().zorgaanbieder);
  });

  it('locked, no field can be changed', async () => {
    serveLists();
    const { onChange, user } = renderPanel(MedMijSetupPanel, initial(), 'mock', true);
    expectLocked(screen.getByRole('combobox', { name: /^Zorgaanbieder/ }));
    await user.click(screen.getByRole('radio', { name: 'Nederlands' }));
    await user.click(screen.getByRole('radio', { name: /2\.x/ }));
    expect(onChange).not.toHaveBeenCalled();
  });
});
