import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';
import { STOPS } from './page-tour';

/**
 * axe-core on every page of the playground: the WCAG 2.x A and AA rules and
 * axe's best practices, 0 violations. The built app's Content-Security-Policy
 * allows no injected script, so the context bypasses it (the check only).
 */
const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

async function axeViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, options: object) => Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  }, TAGS);
}

const describe = (violations: Violation[]) =>
  violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    at ${JSON.stringify(n.target)}`).join('\n')}`).join('\n');

test.use({ bypassCSP: true });

test.describe('axe-core finds no WCAG 2.x A/AA or best-practice violation', () => {
  for (const stop of STOPS) {
    test(stop.name, async ({ page }) => {
      await stop.visit(page, async (name) => {
        const violations = await axeViolations(page);
        expect.soft(violations.length, `${name}:\n${describe(violations)}`).toBe(0);
      });
    });
  }
});
