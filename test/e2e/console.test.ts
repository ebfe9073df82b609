// The web console in Debian's Chromium against `npm start`, with real kubectl making the changes:
// a playground cluster from `/`, the live dashboard (Deployment → ReplicaSet → Pods appearing without
// a reload), the YAML editor (an applied change, a refused one with the server's causes), the
// multi-document apply panel, pod logs, an action RBAC forbids shown disabled, the architecture view
// lighting up for an apply, the topology graph and the clock. Screenshots of every view at 1280 and
// 360 px go to test-artifacts/.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTEFACTS, launchChromium, openPage, screenshots, type WatchedPage } from "./browser";
import { kubectl, startKubedo, type Kubectl, type Kubedo } from "./helpers";

let kubedo: Kubedo;
let browser: Browser;
let owner: WatchedPage;
let page: Page;
let k: Kubectl;
let clusterId: string;
let origin: string;

beforeAll(async () => {
  browser = await launchChromium();
  kubedo = await startKubedo();
  origin = `https://127.0.0.1:${kubedo.port}`;
  owner = await openPage(browser);
  page = owner.page;
  // Keeps every WebSocket the console opens, so a test can drop them and watch it resume.
  await page.addInitScript(() => {
    const Native = window.WebSocket;
    const opened: WebSocket[] = ((window as any).__sockets = []);
    (window as any).WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        opened.push(this);
      }
    };
  });
});

afterAll(async () => {
  await browser?.close();
  await kubedo?.stop();
});

/** Follows an in-app link (no page load); the marker proves the page was never reloaded. */
async function go(linkName: string | RegExp) {
  await page.getByRole("link", { name: linkName }).first().click();
}

const row = (name: string) => page.locator(`table.grid tbody tr[data-name="${name}"]`);

