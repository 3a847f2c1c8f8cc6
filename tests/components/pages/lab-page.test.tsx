// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { LabPage } from '../../../src/pages/labs/LabPage';

/** The defence switch of an attack lab: the URL holds its position, so a teacher can link either. */
async function open(path: string) {
  // A lazy route, as in the app.
  const router = createMemoryRouter([{ path: '/labs/:labId', lazy: async () => ({ Component: LabPage }), hydrateFallbackElement: <p>Loading</p> }], {
    initialEntries: [path],
  });
  render(<RouterProvider router={router} />);
  await screen.findByTestId('lab-run');
  return router;
}

/** The switch's radio button for a position (On: …, Off: …). */
const radio = (position: 'on' | 'off') => document.querySelector<HTMLInputElement>(`input[type=radio][name=defence][value=${position}]`)!;

afterEach(cleanup);

describe('the defence switch', () => {
  it('shows the chosen position at once, as the click lands, and the URL follows', async () => {
    const router = await open('/labs/code-replay?defence=on');
    expect(radio('on').checked).toBe(true);
    // A click as the browser delivers it, outside act(): React renders the router's navigation as a transition, later.
    const actEnvironment = (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT;
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
    try {
      radio('off').click();
      // No waiting: the navigation has not been drawn yet, but the switch must not flip back meanwhile.
      expect(radio('off').checked).toBe(true);
      expect(screen.getByTestId('lab-run').textContent).toBe('Run with the defence off');
      await waitFor(() => expect(router.state.location.search).toBe('?defence=off'));
    } finally {
      (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = actEnvironment;
    }
    expect(router.state.location.search).toBe('?defence=off');
    expect(radio('off').checked).toBe(true);
  });

  it('follows the URL when it changes by other means (Back, a link to the other position)', async () => {
    const router = await open('/labs/code-replay?defence=off');
    expect(radio('off').checked).toBe(true);
    await act(() => router.navigate('/labs/code-replay?defence=on'));
    expect(radio('on').checked).toBe(true);
    fireEvent.click(radio('off'));
    await act(async () => {});
    await act(() => router.navigate(-1));
    expect(router.state.location.search).toBe('?defence=off');
    expect(radio('off').checked).toBe(true);
  });
});
