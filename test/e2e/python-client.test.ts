// The official Python client (Debian's python3-kubernetes 22.6.0) against the service: list, create,
// and a watch.Watch().stream(...) that sees ADDED, MODIFIED and DELETED as they happen. The client
// sends `watch=True`, which kube reads as true (any value but "0" and "false"); a server that
// accepts only "true" answers it with a list and the client's watch silently yields nothing.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, startKubedo, type Kubedo } from "./helpers";

/** Debian's interpreter (not a pyenv one on PATH), which has the client. */
const PYTHON = "/usr/bin/python3";

function requirePythonClient(): void {
  const res = spawnSync(PYTHON, ["-c", "import kubernetes; print(kubernetes.__version__)"], { encoding: "utf8" });
  if (res.status !== 0) throw new Error(`the Python client is required for this test (apt-get install python3-kubernetes): ${res.error?.message ?? res.stderr}`);
}

let service: Kubedo;

beforeAll(async () => {
  requirePythonClient();
  service = await startKubedo();
});

afterAll(async () => {
  await service?.stop();
});

describe("the Python client (kubernetes 22.6.0)", () => {
  it("lists, creates, and watches ADDED, MODIFIED and DELETED with watch=True", () => {
    const res = spawnSync(PYTHON, [join(ROOT, "test/e2e/python-client.py"), "python-client"], {
      env: { ...process.env, KUBECONFIG: service.kubeconfig },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(res.status, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout.trim().split("\n").at(-1)!);
    expect(out.namespaces).toEqual(expect.arrayContaining(["default", "kube-system", "python-client"]));
    expect(out.created).toEqual({ name: "typed", uid: true, data: { a: "1" } });
    // kube-root-ca.crt is the root CA publisher's, in every namespace soon after it is made (as in kube).
    expect(out.listed.filter((n: string) => n !== "kube-root-ca.crt")).toEqual(["typed"]);
    expect(out.events).toEqual([
      ["ADDED", "watched", "1"],
      ["MODIFIED", "watched", "2"],
      ["DELETED", "watched", "2"],
    ]);
  });
});
