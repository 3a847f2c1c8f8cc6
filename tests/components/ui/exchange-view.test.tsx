// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Exchange, HeaderList } from '../../../src/journal/types';
import { ExchangeView } from '../../../src/ui/ExchangeView';
import { foldHeaders } from '../../../src/ui/header-folding';

afterEach(cleanup);

const tokenExchange = (responseHeaders: HeaderList): Exchange => ({
  kind: 'http',
  id: 'x1',
  startedAt: '2026-01-01T00:00:00Z',
  durationMs: 12,
  request: {
    method: 'POST',
    url: 'https://as.test/token',
    headers: [
      ['Content-Type', 'application/x-www-form-urlencoded'],
      ['Accept', 'application/json'],
      ['Authorization', 'Basic cGxheWdyb3VuZDpzZWNyZXQ='],
    ],
    body: 'grant_type=authorization_code&code=abc',
  },
  response: { status: 200, statusText: 'OK', headers: responseHeaders, body: '{"access_token":"t","token_type":"Bearer"}' },
});

const names = (region: HTMLElement) =>
  within(region)
    .getAllByRole('rowheader')
    .map((cell) => cell.textContent);

describe('foldHeaders', () => {
  it('keeps the headers that matter, in the order sent, and drops CORS, Date, Vary', () => {
    const headers: HeaderList = [
      ['date', 'Mon, 30 Nov 2026 10:00:00 GMT'],
      ['content-type', 'application/json'],
      ['access-control-allow-origin', '*'],
      ['vary', 'Origin'],
      ['www-authenticate', 'Bearer error="invalid_token"'],
      ['location', '/callback'],
      ['cache-control', 'no-store'],
    ];
    expect(foldHeaders(headers).shown.map(([n]) => n)).toEqual(['content-type', 'www-authenticate', 'location']);
    expect(foldHeaders(headers, { tokenResponse: true }).shown.map(([n]) => n)).toEqual(['content-type', 'www-authenticate', 'location', 'cache-control']);
    expect(foldHeaders(headers).all).toHaveLength(7);
  });

  it('matches names as HTTP does, whatever their case', () => {
    expect(
      foldHeaders([
        ['DPoP', 'eyJ...'],
        ['X-Request-Id', '1'],
      ]).shown,
    ).toEqual([['DPoP', 'eyJ...']]);
  });
});

describe('ExchangeView headers', () => {
  it('a token response shows Content-Type, Cache-Control and Pragma; CORS and Date wait behind "All N headers"', async () => {
    const user = userEvent.setup();
    render(
      <ExchangeView
        exchange={tokenExchange([
          ['access-control-allow-origin', '*'],
          ['cache-control', 'no-store'],
          ['content-type', 'application/json'],
          ['date', 'Mon, 30 Nov 2026 10:00:00 GMT'],
          ['pragma', 'no-cache'],
          ['vary', 'Origin'],
        ])}
      />,
    );
    const response = screen.getByTestId('response-headers');
    const shown = within(response).getByRole('table', { name: 'Response headers' });
    expect(names(shown)).toEqual(['cache-control', 'content-type', 'pragma']);

    const disclosure = within(response)
      .getByText(/^All 6/, { selector: 'summary' })
      .closest('details')!;
    expect(disclosure.open).toBe(false);
    expect(disclosure.querySelector('summary')?.textContent).toMatch(/^All 6\s+response\s+headers$/);
    await user.click(within(disclosure).getByText(/^All 6/, { selector: 'summary' }));
    expect(disclosure.open).toBe(true);
    expect(names(within(disclosure).getByRole('table', { name: 'Response headers, all 6' }))).toEqual([
      'access-control-allow-origin',
      'cache-control',
      'content-type',
      'date',
      'pragma',
      'vary',
    ]);
  });

  it('the request headers that matter are all there is: no disclosure', () => {
    render(<ExchangeView exchange={tokenExchange([['content-type', 'application/json']])} />);
    const request = screen.getByTestId('request-headers');
    expect(names(within(request).getByRole('table', { name: 'Request headers' }))).toEqual(['Content-Type', 'Accept', 'Authorization']);
    expect(within(request).queryByText(/^All \d+/, { selector: 'summary' })).toBeNull();
  });

  it('headers of which none matter are one click away, not gone', () => {
    render(
      <ExchangeView
        exchange={tokenExchange([
          ['date', 'x'],
          ['vary', 'Origin'],
        ])}
      />,
    );
    const response = screen.getByTestId('response-headers');
    expect(within(response).getByText('Response headers: none that matter here')).toBeTruthy();
    expect(
      within(response)
        .getByText(/^All 2/, { selector: 'summary' })
        .closest('details'),
    ).toBeTruthy();
  });

  it('a non-token response does not single out Cache-Control', () => {
    const exchange = tokenExchange([
      ['cache-control', 'max-age=60'],
      ['content-type', 'application/fhir+json'],
    ]);
    if (exchange.kind !== 'http') throw new Error('http');
    const fhir: Exchange = {
      ...exchange,
      request: { ...exchange.request, url: 'https://fhir.test/Patient/1' },
      response: { ...exchange.response!, body: '{"resourceType":"Patient"}' },
    };
    render(<ExchangeView exchange={fhir} />);
    expect(names(within(screen.getByTestId('response-headers')).getByRole('table', { name: 'Response headers' }))).toEqual(['content-type']);
  });
});
