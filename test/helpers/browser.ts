/**
 * Headless Chromium (Debian's `chromium`, driven by playwright-core) for the page tests: contexts in Asia/Shanghai,
 * an accessibility check with axe, and a screenshot of the page when a step fails (test-results/, git-ignored).
 */
import AxeBuilder from '@axe-core/playwright';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RESULTS = path.resolve(__dirname, '..', '..', 'test-results');

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk (.ci/run does it)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Errors thrown in the pages (uncaught exceptions, console errors), reported with a failing step. */
const pageErrors: string[] = [];

export async function newContext(browser: Browser, opts: { narrow?: boolean } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
    viewport: opts.narrow ? { width: 375, height: 800 } : { width: 1280, height: 900 },
    ...(opts.narrow ? { isMobile: true, hasTouch: true } : {}),
  });
  context.on('weberror', (e) => pageErrors.push(`${e.page()?.url() ?? ''}: ${e.error().stack ?? e.error().message}`));
  context.on('console', (m) => { if (m.type() === 'error') pageErrors.push(`${m.page()?.url() ?? ''}: console.error ${m.text()}`); });
  return context;
}

/** axe's serious and critical violations on the page as it is now (none expected). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

/** Whether the page is wider than its viewport (a narrow screen would have to scroll sideways). */
export async function overflowsHorizontally(page: Page): Promise<boolean> {
  // Runs in the page (the tests' own TypeScript has no DOM types).
  return page.evaluate(() => { const w = globalThis as any; return w.document.documentElement.scrollWidth > w.innerWidth + 1; });
}

/** Runs a step; if it fails, the pages open at that moment are saved as test-results/<name>-<n>.png (and .html). */
export async function screenshotOnFailure<T>(name: string, pages: () => Page[], step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    mkdirSync(RESULTS, { recursive: true });
    const open = pages().filter((p) => !p.isClosed());
    const file = (i: number, ext: string) => path.join(RESULTS, `${name.replace(/\W+/g, '-')}-${i}.${ext}`);
    await Promise.all(
      open.map(async (p, i) => {
        await p.screenshot({ path: file(i, 'png'), fullPage: true }).catch(() => undefined);
        writeFileSync(file(i, 'html'), await p.content().catch(() => ''));
      }),
    );
    // What the pages themselves reported: a blank page is usually an exception thrown while rendering.
    if (pageErrors.length) process.stderr.write(`[${name}] the pages reported:\n${pageErrors.splice(0).slice(-5).join('\n')}\n`);
    throw err;
  }
}
