// The playground from a real headless Chromium (Debian's, never a downloaded browser): open `/`,
// create a cluster with one click, take the setup command the page shows, run it in a shell and
// use real kubectl with the kubeconfig it wrote; a reload returns to the same cluster (cookie).
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTEFACTS, launchChromium } from "./browser";
import { kubectl, startKubedo, type Kubedo } from "./helpers";

let kubedo: Kubedo;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  kubedo = await startKubedo();
});

afterAll(async () => {
  await browser?.close();
  await kubedo?.stop();
});

describe("playground in Chromium", () => {
  it("gives a cluster in one click, with a setup command that real kubectl works with; a reload comes back to it", async () => {
    // The local certificate is self-signed (kubectl trusts it through the kubeconfig's CA data).
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    const origin = `https://127.0.0.1:${kubedo.port}`;
    await page.goto(`${origin}/`);
    await page.getByRole("button", { name: "Create my cluster" }).click();
    await page.locator("#ready").waitFor({ state: "visible" });
    const clusterId = (await page.locator("#cluster-id").textContent())!;
    expect(clusterId).toMatch(/^c[0-9a-f]{16}$/);
    const setup = (await page.locator("#setup").textContent())!;
    expect(setup).toContain(`kubedo-${clusterId}.yaml`);
    await page.screenshot({ path: join(ARTEFACTS, "playground-desktop.png"), fullPage: true });

    // Run the command as a user would, in a fresh home, then kubectl.
    const home = mkdtempSync(join(tmpdir(), "kubedo-playground-home-"));
    const shell = spawnSync("bash", ["-c", `${setup}\necho "$KUBECONFIG"`], { encoding: "utf8", env: { ...process.env, HOME: home } });
    expect(shell.status).toBe(0);
    const kubeconfig = shell.stdout.trim();
    expect(kubeconfig).toBe(join(home, ".kube", `kubedo-${clusterId}.yaml`));
    const k = kubectl("1.33", kubeconfig);
    const nodes = k.run(["get", "nodes"]);
    expect(nodes.stderr).toBe("");
    expect(nodes.stdout.match(/node-\d\s+Ready/g)).toHaveLength(3);
    expect(k.run(["create", "namespace", "from-playground"]).stdout).toContain("namespace/from-playground created");

    // A reload (same cookie) lands in the same cluster without creating another.
    await page.reload();
    await page.locator("#ready").waitFor({ state: "visible" });
    expect(await page.locator("#cluster-id").textContent()).toBe(clusterId);

    // Narrow screens get the same page.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.screenshot({ path: join(ARTEFACTS, "playground-narrow.png"), fullPage: true });
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
