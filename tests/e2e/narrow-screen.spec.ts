import { expect, test, type Page } from '@playwright/test';
import { STOPS } from './page-tour';

/**
 * A phone's width (390 × 844): no page scrolls sideways, whatever it shows
 * (long URLs, tokens, tables and code blocks wrap or scroll inside their own
 * box), and the sequence diagram keeps every lane heading on screen.
 * SCREENSHOTS=1 keeps a picture of each page in the test's output folder.
 */
const WIDTH = 390;
test.use({ viewport: { width: WIDTH, height: 844 } });

async function overflow(page: Page): Promise<{ scrollWidth: number; widest: string[] }> {
  return page.evaluate((width) => {
    const widest = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.closest('[hidden], details:not([open]) > :not(summary)'))
      // Only the outermost culprits: an element inside a box that scrolls on its own is fine.
      .filter((el) => {
        for (let p = el.parentElement; p; p = p.parentElement) if (p.scrollWidth > p.clientWidth && getComputedStyle(p).overflowX !== 'visible') return false;
        return true;
      })
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(el.getBoundingClientRect().right)}`);
    return { scrollWidth: document.documentElement.scrollWidth, widest };
  }, WIDTH);
}

async function diagramLanesOnScreen(page: Page): Promise<string[]> {
  return page.locator('.seq-actor').evaluateAll(
    (lanes, width) =>
      lanes
        .filter((lane) => {
          const box = lane.getBoundingClientRect();
          // Off screen, or its label cut off inside its own box.
          return box.left < 0 || box.right > width || lane.scrollWidth > lane.clientWidth + 1;
        })
        .map((lane) => lane.textContent ?? ''),
    WIDTH,
  );
}

test.describe(`at ${WIDTH} px wide`, () => {
  for (const stop of STOPS) {
    test(`${stop.name}: nothing scrolls the page sideways`, async ({ page }, testInfo) => {
      await stop.visit(page, async (name) => {
        const { scrollWidth, widest } = await overflow(page);
        expect.soft(scrollWidth, `${name}: the page is ${scrollWidth} px wide; too wide: ${widest.join('; ')}`).toBeLessThanOrEqual(WIDTH);
        if ((await page.locator('.seq-actor').count()) > 0) {
          expect.soft(await diagramLanesOnScreen(page), `${name}: lane headings cut off or off screen`).toEqual([]);
        }
        if (process.env.SCREENSHOTS) await page.screenshot({ path: testInfo.outputPath(`${name.replace(/\W+/g, '-')}.png`), fullPage: true });
      });
    });
  }
});
