import { expect, test } from '@playwright/test';
import { step } from '../helpers';

/**
 * A set-up link in the dev server, where React StrictMode runs effects twice:
 * the link is applied once, ?auto=1 runs its set-up once, and the address bar settles.
 */
test('a set-up link with ?auto=1 runs that set-up to its simulated error', async ({ page }) => {
  await page.goto(
    '/flows/standalone-launch?client=confidential&auth=client_secret_post&login=skip&consent=skip&patient=p-anna&error=token_invalid_token&auto=1',
  );
  await expect(step(page, 'token')).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
  await expect(step(page, 'token').getByTestId('step-error')).toContainText('invalid_grant');
  await expect(page.getByTestId('setup-link-replaced')).toHaveCount(0);
  const query = new URL(page.url()).searchParams;
  expect(query.get('client')).toBe('confidential');
  expect(query.get('auth')).toBe('client_secret_post');
  expect(query.get('error')).toBe('token_invalid_token');
});