describe("console in Chromium", () => {
  it("/ gives a playground cluster and a setup command that real kubectl works with", async () => {
    await page.goto(`${origin}/`);
    await page.getByRole("button", { name: "Create my cluster" }).click();
    await page.locator("#ready").waitFor();
    clusterId = (await page.locator("#cluster-id").textContent())!;
    expect(clusterId).toMatch(/^c[0-9a-f]{16}$/);
    await page.getByRole("button", { name: "Show setup command" }).click();
    const setup = (await page.locator("#setup").textContent())!;
    const home = mkdtempSync(join(tmpdir(), "kubedo-console-home-"));
    const shell = spawnSync("bash", ["-c", `${setup}\necho "$KUBECONFIG"`], { encoding: "utf8", env: { ...process.env, HOME: home } });
    expect(shell.status, shell.stderr).toBe(0);
    k = kubectl("1.33", shell.stdout.trim());
    const nodes = k.run(["get", "nodes"]);
    expect(nodes.stderr).toBe("");
    expect(nodes.stdout.match(/node-\d\s+Ready/g)).toHaveLength(3);
    await screenshots(page, "01-landing-playground");
  });

  it("shows a Deployment, its ReplicaSet and Pods appear live, without a reload", async () => {
    await go("Open the dashboard");
    await page.waitForURL(`**/console/${clusterId}/r/apps/v1/deployments`);
    await page.getByText("No Deployment in default").waitFor();
    await page.evaluate(() => ((window as any).__sameDocument = true));

    expect(k.run(["create", "deployment", "web", "--image=nginx", "--replicas=3"]).stdout).toContain("deployment.apps/web created");
    await row("web").waitFor();
    await expect.poll(() => row("web").locator("td").nth(1).textContent(), { timeout: 20_000 }).toBe("3/3");
    await screenshots(page, "02-deployments");

    await page.getByRole("complementary").getByRole("link", { name: "ReplicaSet", exact: true }).click();
    await expect.poll(() => page.locator("table.grid tbody tr").count()).toBe(1);
    expect(await page.locator("table.grid tbody tr").first().getAttribute("data-name")).toMatch(/^web-[a-z0-9]+$/);
    await page.getByRole("complementary").getByRole("link", { name: "Pod", exact: true }).click();
    await expect.poll(() => page.locator('table.grid tbody tr[data-name^="web-"]').count()).toBe(3);
    await expect.poll(() => page.locator("table.grid tbody tr.tone-ok").count(), { timeout: 20_000 }).toBe(3);
    await screenshots(page, "03-pods");

    // The Deployment's page: its tree down to the nodes.
    await page.getByRole("complementary").getByRole("link", { name: "Deployment", exact: true }).click();
    await row("web").getByRole("link", { name: "web" }).click();
    await page.getByRole("tab", { name: "Related" }).click();
    const tree = page.locator("#owner-tree");
    await expect.poll(() => tree.locator('[data-kind="Pod"]').count(), { timeout: 20_000 }).toBe(3);
    expect(await tree.locator('[data-kind="Deployment"][data-name="web"]').count()).toBe(1);
    expect(await tree.locator('[data-kind="ReplicaSet"]').count()).toBe(1);
    expect(await tree.locator('[data-kind="Node"]').count()).toBeGreaterThan(0);
    // Scaling with kubectl shows up in the open tree.
    k.run(["scale", "deployment", "web", "--replicas=4"]);
    await expect.poll(() => tree.locator('[data-kind="Pod"]').count(), { timeout: 20_000 }).toBe(4);
    await screenshots(page, "04-object-related");
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
  });

  it("resumes a dropped watch from the last resourceVersion it saw, missing nothing", async () => {
    await page.goto(`${origin}/console/${clusterId}/r/core/v1/configmaps`);
    await page.locator(".live.on").waitFor();
    const watchUrls = () => page.evaluate(() => ((window as any).__sockets as WebSocket[]).filter((w) => w.url.includes("/configmaps?")).map((w) => w.url));
    expect(await watchUrls()).toHaveLength(1);
    const firstRv = new URL((await watchUrls())[0]!).searchParams.get("resourceVersion");
    expect(firstRv).toMatch(/^\d+$/);
    // The connection drops (as when a watch times out); a change lands while it is down.
    await page.evaluate(() => {
      for (const w of (window as any).__sockets as WebSocket[]) if (w.url.includes("/configmaps?")) w.close();
    });
    k.run(["create", "configmap", "while-away"]);
    await row("while-away").waitFor({ timeout: 20_000 });
    const urls = await watchUrls();
    expect(urls.length).toBe(2);
    // The second watch started where the first left off, not from a fresh list.
    expect(Number(new URL(urls[1]!).searchParams.get("resourceVersion"))).toBeGreaterThanOrEqual(Number(firstRv));
  });

  it("is keyboard navigable: skip link, side bar, table links and tabs", async () => {
    await page.goto(`${origin}/console/${clusterId}/r/apps/v1/deployments`);
    await row("web").waitFor();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    // Tab on to the first link in the table, and open it with Enter.
    for (let i = 0; i < 80 && (await page.evaluate(() => document.activeElement?.closest("table") === null)); i++) await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("web");
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/o/apps/v1/deployments/default/web**`);
    // The object's tabs: arrow keys move between them.
    await page.locator('[role="tab"][aria-selected="true"]').focus();
    await page.keyboard.press("ArrowRight");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Events");
    expect(await page.locator('[role="tab"][aria-selected="true"]').textContent()).toBe("Events");
    await expect.poll(() => page.locator("#events").textContent()).toContain("ScalingReplicaSet");
  });

  it("lists a new CustomResourceDefinition's kind as soon as it is established", async () => {
    const crd = join(kubedo.dir, "crd.yaml");
    writeFileSync(
      crd,
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  group: example.com\n  scope: Namespaced\n  names:\n    plural: widgets\n    singular: widget\n    kind: Widget\n  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema:\n        type: object\n        x-kubernetes-preserve-unknown-fields: true\n",
    );
    expect(k.run(["apply", "-f", crd]).stdout).toContain("created");
    const link = page.getByRole("complementary").getByRole("link", { name: "Widget", exact: true });
    await link.waitFor({ timeout: 20_000 });
    await link.click();
    await page.getByText("No Widget in default").waitFor();
  });

  it("the YAML editor applies a change, and shows the server's causes for an invalid one", async () => {
    await page.goto(`${origin}/console/${clusterId}/o/apps/v1/deployments/default/web`);
    await page.getByRole("tab", { name: "YAML" }).click();
    const deployment = JSON.parse(k.run(["get", "deployment", "web", "-o", "json"]).stdout);
    delete deployment.metadata.managedFields;
    delete deployment.status;
    deployment.spec.replicas = 2;
    await replaceEditorText(page, "#main", JSON.stringify(deployment, null, 2));
    await page.locator("#yaml-apply").click();
    await page.locator("#apply-result").waitFor();
    expect(await page.locator("#apply-result").textContent()).toMatch(/Applied: resourceVersion \d+/);
    expect(k.run(["get", "deployment", "web", "-o", "jsonpath={.spec.replicas}"]).stdout).toBe("2");

    const fresh = JSON.parse(k.run(["get", "deployment", "web", "-o", "json"]).stdout);
    delete fresh.metadata.managedFields;
    delete fresh.status;
    fresh.spec.replicas = -1;
    await replaceEditorText(page, "#main", JSON.stringify(fresh, null, 2));
    await page.locator("#yaml-apply").click();
    const error = page.locator("#apply-error");
    await error.waitFor();
    expect(await error.textContent()).toContain("spec.replicas");
    expect(await error.textContent()).toMatch(/greater than or equal to 0/);
    expect(k.run(["get", "deployment", "web", "-o", "jsonpath={.spec.replicas}"]).stdout).toBe("2");
    await screenshots(page, "05-object-yaml-error");
  });

  it("the apply panel applies several documents and reports each", async () => {
    await go("Apply YAML");
    const manifests = [
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: demo",
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: broken\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: broken\n  template:\n    metadata:\n      labels:\n        app: other\n    spec:\n      containers:\n      - name: c\n        image: nginx",
    ].join("\n---\n");
    await replaceEditorText(page, "#main", manifests);
    await page.locator("#apply-all").click();
    const results = page.locator("#apply-results > li");
    await expect.poll(() => results.count()).toBe(2);
    expect(await results.nth(0).textContent()).toContain("configmaps/settings created");
    expect(await results.nth(1).textContent()).toContain("spec.template.metadata.labels");
    expect(k.run(["get", "configmap", "settings", "-o", "jsonpath={.data.mode}"]).stdout).toBe("demo");
    expect(k.run(["get", "deployment", "broken"]).code).not.toBe(0);
    await screenshots(page, "06-apply");
  });

  it("shows a pod's logs", async () => {
    k.run(["run", "hello", "--image=busybox", "--restart=Never", "--", "sh", "-c", "echo hello from kubedo; sleep 3600"]);
    await page.goto(`${origin}/console/${clusterId}/o/core/v1/pods/default/hello`);
    await page.getByRole("tab", { name: "Logs" }).click();
    await expect.poll(() => page.locator("#logs").textContent(), { timeout: 20_000 }).toContain("hello from kubedo");
    await screenshots(page, "07-pod-logs");
  });

  it("disables an action the user's RBAC forbids", async () => {
    // The owner may delete the pod.
    await page.getByRole("tab", { name: "YAML" }).click();
    await expect.poll(() => page.locator("#action-delete").getAttribute("data-allowed")).toBe("true");
    expect(await page.locator("#action-delete").isDisabled()).toBe(false);

    // A ServiceAccount bound to `view` in default signs in and sees the same pod.
    k.run(["create", "serviceaccount", "viewer"]);
    k.run(["create", "rolebinding", "viewer", "--clusterrole=view", "--serviceaccount=default:viewer"]);
    const token = k.run(["create", "token", "viewer"]).stdout.trim();
    const viewer = await openPage(browser);
    await viewer.page.goto(`${origin}/`);
    await viewer.page.locator("#token").fill(token);
    await viewer.page.locator("#sign-in-cluster").fill(clusterId);
    await viewer.page.getByRole("button", { name: "Sign in" }).click();
    await viewer.page.locator("#account").waitFor();
    expect(await viewer.page.locator("#account").textContent()).toContain("system:serviceaccount:default:viewer");
    await viewer.page.goto(`${origin}/console/${clusterId}/o/core/v1/pods/default/hello`);
    const del = viewer.page.locator("#action-delete");
    await expect.poll(() => del.getAttribute("data-allowed")).toBe("false");
    expect(await del.isDisabled()).toBe(true);
    expect(await viewer.page.locator("main").textContent()).toMatch(/cannot delete pods/);
    await screenshots(viewer.page, "08-forbidden-action");
    // Views the account may see only in part say so, without trying what RBAC refuses.
    await viewer.page.getByRole("link", { name: "Topology" }).click();
    await viewer.page.locator('[data-kind="Pod"][data-name="hello"]').waitFor();
    expect(await viewer.page.locator("#topology-hidden").textContent()).toContain("Nodes");
    await viewer.page.getByRole("link", { name: "Architecture" }).click();
    await viewer.page.locator("#activity-denied").waitFor();
    // The console asked the cluster what the account may do; it never tried what it may not.
    expect(viewer.errors).toEqual([]);
    expect(viewer.failed).toEqual([]);
    await viewer.context.close();
  });

  it("the architecture view lights up the path of an apply", async () => {
    await page.goto(`${origin}/console/${clusterId}/architecture`);
    await page.locator('[data-component="apiserver"]').waitFor();
    const manifest = join(kubedo.dir, "lit.yaml");
    writeFileSync(
      manifest,
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: lit\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: lit\n  template:\n    metadata:\n      labels:\n        app: lit\n    spec:\n      containers:\n      - name: web\n        image: nginx\n",
    );
    const before = await counts(page);
    expect(k.run(["apply", "-f", manifest]).stdout).toContain("deployment.apps/lit created");
    const path = ["client", "apiserver", "etcd", "controller/deployment", "controller/replicaset", "scheduler"];
    await expect
      .poll(async () => {
        const now = await counts(page);
        return path.filter((c) => (now[c] ?? 0) <= (before[c] ?? 0));
      }, { timeout: 20_000 })
      .toEqual([]);
    await expect.poll(async () => Object.entries(await counts(page)).some(([c, n]) => c.startsWith("kubelet/node-") && n > 0), { timeout: 20_000 }).toBe(true);
    expect(await page.locator('[data-component="controller/deployment"].lit, [data-component="scheduler"].lit').count()).toBeGreaterThan(0);
    expect(await page.locator("#activity-log").textContent()).toContain("deployments");
    await screenshots(page, "09-architecture");
  });

  it("draws the topology and the clock", async () => {
    k.run(["expose", "deployment", "web", "--port=80"]);
    await page.goto(`${origin}/console/${clusterId}/topology`);
    await page.locator('[data-kind="Deployment"][data-name="web"]').waitFor();
    await page.locator('[data-kind="Service"][data-name="web"]').waitFor();
    const webPods = page.locator('[data-kind="Pod"][data-name^="web-"]');
    await expect.poll(() => webPods.count(), { timeout: 20_000 }).toBe(2);
    await screenshots(page, "10-topology");
    // Pods come and go in the open graph.
    k.run(["scale", "deployment", "web", "--replicas=3"]);
    await expect.poll(() => webPods.count(), { timeout: 20_000 }).toBe(3);

    await go("Clock");
    await page.locator("#cluster-time").waitFor();
    await page.getByRole("button", { name: "+1 min" }).click();
    await page.locator("#clock-message").waitFor();
    expect(await page.locator("#clock-offset").textContent()).toMatch(/1 min/);
    await page.getByRole("radio", { name: /instant/ }).check();
    await expect.poll(async () => (await page.request.get(`${origin}/v1/clusters/${clusterId}/settings`)).json()).toMatchObject({ timingProfile: "instant" });
    await screenshots(page, "11-clock");
  });

  it("a tenant signed in with a token lists, creates, and deletes clusters", async () => {
    const tenant = await openPage(browser);
    const token = /token: (\S+)/.exec(readFileSync(kubedo.kubeconfig, "utf8"))![1]!;
    await tenant.page.goto(`${origin}/`);
    await tenant.page.locator("#token").fill(token);
    await tenant.page.getByRole("button", { name: "Sign in" }).click();
    const list = tenant.page.locator("#clusters");
    await list.getByRole("link", { name: "local" }).waitFor();
    await tenant.page.locator("#new-cluster").fill("extra");
    await tenant.page.getByRole("button", { name: "Create cluster" }).click();
    await list.getByRole("link", { name: "extra" }).waitFor();
    await list.locator("tr", { hasText: "extra" }).getByRole("button", { name: "Kubeconfig" }).click();
    await expect.poll(() => tenant.page.locator("#clusters pre").textContent()).toMatch(/kubedo-c[0-9a-f]{16}\.yaml/);
    await screenshots(tenant.page, "12-cluster-list");
    tenant.page.once("dialog", (d) => d.accept());
    await list.locator("tr", { hasText: "extra" }).getByRole("button", { name: "Delete" }).click();
    await expect.poll(() => list.getByRole("link", { name: "extra" }).count()).toBe(0);
    expect(tenant.errors).toEqual([]);
    await tenant.context.close();
  });

  it("paints the dashboard fast, from hashed assets cached for a year, with no console errors", async () => {
    const fresh = await openPage(browser);
    await fresh.context.addCookies(await owner.context.cookies());
    await fresh.page.goto(`${origin}/console/${clusterId}/r/core/v1/pods`);
    await fresh.page.locator("table.grid tbody tr").first().waitFor();
    const timing = await fresh.page.evaluate(() => ({
      firstContentfulPaintMs: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null,
      domContentLoadedMs: (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).domContentLoadedEventEnd,
      tableRenderedMs: performance.now(),
    }));
    writeFileSync(join(ARTEFACTS, "console-timing.json"), JSON.stringify(timing, null, 2));
    console.log("console timing (ms):", JSON.stringify(timing));
    expect(timing.firstContentfulPaintMs).not.toBeNull();
    const script = await fresh.page.locator("script[type=module]").getAttribute("src");
    expect(script).toMatch(/^\/assets\/index-[\w-]{8}\.js$/);
    const res = await fresh.page.request.get(`${origin}${script}`);
    expect(res.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
    // The page may not be framed (its buttons delete things), and runs only this origin's scripts.
    const html = await fresh.page.request.get(`${origin}/console/${clusterId}`);
    expect(html.headers()["x-frame-options"]).toBe("DENY");
    expect(html.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(html.headers()["content-security-policy"]).toContain("script-src 'self'");
    await fresh.context.close();
    expect(owner.errors).toEqual([]);
    // The only refused requests were the ones the test made on purpose: the invalid edit, the invalid
    // manifest, and logs asked for before the container started (the page shows the reason, then follows).
    for (const f of owner.failed) expect(f).toMatch(/^(422 PUT .*\/deployments\/web|422 PATCH .*\/deployments\/broken|400 GET .*\/pods\/hello\/log)$/);
  });
});

/** Replaces the text of the first code editor inside `scope` as a user would (select all, type). */
async function replaceEditorText(p: Page, scope: string, text: string) {
  const content = p.locator(`${scope} .cm-content`).first();
  await content.waitFor();
  await content.click();
  await p.keyboard.press("Control+A");
  await p.keyboard.press("Delete");
  await p.keyboard.insertText(text);
}

/** data-count of every component on the architecture map. */
function counts(p: Page): Promise<Record<string, number>> {
  return p.evaluate(() => {
    const out: Record<string, number> = {};
    for (const el of document.querySelectorAll<HTMLElement>("[data-component]")) out[el.dataset.component!] = Number(el.dataset.count ?? 0);
    return out;
  });
}
