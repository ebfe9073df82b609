// Part 6: the console's first paint, in Debian's Chromium (never a downloaded browser) against
// Miniflare serving the built console (dist/web) and the API, as production routes them. Each cold
// load is a new browser context (empty cache); each warm load reloads in the same context (hashed
// assets from cache). Reports first contentful paint and the time until the live table shows its
// first row (list + watch done), p50/p99.
import { existsSync } from "node:fs";
import { summarize } from "./stats.mjs";

const CHROMIUM = "/usr/bin/chromium";

export async function benchConsole(env, clusterId, { loads }) {
  if (!existsSync(CHROMIUM)) return { skipped: `${CHROMIUM} is not installed` };
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
  const url = `${env.url}/console/${clusterId}/r/core/v1/namespaces`;
  const measure = (page) =>
    page.evaluate(() => ({
      fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
      table: performance.now(),
    }));
  const signIn = async (context) => {
    const page = await context.newPage();
    await page.goto(`${env.url}/healthz`);
    const res = await page.evaluate(async (token) => (await fetch("/v1/session", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ token }) })).status, env.token);
    if (res !== 201) throw new Error(`console sign-in: ${res}`);
    return page;
  };
  try {
    const cold = { fcp: [], table: [] };
    for (let i = 0; i < loads; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await signIn(context);
      await page.goto(url);
      await page.locator("table.grid tbody tr").first().waitFor();
      const m = await measure(page);
      cold.fcp.push(m.fcp);
      cold.table.push(m.table);
      await context.close();
    }
    const warm = { fcp: [], table: [] };
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await signIn(context);
    await page.goto(url);
    for (let i = 0; i < loads; i++) {
      await page.reload();
      await page.locator("table.grid tbody tr").first().waitFor();
      const m = await measure(page);
      warm.fcp.push(m.fcp);
      warm.table.push(m.table);
    }
    await context.close();
    return {
      loads,
      coldFcp: summarize(cold.fcp),
      coldTable: summarize(cold.table),
      warmFcp: summarize(warm.fcp),
      warmTable: summarize(warm.table),
    };
  } finally {
    await browser.close();
  }
}
