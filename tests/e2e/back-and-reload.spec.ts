import { expect, test, type Page } from '@playwright/test';
import { actAtAuthServer, continueUntil, leaveButton, openFlow, step } from './helpers';
import { atDigid, atMedMijConsent } from './flow-drivers';

/**
 * Read before act, and Back and reload at every point: a redirect step shows
 * its request and leaves on Continue; the step at the server completes itself
 * when the browser comes back; Back from the server's page, or onto it after
 * the answer, explains where the run is and how to go on.
 */
const FLOW = 'standalone-launch';
const status = (page: Page) => page.locator('.flow-status');

async function toTheLeaveButton(page: Page) {
  await openFlow(page, FLOW);
  await continueUntil(page, async () => (await leaveButton(page).count()) > 0);
}

test('a redirect step shows its request first, leaves on Continue, and the step at the server completes itself on return', async ({ page }) => {
  await toTheLeaveButton(page);
  // The request is on screen before the browser leaves: the redirect step is done, the app is still here.
  expect(new URL(page.url()).pathname).toBe(`/flows/${FLOW}`);
  await expect(step(page, 'redirect')).toHaveAttribute('data-status', 'done');
  await expect(step(page, 'redirect')).toContainText('code_challenge');
  await expect(step(page, 'redirect')).toContainText('/authorize');
  // What happens at the server is readable now, in the pending card.
  await expect(step(page, 'at-server')).toHaveAttribute('data-status', 'pending');
  await expect(step(page, 'at-server')).toContainText('signs the user in');
  await expect(leaveButton(page)).toHaveText(/go to the authorization server \(step 4 happens there\)/);
  await expect(status(page)).toContainText('the browser leaves on Continue');

  // A reload in this phase still offers the same Continue.
  await page.reload();
  await expect(leaveButton(page)).toBeVisible({ timeout: 20_000 });

  await leaveButton(page).click();
  await page.waitForURL(/\/auth\/authorize/);
  await actAtAuthServer(page);
  await page.waitForURL(new RegExp(`/flows/${FLOW}`), { timeout: 20_000 });
  // No Continue for the step the user did at the server: it and the callback check complete themselves.
  await expect(step(page, 'at-server')).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  await expect(step(page, 'callback')).toHaveAttribute('data-status', 'done');
  await expect(step(page, 'at-server')).toContainText('code');
  // ...and the run pauses before the token request, so the callback can be read.
  await expect(page.getByRole('button', { name: /^Continue: Exchange the code/ })).toBeVisible();
  await expect(step(page, 'token')).toHaveAttribute('data-status', 'pending');
  await expect(status(page)).toContainText('The browser came back');
});

test('Back from the sign-in page: the flow page explains where the run is, and "Resend the authorization request" goes on to the end', async ({ page }) => {
  await toTheLeaveButton(page);
  await leaveButton(page).click();
  await page.waitForURL(/\/auth\/authorize/);
  await expect(page.getByRole('heading', { level: 1 }).first()).toHaveText(/^Sign in/);
  const firstRequest = await step(page, 'redirect').count(); // the flow page is gone
  expect(firstRequest).toBe(0);

  await page.goBack();
  await page.waitForURL(new RegExp(`/flows/${FLOW}$`));
  const away = page.getByTestId('away-panel');
  await expect(away).toBeVisible();
  await expect(away).toContainText('the browser left for the authorization server');
  await expect(status(page)).toContainText('the run waits for its answer');
  // A reload keeps the explanation.
  await page.reload();
  await expect(page.getByTestId('away-panel')).toBeVisible({ timeout: 20_000 });

  const oldState = await step(page, 'authorize-request').textContent();
  await page.getByRole('button', { name: 'Resend the authorization request' }).click();
  // A new request (new state) is built and shown; the browser leaves on Continue.
  await expect(leaveButton(page)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('away-panel')).toHaveCount(0);
  expect(await step(page, 'authorize-request').textContent()).not.toBe(oldState);
  await expect(step(page, 'discover')).toHaveAttribute('data-status', 'done');

  await leaveButton(page).click();
  await page.waitForURL(/\/auth\/authorize/);
  await actAtAuthServer(page);
  await page.waitForURL(new RegExp(`/flows/${FLOW}`), { timeout: 20_000 });
  await continueUntil(page, async () => (await page.getByText('Flow complete').count()) > 0);
  await expect(step(page, 'token')).toHaveAttribute('data-status', 'done');
});

