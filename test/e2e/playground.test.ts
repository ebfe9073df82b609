// The playground from a real headless Chromium (Debian's, never a downloaded browser): open `/`,
// create a cluster with one click; the page holds no token until asked (the session cookie holds a
// session id, HttpOnly); ask for the setup command, run it in a shell and use real kubectl with the
// kubeconfig it wrote; download the kubeconfig; "Show my token"; a reload returns to the same
// cluster (session cookie) with the token out of the page again.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
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
    // No token within the page's reach: not in the document, not in a cookie script can read.
    expect(await page.content()).not.toContain("kdo_");
    expect(await page.evaluate(() => document.cookie)).toBe("kubedo_has_session=1");
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === "__Host-kubedo_session")).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", value: expect.stringMatching(/^kds_[0-9a-f]{64}$/) });
    expect(JSON.stringify(cookies)).not.toContain("kdo_");

    // The explicit action: the setup command.
    await page.getByRole("button", { name: "Show setup command" }).click();
    const setup = (await page.locator("#setup").textContent())!;
    const token = /token: (kdo_[0-9a-f]{64})/.exec(setup)![1]!;
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

    // The kubeconfig download: the same credentials, straight to disk.
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#download").click()]);
    expect(download.suggestedFilename()).toBe(`kubedo-${clusterId}.yaml`);
    const downloaded = readFileSync((await download.path())!, "utf8");
    expect(downloaded).toContain(`server: https://127.0.0.1:${kubedo.port}/clusters/${clusterId}`);
    expect(downloaded).toContain(`token: ${token}`);
    // "Show my token" shows the same token.
    await page.getByRole("button", { name: "Show my token" }).click();
    expect(await page.locator("#token-value").textContent()).toBe(token);

    // A reload (same cookie) lands in the same cluster without creating another, the token out of the page again.
    await page.reload();
    await page.locator("#ready").waitFor({ state: "visible" });
    expect(await page.locator("#cluster-id").textContent()).toBe(clusterId);
    expect(await page.content()).not.toContain("kdo_");

    // Narrow screens get the same page.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.screenshot({ path: join(ARTEFACTS, "playground-narrow.png"), fullPage: true });
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
