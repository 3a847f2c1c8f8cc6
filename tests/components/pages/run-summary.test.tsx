// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Journal } from '../../../src/journal/types';
import { RunSummary } from '../../../src/pages/RunSummary';
import { RunLanguageBoundary } from '../../../src/ui/run-language';

afterEach(cleanup);

const done = { kind: 'done', finishedAt: '2025-01-01T00:00:01.000Z' } as const;
const journal: Journal = {
  runId: 'r',
  flowId: 'medmij-verzamelen',
  startedAt: '2025-01-01T00:00:00.000Z',
  state: { lang: 'nl' },
  steps: [
    {
      id: 'callback',
      status: done,
      exchanges: [],
      artifacts: [
        { kind: 'compare', label: 'state', sentLabel: 'verstuurde state', sent: 's', returnedLabel: 'teruggekregen state', returned: 's', equal: true },
      ],
    },
    {
      id: 'token',
      status: done,
      exchanges: [
        {
          kind: 'http',
          id: 'x1',
          startedAt: '2025-01-01T00:00:00.000Z',
          durationMs: 3,
          request: { method: 'POST', url: 'https://za.test/token', headers: [] },
          response: {
            status: 200,
            statusText: 'OK',
            headers: [],
            body: JSON.stringify({ access_token: 'a', token_type: 'Bearer', expires_in: 900, scope: '4' }),
          },
        },
      ],
      artifacts: [],
    },
  ],
};
const definition = { id: 'medmij-verzamelen', title: 'MedMij', summary: '', steps: [] };

describe('RunSummary', () => {
  it('shows nothing while the run goes on', () => {
    const { container } = render(<RunSummary journal={journal} definition={definition} finished={false} />);
    expect(container.textContent).toBe('');
  });

  it("in Dutch: the headings, the token's lifetime and what the state check proved", () => {
    render(
      <RunLanguageBoundary lang="nl">
        <RunSummary journal={journal} definition={definition} finished />
      </RunLanguageBoundary>,
    );
    const summary = screen.getByTestId('run-summary');
    expect(within(summary).getByRole('heading', { level: 2 }).textContent).toBe('Wat deze run opleverde en bewees');
    expect(within(summary).getByTestId('summary-tokens').textContent).toContain('Geldigheid: 15 min');
    expect(within(summary).getByTestId('summary-proofs').textContent).toContain('state: teruggekregen state is gelijk aan verstuurde state');
    expect(within(summary).getByText('Exporteren')).toBeTruthy();
    expect(summary.textContent).not.toMatch(/Lifetime|Export\b|What the checks/);
  });

  it('takes the focus when the run finishes while the page is open, not when the page opens on a finished run', () => {
    const { rerender } = render(<RunSummary journal={journal} definition={definition} finished={false} />);
    rerender(<RunSummary journal={journal} definition={definition} finished />);
    expect(document.activeElement).toBe(screen.getByTestId('run-summary'));
    cleanup();
    render(<RunSummary journal={journal} definition={definition} finished />);
    expect(document.activeElement).not.toBe(screen.getByTestId('run-summary'));
  });
});