test('Back after the callback: the SMART server page says the request was already answered and leads back', async ({ page }) => {
  await toTheLeaveButton(page);
  await leaveButton(page).click();
  await page.waitForURL(/\/auth\/authorize/);
  await actAtAuthServer(page);
  await page.waitForURL(new RegExp(`/flows/${FLOW}`), { timeout: 20_000 });
  await expect(step(page, 'callback')).toHaveAttribute('data-status', 'done', { timeout: 20_000 });

  await page.goBack();
  await page.waitForURL(/\/auth\/authorize/);
  const answered = page.getByTestId('already-answered');
  await expect(answered).toBeVisible({ timeout: 20_000 });
  await expect(answered).toContainText('This authorization request was already answered: its code went back to the app at');
  await expect(answered).toContainText('A code is used once');
  await expect(page.getByRole('heading', { name: /^Sign in/ })).toHaveCount(0);
  // A reload of the server page says the same.
  await page.reload();
  await expect(page.getByTestId('already-answered')).toBeVisible({ timeout: 20_000 });

  await page.getByRole('link', { name: 'Back to the flow' }).click();
  await page.waitForURL(new RegExp(`/flows/${FLOW}$`));
  await expect(page.getByRole('button', { name: /^Continue: Exchange the code/ })).toBeVisible({ timeout: 20_000 });
  await continueUntil(page, async () => (await page.getByText('Flow complete').count()) > 0);

  // From the answered page, a new request starts over from the authorize step.
  await page.goBack();
  await expect(page.getByTestId('already-answered')).toBeVisible({ timeout: 20_000 });
  await page.getByRole('link', { name: 'Start a new authorization request' }).click();
  await expect(leaveButton(page)).toBeVisible({ timeout: 20_000 });
  await expect(step(page, 'token')).toHaveAttribute('data-status', 'pending');
});

test('reload of /callback after the hand-over returns to the flow where it stands', async ({ page }) => {
  await toTheLeaveButton(page);
  await leaveButton(page).click();
  await page.waitForURL(/\/auth\/authorize/);
  let callback = '';
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() && frame.url().includes('/callback?')) callback = frame.url();
  });
  await actAtAuthServer(page);
  await page.waitForURL(new RegExp(`/flows/${FLOW}`), { timeout: 20_000 });
  await expect(page.getByRole('button', { name: /^Continue: Exchange the code/ })).toBeVisible({ timeout: 20_000 });
  expect(callback).toContain('code=');
  // The same callback URL loaded again (a reload of /callback): not an orphan, not handed over twice.
  await page.goto(callback);
  await page.waitForURL(new RegExp(`/flows/${FLOW}$`), { timeout: 20_000 });
  await expect(page.getByRole('button', { name: /^Continue: Exchange the code/ })).toBeVisible({ timeout: 20_000 });
  await expect(step(page, 'at-server')).toHaveAttribute('data-status', 'done');
});

test('MedMij: steps 3-10 are explained before the browser leaves; Back after the callback shows the consent was already answered', async ({ page }) => {
  await openFlow(page, 'medmij-verzamelen');
  await continueUntil(page, async () => (await leaveButton(page).count()) > 0);
  await expect(leaveButton(page)).toHaveText(/steps 3–10 happen there/);
  await expect(step(page, 'authorization-request')).toHaveAttribute('data-status', 'done');
  await expect(step(page, 'authorization-request')).toContainText('state');
  for (const id of ['digid-login', 'consent']) {
    await expect(step(page, id)).toHaveAttribute('data-status', 'pending');
    expect(((await step(page, id).locator('.step-why').textContent()) ?? '').length).toBeGreaterThan(40);
  }
  await leaveButton(page).click();
  await atDigid(page, { account: 'test-anna' });
  await atMedMijConsent(page, 'Toestaan');
  await page.waitForURL(/\/flows\/medmij-verzamelen/, { timeout: 20_000 });
  // Steps 3 to 11 complete themselves; the run pauses before the token request.
  await expect(step(page, 'callback')).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  await expect(step(page, 'consent')).toHaveAttribute('data-status', 'done');
  await expect(step(page, 'token-request')).toHaveAttribute('data-status', 'pending');

  await page.goBack();
  await page.waitForURL(/\/oauth\/consent\?/);
  const answered = page.getByTestId('already-answered');
  await expect(answered).toBeVisible({ timeout: 20_000 });
  await expect(answered).toContainText('its code went back to the app at');
  await page.getByRole('link', { name: 'Back to the flow' }).click();
  await page.waitForURL(/\/flows\/medmij-verzamelen$/);
  await continueUntil(page, async () => (await page.getByText('Flow complete').count()) > 0);
});

test('MedMij: Back from the DigiD login returns to the flow page (the authorization server, which only forwarded, is not in the history)', async ({ page }) => {
  await openFlow(page, 'medmij-verzamelen');
  await continueUntil(page, async () => (await leaveButton(page).count()) > 0);
  await leaveButton(page).click();
  await page.waitForURL(/\/mock\/digid\//);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/DigiD/);
  await page.goBack();
  await page.waitForURL(/\/flows\/medmij-verzamelen$/, { timeout: 20_000 });
  await expect(page.getByTestId('away-panel')).toBeVisible({ timeout: 20_000 });
});
