// Browser tests drive Debian's Chromium (/usr/bin/chromium, through playwright-core; never a
// downloaded browser). A missing Chromium fails the run. Screenshots go to test-artifacts/.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { ROOT } from "./helpers";

export const CHROMIUM = "/usr/bin/chromium";
export const ARTEFACTS = join(ROOT, "test-artifacts");
export const DESKTOP = { width: 1280, height: 800 };
export const NARROW = { width: 360, height: 740 };

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is required for browser tests (apt-get install -y chromium)`);
  mkdirSync(ARTEFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions seen so far (not Chromium's own line for each failed response: see `failed`). */
  errors: string[];
  /** Every answer of 400 or more the page received: "<status> <method> <path>". */
  failed: string[];
}

/** A new context (the local certificate is self-signed) and page that records console errors. */
export async function openPage(browser: Browser, viewport = DESKTOP): Promise<WatchedPage> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  const failed: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && !/^Failed to load resource: the server responded with a status of \d+/.test(m.text())) errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("response", (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  return { context, page, errors, failed };
}

/** Full-page screenshots of the current view at desktop and narrow widths (back to desktop after). */
export async function screenshots(page: Page, name: string): Promise<void> {
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: join(ARTEFACTS, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(NARROW);
  await page.waitForTimeout(100);
  await page.screenshot({ path: join(ARTEFACTS, `${name}-narrow.png`), fullPage: true });
  // Nothing may stick out sideways at 360 px (wide content scrolls inside its own box).
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.setViewportSize(DESKTOP);
  if (overflow > 0) throw new Error(`${name}: the page is ${overflow}px wider than a 360px screen`);
}
