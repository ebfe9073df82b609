// RBAC with real kubectl against `npm start`: a service account's token is held to what its
// RoleBinding grants, denials read exactly as kube-apiserver words them, `auth can-i` (with --as
// and --list) answers from the same evaluator, impersonation runs requests as the service account,
// and a Role granting more than its creator holds is refused as an escalation.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusterAccess, kubectl, kubectlBinary, managementRequest, startKubedo, type Kubectl, type Kubedo } from "./helpers";

const VERSIONS = process.env.KUBEDO_E2E_RBAC_VERSIONS?.split(",") ?? ["1.33", "1.29"];

let kubedo: Kubedo;

beforeAll(async () => {
  for (const v of VERSIONS) kubectlBinary(v);
  kubedo = await startKubedo();
});

afterAll(async () => {
  if (kubedo) writeFileSync(join(kubedo.dir, "kubedo.log"), kubedo.output.text());
  await kubedo?.stop();
});

describe.each(VERSIONS)("RBAC with kubectl %s", (version) => {
  const ns = `rbac-${version.replace(".", "")}`;
  const sa = `system:serviceaccount:${ns}:reader`;
  const groups = `["system:serviceaccounts" "system:serviceaccounts:${ns}" "system:authenticated"]`;
  let k: Kubectl;
  let token: string;

  const run = (args: string[]) => {
    const r = k.run(args);
    // kubectl 1.29 warns about the version skew with the 1.33 server.
    return { ...r, stderr: r.stderr.replace(/^WARNING: version difference between client.*\n/m, "") };
  };
  const ok = (args: string[]) => {
    const r = run(args);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  /** kubectl that must fail; returns stderr. */
  const fails = (args: string[]) => {
    const r = run(args);
    expect(r.code, r.stdout).not.toBe(0);
    return r.stderr.trim();
  };
  const asReader = (args: string[]) => [...args, "--token", token];

  beforeAll(() => {
    k = kubectl(version, kubedo.kubeconfig);
    ok(["create", "namespace", ns]);
    ok(["-n", ns, "create", "serviceaccount", "reader"]);
    ok(["-n", ns, "create", "role", "pod-reader", "--verb=get,list,watch", "--resource=pods"]);
    ok(["-n", ns, "create", "rolebinding", "read-pods", "--role=pod-reader", `--serviceaccount=${ns}:reader`]);
    ok(["-n", ns, "run", "x", "--image=nginx:1.27"]);
    token = ok(["-n", ns, "create", "token", "reader"]).trim();
  });

  it("holds a service account's token to its RoleBinding", () => {
    expect(ok(asReader(["-n", ns, "get", "pods", "-o", "name"])).trim()).toBe("pod/x");
    expect(fails(asReader(["-n", ns, "delete", "pod", "x"]))).toBe(
      `Error from server (Forbidden): pods "x" is forbidden: User "${sa}" cannot delete resource "pods" in API group "" in the namespace "${ns}"`,
    );
    expect(fails(asReader(["-n", ns, "get", "secrets"]))).toBe(`Error from server (Forbidden): secrets is forbidden: User "${sa}" cannot list resource "secrets" in API group "" in the namespace "${ns}"`);
    expect(fails(asReader(["-n", "kube-system", "get", "pods"]))).toBe(
      `Error from server (Forbidden): pods is forbidden: User "${sa}" cannot list resource "pods" in API group "" in the namespace "kube-system"`,
    );
    expect(fails(asReader(["get", "nodes"]))).toBe(`Error from server (Forbidden): nodes is forbidden: User "${sa}" cannot list resource "nodes" in API group "" at the cluster scope`);
    expect(ok(["-n", ns, "get", "pod", "x", "-o", "name"]).trim()).toBe("pod/x");
  });

  it("answers auth can-i for the service account, by impersonation and for itself", () => {
    expect(ok(["-n", ns, "auth", "can-i", "list", "pods", `--as=${sa}`]).trim()).toBe("yes");
    const no = run(["-n", ns, "auth", "can-i", "delete", "pods", `--as=${sa}`]);
    expect(no.stdout.trim()).toBe("no");
    expect(no.code).toBe(1);
    expect(ok(asReader(["-n", ns, "auth", "can-i", "watch", "pods"])).trim()).toBe("yes");
    const list = ok(["-n", ns, "auth", "can-i", "--list", `--as=${sa}`]);
    expect(list).toMatch(/^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs/);
    expect(list).toMatch(/\npods\s+\[\]\s+\[\]\s+\[get list watch\]\n/);
    expect(list).toMatch(/\n\s+\[\/version\]\s+\[\]\s+\[get\]\n/);
    expect(list).not.toMatch(/\*\.\*/);
  });

  it("runs impersonated requests as the service account", () => {
    expect(ok(["-n", ns, "get", "pods", "-o", "name", `--as=${sa}`]).trim()).toBe("pod/x");
    expect(fails(["-n", ns, "delete", "pod", "x", `--as=${sa}`])).toBe(
      `Error from server (Forbidden): pods "x" is forbidden: User "${sa}" cannot delete resource "pods" in API group "" in the namespace "${ns}"`,
    );
    expect(fails(asReader(["-n", ns, "get", "pods", "--as=someone"]))).toBe(
      `Error from server (Forbidden): users "someone" is forbidden: User "${sa}" cannot impersonate resource "users" in API group "" at the cluster scope`,
    );
  });

  it("refuses a Role that grants what its creator does not hold", () => {
    ok(["-n", ns, "create", "role", "role-creator", "--verb=create", "--resource=roles.rbac.authorization.k8s.io"]);
    ok(["-n", ns, "create", "rolebinding", "create-roles", "--role=role-creator", `--serviceaccount=${ns}:reader`]);
    expect(fails(asReader(["-n", ns, "create", "role", "secret-reader", "--verb=get", "--resource=secrets"]))).toBe(
      `Error from server (Forbidden): roles.rbac.authorization.k8s.io "secret-reader" is forbidden: user "${sa}" (groups=${groups}) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}`,
    );
    expect(ok(asReader(["-n", ns, "create", "role", "pod-lister", "--verb=list", "--resource=pods"])).trim()).toBe("role.rbac.authorization.k8s.io/pod-lister created");
  });
});

describe("the audit log of these sessions", () => {
  it("has every mutating and every denied request, with who made it and the answer", async () => {
    const cluster = clusterAccess(kubedo.kubeconfig).clusterId;
    // The cluster flushes its outbox to D1 right after each request; allow a moment for the last ones.
    const fetchAll = async () => {
      const items: any[] = [];
      let cont: string | null = null;
      do {
        const res = await managementRequest(kubedo.kubeconfig, "GET", `/v1/audit?cluster=${cluster}&limit=1000${cont ? `&continue=${encodeURIComponent(cont)}` : ""}`);
        expect(res.status).toBe(200);
        items.push(...res.body.items);
        cont = res.body.continue;
      } while (cont);
      return items;
    };
    for (const version of VERSIONS) {
      const ns = `rbac-${version.replace(".", "")}`;
      const sa = `system:serviceaccount:${ns}:reader`;
      let items: any[] = [];
      for (let i = 0; i < 50; i++) {
        items = await fetchAll();
        if (items.some((e) => e.namespace === ns && e.verb === "create" && e.resource === "roles" && e.user === sa && e.code === 201)) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const mine = items.filter((e) => e.namespace === ns || e.name === ns);
      const has = (want: Record<string, unknown>) => expect(mine).toContainEqual(expect.objectContaining(want));
      // Mutations by the owner (kubectl with the tenant token, a member of system:masters).
      has({ verb: "create", resource: "namespaces", name: ns, code: 201, groups: ["system:masters", "system:authenticated"] });
      has({ verb: "create", resource: "serviceaccounts", name: "reader", subresource: null, code: 201 });
      has({ verb: "create", resource: "roles", code: 201 });
      has({ verb: "create", resource: "rolebindings", code: 201 });
      has({ verb: "create", resource: "pods", code: 201 });
      has({ verb: "create", resource: "serviceaccounts", subresource: "token", name: "reader", code: 201 }); // kubectl create token
      // Denials of the service account, as itself.
      has({ verb: "delete", resource: "pods", name: "x", code: 403, user: sa });
      has({ verb: "list", resource: "secrets", code: 403, user: sa });
      has({ verb: "create", resource: "roles", code: 403, user: sa });
      // …and through impersonation: the owner is the user, the service account the impersonated one.
      has({ verb: "delete", resource: "pods", name: "x", code: 403, impersonatedUser: sa, groups: ["system:masters", "system:authenticated"] });
      for (const e of mine) expect(e.cluster).toBe(cluster);
      // Plain reads are not recorded (the cluster's auditReads setting is off).
      expect(mine.filter((e) => e.verb === "get" && e.code === 200)).toEqual([]);
    }
  });
});
