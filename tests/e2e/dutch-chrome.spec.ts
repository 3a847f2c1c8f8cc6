import { expect, test, type Page } from '@playwright/test';
import { atDigid, atMedMijConsent } from './flow-drivers';
import { openFlow } from './helpers';
import { chooseDutch } from './page-tour';

/** With Nederlands chosen, the whole flow page speaks Dutch: the step texts and the chrome around them. */
const ENGLISH_CHROME = [
  /\bContinue\b/,
  /Run to end/,
  /Start over/,
  /\bSequence\b/,
  /\bSet-up\b/,
  /\bExport\b/,
  /\bpending\b/,
  /\bDetails: \d+ exchange/,
  /What this run/,
  /Flow complete/,
  // The exchanges' own chrome.
  // (not "Response": SAML's own element names, such as Response InResponseTo, are content)
  /\bRequest\b/,
  /Full URL/,
  /\bCopy\b/,
  // The values' chrome (checks, tokens, scopes).
  /all passed|some failed/,
  /\bopaque\b/,
  /\d+ requested, \d+ granted/,
];

async function englishLeft(page: Page): Promise<string[]> {
  const text = await page.locator('.flow-page').innerText();
  return ENGLISH_CHROME.filter((word) => word.test(text)).map(String);
}

test('Nederlands: buttons, status line, set-up, diagram, badges, export and the summary are Dutch', async ({ page }) => {
  await openFlow(page, 'medmij-verzamelen');
  await chooseDutch(page);
  await expect(page.locator('.flow-page')).toHaveAttribute('lang', 'nl');
  await expect(page.getByRole('button', { name: /^Doorgaan: / })).toBeVisible();
  await expect(page.locator('.flow-summary')).toContainText('Een PGO verzamelt');
  // Open the export menu, so its options count too.
  await page.getByText('Exporteren', { exact: true }).first().click();
  expect(await englishLeft(page)).toEqual([]);

  await page.getByRole('button', { name: 'Alles uitvoeren' }).click();
  await atDigid(page, { account: 'test-anna' });
  await atMedMijConsent(page, 'Toestaan');
  await expect(page.getByText('Flow voltooid')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('run-summary')).toBeVisible();
  await expect(page.getByTestId('run-summary').getByRole('heading', { level: 2 })).toHaveText('Wat deze run opleverde en bewees');
  await expect(page.locator('.flow-page')).toHaveAttribute('lang', 'nl');
  expect(await englishLeft(page)).toEqual([]);
  // Each HTTP exchange: the request and the answer, in Dutch.
  await expect(page.getByRole('heading', { name: 'Verzoek', level: 4 }).first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Antwoord', level: 4 }).first()).toBeVisible();
});

test('English stays English, and sets no lang of its own', async ({ page }) => {
  await openFlow(page, 'medmij-verzamelen');
  await expect(page.locator('.flow-page')).not.toHaveAttribute('lang', /.*/);
  await expect(page.getByRole('button', { name: /^Continue: / })).toBeVisible();
  await expect(page.getByText('Sequence', { exact: true })).toBeVisible();
});

test('Nederlands: the trip to DigiD (the leave button, the waiting panel after Back) and presenter mode are Dutch too', async ({ page }) => {
  await openFlow(page, 'medmij-verzamelen');
  await chooseDutch(page);
  const leave = page.getByRole('button', { name: /^Doorgaan: naar / });
  for (let i = 0; i < 6 && (await leave.count()) === 0; i++) {
    await page
      .getByRole('button', { name: /^Doorgaan: / })
      .first()
      .click();
  }
  await expect(leave).toHaveText(/stappen 3–10 gebeuren daar/);
  await expect(page.getByRole('button', { name: 'Presenteren' })).toBeVisible();
  expect(await englishLeft(page)).toEqual([]);
  expect(await page.locator('.flow-page').innerText()).not.toMatch(/happen there|\bPresent\b/);

  await leave.click();
  await page.waitForURL(/\/mock\/digid\//);
  await page.goBack();
  await page.waitForURL(/\/flows\/medmij-verzamelen/);
  const away = page.getByTestId('away-panel');
  await expect(away).toBeVisible({ timeout: 20_000 });
  await expect(away.getByRole('heading', { level: 2 })).toHaveText(/^De run wacht op /);
  await expect(away.getByRole('button', { name: 'Het autorisatieverzoek opnieuw versturen' })).toBeVisible();
  expect(await away.innerText()).not.toMatch(/Resend|Start over|The run waits/);

  await page.getByRole('button', { name: 'Presenteren' }).click();
  await expect(page.getByTestId('presenter-keys')).toContainText('volledig scherm');
  await expect(page.getByTestId('presenter-where')).toHaveText(/^Stap \d+ van \d+: /);
});

test('Nederlands: a set-up link that cannot be fully used says so in Dutch, and Copy link is Kopieer link', async ({ page }) => {
  await page.goto('/flows/medmij-verzamelen?lang=nl&account=not-a-bsn');
  const problems = page.getByTestId('setup-link-problems');
  await expect(problems).toBeVisible({ timeout: 20_000 });
  await expect(problems.getByRole('heading', { level: 2 })).toHaveText('Een deel van deze link kon niet worden gebruikt');
  await expect(problems).toContainText('account=not-a-bsn');
  await expect(problems).toContainText('Toegestaan:');
  await expect(page.getByRole('button', { name: 'Kopieer link' })).toBeVisible();
  expect(await problems.innerText()).not.toMatch(/could not be used|Accepted:|Dismiss/);
});

test('a Dutch set-up link with values that cannot be read says so in Dutch', async ({ page }) => {
  await openFlow(page, 'medmij-verzamelen', '?lang=nl&zorgaanbieder=Ziekenhuis&scope=1.x&scope=2.x&account=123456789&error=teapot');
  const problems = page.getByTestId('setup-link-problems');
  await expect(problems).toBeVisible();
  await expect(problems.getByRole('heading')).toHaveText('Een deel van deze link kon niet worden gebruikt');
  await expect(problems).toContainText('scope=1.x, 2.x: hij staat er 2 keer in. Toegestaan: één waarde.');
  await expect(problems).toContainText('zorgaanbieder=Ziekenhuis: een Zorgaanbiedernaam is kleine letters gevolgd door @medmij');
  await expect(problems).toContainText('een naam uit de ZAL, zoals');
  await expect(problems).toContainText('error=teapot: het is geen van de keuzes. Toegestaan:');
  await expect(problems).toContainText('account=123456789: de mock-DigiD heeft geen testaccount met dit BSN');
  await expect(problems).not.toContainText(/\b(it is|the mock|a name from|one value)\b/);
});
