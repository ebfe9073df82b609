// The images of the kubernetes.io tutorials, with real kubectl 1.33 against `npm start` (instant profile):
// each tutorial's manifests (test/e2e/fixtures/tutorials/<page>/, each naming its source) are applied as
// the tutorial applies them, and the pods reach the state the tutorial shows, printing what it shows.
// Docker Hub's answers for images that do not exist, and the generic program for images nobody describes.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { advanceClock as advanceClockBy, eventually, kubectl, startKubedo, type Kubectl, type Kubedo, useInstantProfile } from "./helpers";

const VERSION = "1.33";
const FIXTURES = join(import.meta.dirname, "fixtures", "tutorials");
let kubedo: Kubedo;
let k: Kubectl;

beforeAll(async () => {
  kubedo = await startKubedo();
  k = kubectl(VERSION, kubedo.kubeconfig);
  await useInstantProfile(kubedo.kubeconfig);
});

/** Moves the cluster clock forward (whatever falls due runs before the answer). */
const advanceClock = (seconds: number) => advanceClockBy(kubedo.kubeconfig, seconds);

function writeManifest(name: string, doc: object): string {
  const file = join(kubedo.dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

afterAll(async () => {
  await kubedo?.stop();
});

const apply = (...files: string[]) => k.ok(["apply", ...files.flatMap((f) => ["-f", join(FIXTURES, f)])]);
const pods = (selector: string, ns = "default") => k.json(["get", "pods", "-n", ns, "-l", selector]).items as any[];
/** Pods not being deleted (the bootcamp server ignores SIGTERM: replaced pods stay Terminating for their grace period). */
const live = (selector: string) => pods(selector).filter((p) => !p.metadata.deletionTimestamp);
const logs = (pod: string, ns = "default") => k.ok(["logs", "-n", ns, pod]);

/** Waits until `count` pods match `selector` and all are Running and Ready; returns their names. */
async function running(selector: string, count: number, ns = "default"): Promise<string[]> {
  return eventually(() => {
    const list = pods(selector, ns).filter((p) => !p.metadata.deletionTimestamp);
    const ready = list.filter((p) => p.status.phase === "Running" && p.status.conditions?.some((c: any) => c.type === "Ready" && c.status === "True"));
    return list.length === count && ready.length === count ? ready.map((p) => p.metadata.name as string) : undefined;
  }, `${count} Running pods ${selector}`);
}

/** The waiting reason and message of a pod's first container once it is `reason`. */
async function waitingFor(pod: string, reason: string): Promise<string> {
  return eventually(() => {
    const waiting = k.json(["get", "pod", pod]).status.containerStatuses?.[0]?.state?.waiting;
    return waiting?.reason === reason ? (waiting.message as string) : undefined;
  }, `${pod} ${reason}`);
}

describe("tutorials/kubernetes-basics", () => {
  it("the bootcamp app runs and logs its start; v2 rolls out; v10 does not exist and rollout undo comes back", async () => {
    apply("kubernetes-basics/deployment-kubernetes-bootcamp.yaml", "kubernetes-basics/service-kubernetes-bootcamp.yaml");
    const [pod] = await running("app=kubernetes-bootcamp", 1);
    expect(logs(pod!)).toMatch(new RegExp(`^Kubernetes Bootcamp App Started At: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z \\| Running On:  ${pod} \\n\\n$`));

    k.ok(["set", "image", "deployments/kubernetes-bootcamp", "kubernetes-bootcamp=docker.io/jocatalin/kubernetes-bootcamp:v2"]);
    k.ok(["rollout", "status", "deployments/kubernetes-bootcamp", "--timeout=60s"]);
    expect(live("app=kubernetes-bootcamp").map((p) => p.spec.containers[0].image)).toEqual(["docker.io/jocatalin/kubernetes-bootcamp:v2"]);

    k.ok(["set", "image", "deployments/kubernetes-bootcamp", "kubernetes-bootcamp=gcr.io/google-samples/kubernetes-bootcamp:v10"]);
    const bad = await eventually(() => pods("app=kubernetes-bootcamp").find((p) => p.spec.containers[0].image.endsWith(":v10"))?.metadata.name as string | undefined, "the v10 pod");
    const message = await waitingFor(bad, "ImagePullBackOff");
    expect(message).toContain('failed to resolve reference "gcr.io/google-samples/kubernetes-bootcamp:v10": gcr.io/google-samples/kubernetes-bootcamp:v10: not found');
    k.ok(["rollout", "undo", "deployments/kubernetes-bootcamp"]);
    k.ok(["rollout", "status", "deployments/kubernetes-bootcamp", "--timeout=60s"]);
    const images = live("app=kubernetes-bootcamp").map((p) => p.spec.containers[0].image);
    expect(images).toEqual(["docker.io/jocatalin/kubernetes-bootcamp:v2"]);
  });
});

describe("tutorials/hello-minikube", () => {
  it("agnhost netexec logs its HTTP and UDP servers in klog's format", async () => {
    apply("hello-minikube/deployment-hello-node.yaml");
    const [pod] = await running("app=hello-node", 1);
    expect(logs(pod!)).toMatch(/^I\d{4} \d\d:\d\d:\d\d\.\d{6} {7}1 log\.go:195\] Started HTTP server on port 8080\nI\d{4} \d\d:\d\d:\d\d\.\d{6} {7}1 log\.go:195\] Started UDP server on port  8081\n$/);
  });
});

describe("tutorials/stateless-application/guestbook", () => {
  it("redis 6.0.5 leader, two followers that sync from it, three PHP frontends", async () => {
    const dir = "stateless-application-guestbook";
    apply(`${dir}/application_guestbook_redis-leader-deployment.yaml`, `${dir}/application_guestbook_redis-leader-service.yaml`);
    const [leader] = await running("app=redis,role=leader", 1);
    const leaderLog = logs(leader!).trimEnd().split("\n");
    expect(leaderLog[1]).toMatch(/^1:C \d\d \w{3} \d{4} [\d:.]+ # Redis version=6\.0\.5, bits=64, commit=00000000, modified=0, pid=1, just started$/);
    expect(leaderLog.at(-1)).toMatch(/^1:M .* \* Ready to accept connections$/);

    apply(`${dir}/application_guestbook_redis-follower-deployment.yaml`, `${dir}/application_guestbook_redis-follower-service.yaml`);
    const followers = await running("app=redis,role=follower", 2);
    for (const f of followers) {
      const text = logs(f);
      expect(text).toContain("* Connecting to MASTER redis-leader:6379");
      expect(text.trimEnd().split("\n").at(-1)).toMatch(/^10:S .* \* MASTER <-> REPLICA sync: Finished with success$/);
    }

    apply(`${dir}/application_guestbook_frontend-deployment.yaml`, `${dir}/application_guestbook_frontend-service.yaml`);
    const frontends = await running("app=guestbook,tier=frontend", 3);
    expect(logs(frontends[0]!)).toMatch(/\[mpm_prefork:notice\] \[pid 1\] AH00163: Apache\/[\d.]+ \(Debian\) PHP\/7\.4\.\d+ configured -- resuming normal operations\n/);
  });
});

describe("concepts/workloads/controllers", () => {
  it("the pi Job completes and its log is π to 2,000 digits", async () => {
    apply("concepts-job/controllers_job.yaml");
    await eventually(() => (k.json(["get", "job", "pi"]).status.active === 1 ? true : undefined), "pi active");
    await advanceClock(5); // perl takes a moment over bpi(2000)
    k.ok(["wait", "--for=condition=complete", "job/pi", "--timeout=20s"]);
    const table = k.ok(["get", "job", "pi"]).split("\n");
    expect(table[0]).toMatch(/^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE$/);
    expect(table[1]).toMatch(/^pi\s+Complete\s+1\/1\s+\d+s\s+\d+s$/);
    const line = k.ok(["logs", "jobs/pi"]);
    expect(line).toMatch(/^3\.14159265358979323846264338327950288419716939937510\d+04780275901\n$/);
    expect(line.length).toBe(2002);
    const described = k.ok(["describe", "job", "pi"]);
    expect(described).toMatch(/Pods Statuses:\s+0 Active \(0 Ready\) \/ 1 Succeeded \/ 0 Failed/);
    expect(described).toMatch(/Normal\s+Completed\s+\S+\s+job-controller\s+Job completed/);
  });

  it("the fluentd-elasticsearch DaemonSet runs on every node and logs fluentd's start", async () => {
    apply("concepts-daemonset/controllers_daemonset.yaml");
    const nodes = (k.json(["get", "nodes"]).items as any[]).length;
    const names = await running("name=fluentd-elasticsearch", nodes, "kube-system");
    await advanceClock(2); // fluentd takes about a second to start its worker
    expect(logs(names[0]!, "kube-system")).toMatch(/\[info\]: #0 fluentd worker is now running worker=0\n$/);
  });
});

describe("tutorials/stateful-application/basic-stateful-set", () => {
  const image = (pod: string) => k.json(["get", "pod", pod]).spec.containers[0].image as string;

  it("ordered pods with their own claims, scaling, a RollingUpdate, a staged partition and a pod that comes back", async () => {
    apply("stateful-application-basic-stateful-set/application_web_web.yaml");
    expect(await running("app=nginx", 2)).toEqual(["web-0", "web-1"]);
    const [web0, web1] = ["web-0", "web-1"].map((n) => k.json(["get", "pod", n]));
    const ready0 = web0.status.conditions.find((c: any) => c.type === "Ready").lastTransitionTime;
    expect(Date.parse(web1.metadata.creationTimestamp)).toBeGreaterThanOrEqual(Date.parse(ready0));
    expect(web0.spec.hostname).toBe("web-0");
    expect(web0.spec.subdomain).toBe("nginx");
    const pvc = k.ok(["get", "pvc", "-l", "app=nginx"]).split("\n");
    expect(pvc[0]).toMatch(/^NAME\s+STATUS\s+VOLUME\s+CAPACITY\s+ACCESS MODES\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+AGE$/);
    expect(pvc.slice(1, 3).map((l) => l.split(/\s+/).slice(0, 2).join(" "))).toEqual(["www-web-0 Bound", "www-web-1 Bound"]);
    expect(k.ok(["get", "sts", "web"])).toMatch(/\nweb\s+2\/2\s+\d+s\n$/);

    k.ok(["scale", "sts", "web", "--replicas=5"]);
    expect(await running("app=nginx", 5)).toEqual(["web-0", "web-1", "web-2", "web-3", "web-4"]);
    const created = (n: string) => Date.parse(k.json(["get", "pod", n]).metadata.creationTimestamp);
    expect(created("web-3")).toBeGreaterThanOrEqual(created("web-2"));
    expect(created("web-4")).toBeGreaterThanOrEqual(created("web-3"));
    k.ok(["patch", "sts", "web", "-p", '{"spec":{"replicas":3}}']);
    expect(await running("app=nginx", 3)).toEqual(["web-0", "web-1", "web-2"]);
    expect((k.json(["get", "pvc", "-l", "app=nginx"]).items as any[]).map((p) => p.metadata.name)).toEqual(["www-web-0", "www-web-1", "www-web-2", "www-web-3", "www-web-4"]);

    // Rolling update: every pod moves to the new image, from the highest ordinal down.
    k.ok(["patch", "statefulset", "web", "--type=json", "-p", '[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value":"registry.k8s.io/nginx-slim:0.24"}]']);
    const status = k.ok(["rollout", "status", "sts/web", "--timeout=60s"]);
    // The defaulted rollingUpdate (partition 0) makes kubectl report a partitioned roll out, as the tutorial shows.
    expect(status).toMatch(/partitioned roll out complete: 3 new pods have been updated\.\.\.\n$/);
    await eventually(() => (["web-0", "web-1", "web-2"].every((n) => image(n) === "registry.k8s.io/nginx-slim:0.24") ? true : undefined), "all pods on 0.24");

    // Staging an update with a partition: nothing below it changes, even a pod that is deleted.
    k.ok(["patch", "statefulset", "web", "-p", '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":3}}}}']);
    k.ok(["patch", "statefulset", "web", "--type=json", "-p", '[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value":"registry.k8s.io/nginx-slim:0.21"}]']);
    const uid2 = k.json(["get", "pod", "web-2"]).metadata.uid;
    k.ok(["delete", "pod", "web-2"]);
    await eventually(() => {
      const p = k.json(["get", "pod", "web-2"]);
      return p.metadata.uid !== uid2 && p.status.phase === "Running" ? true : undefined;
    }, "web-2 back");
    expect(image("web-2")).toBe("registry.k8s.io/nginx-slim:0.24");
    // A canary: lowering the partition to 2 moves web-2 only.
    k.ok(["patch", "statefulset", "web", "-p", '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}}}}']);
    await eventually(() => (image("web-2") === "registry.k8s.io/nginx-slim:0.21" ? true : undefined), "web-2 on 0.21");
    await running("app=nginx", 3);
    expect(["web-0", "web-1"].map(image)).toEqual(["registry.k8s.io/nginx-slim:0.24", "registry.k8s.io/nginx-slim:0.24"]);
    const history = k.ok(["rollout", "history", "sts/web"]).split("\n");
    expect(history[0]).toBe("statefulset.apps/web ");
    // Going back to 0.21 reused revision 1's ControllerRevision, renumbered 3.
    expect(history.slice(1)).toEqual([expect.stringMatching(/^REVISION\s+CHANGE-CAUSE$/), expect.stringMatching(/^2\s+<none>$/), expect.stringMatching(/^3\s+<none>$/), "", ""]);

    // A deleted pod comes back under the same name, with the same claim.
    const claimOf = (n: string) => k.json(["get", "pod", n]).spec.volumes.find((v: any) => v.name === "www").persistentVolumeClaim.claimName;
    k.ok(["delete", "pod", "web-0"]);
    await running("app=nginx", 3);
    expect(claimOf("web-0")).toBe("www-web-0");

    // Beyond the page: undo goes back to revision 2's template, restart rolls every pod.
    k.ok(["patch", "statefulset", "web", "-p", '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}}}}']);
    expect(k.ok(["rollout", "undo", "sts/web"])).toBe("statefulset.apps/web rolled back\n");
    k.ok(["rollout", "status", "sts/web", "--timeout=60s"]);
    await eventually(() => (["web-0", "web-1", "web-2"].every((n) => image(n) === "registry.k8s.io/nginx-slim:0.24") ? true : undefined), "all pods back on 0.24");
    const before = ["web-0", "web-1", "web-2"].map((n) => k.json(["get", "pod", n]).metadata.uid);
    expect(k.ok(["rollout", "restart", "sts/web"])).toBe("statefulset.apps/web restarted\n");
    k.ok(["rollout", "status", "sts/web", "--timeout=60s"]);
    await eventually(() => {
      const uids = ["web-0", "web-1", "web-2"].map((n) => k.json(["get", "pod", n]).metadata.uid);
      return uids.every((u, i) => u !== before[i]) ? true : undefined;
    }, "every pod restarted");
    expect(k.json(["get", "sts", "web"]).spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"]).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});

describe("tutorials/services/connect-applications-service", () => {
  it("my-nginx behind its Service, and the busyboxplus:curl Deployment with the TLS Secret mounted", async () => {
    apply("services-connect-applications-service/service_networking_run-my-nginx.yaml", "services-connect-applications-service/service_networking_nginx-svc.yaml");
    expect((await running("run=my-nginx", 2)).length).toBe(2);
    const slices = await eventually(() => {
      const items = k.json(["get", "endpointslices", "-l", "kubernetes.io/service-name=my-nginx"]).items as any[];
      const ready = items.flatMap((sl) => (sl.endpoints ?? []).filter((e: any) => e.conditions?.ready));
      return ready.length === 2 ? ready : undefined;
    }, "my-nginx's two ready endpoints");
    expect(slices).toHaveLength(2);
    // The page makes its key pair with openssl and stores it as a TLS Secret.
    const key = join(kubedo.dir, "nginx.key");
    const cert = join(kubedo.dir, "nginx.crt");
    const made = spawnSync("openssl", ["req", "-x509", "-nodes", "-days", "365", "-newkey", "rsa:2048", "-keyout", key, "-out", cert, "-subj", "/CN=my-nginx/O=my-nginx"], { encoding: "utf8" });
    expect(made.status, made.stderr).toBe(0);
    k.ok(["create", "secret", "tls", "nginxsecret", "--key", key, "--cert", cert]);
    expect(k.ok(["get", "secret", "nginxsecret"]).split("\n")[1]).toMatch(/^nginxsecret\s+kubernetes\.io\/tls\s+2\s+\S+$/);
    apply("services-connect-applications-service/service_networking_curlpod.yaml");
    const [curl] = await running("app=curlpod", 1);
    const pod = k.json(["get", "pod", curl!]);
    expect(pod.spec.containers[0].image).toBe("radial/busyboxplus:curl");
    expect(pod.status.containerStatuses[0].imageID).toMatch(/^docker\.io\/radial\/busyboxplus@sha256:[0-9a-f]{64}$/);
    expect(pod.spec.volumes.find((v: any) => v.name === "secret-volume").secret.secretName).toBe("nginxsecret");
  });
});

describe("tutorials/stateful-application: ZooKeeper, WordPress with MySQL, Cassandra", () => {
  /** Moves cluster time on in steps until `probe` answers (probes with initial delays count cluster time). */
  async function advanceUntil<T>(probe: () => T | undefined, what: string, stepSeconds = 15, steps = 20): Promise<T> {
    for (let i = 0; i < steps; i++) {
      const v = probe();
      if (v !== undefined) return v;
      await advanceClock(stepSeconds);
    }
    return eventually(probe, what);
  }
  const readyNames = (selector: string) => {
    const list = live(selector);
    const ready = list.filter((p) => p.status.phase === "Running" && p.status.conditions?.some((c: any) => c.type === "Ready" && c.status === "True"));
    return ready.map((p) => p.metadata.name as string).sort();
  };

  it("zookeeper: zk-0, zk-1 and zk-2 in order on three nodes, each with its datadir claim, the budget allowing one disruption", async () => {
    apply("stateful-application-zookeeper/application_zookeeper_zookeeper.yaml");
    await advanceUntil(() => (readyNames("app=zk").length === 3 ? true : undefined), "three ready zk pods");
    const zk = (k.json(["get", "pods", "-l", "app=zk"]).items as any[]).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    expect(zk.map((p) => p.metadata.name)).toEqual(["zk-0", "zk-1", "zk-2"]);
    expect(new Set(zk.map((p) => p.spec.nodeName)).size).toBe(3);
    for (let i = 1; i < 3; i++) {
      const readyAt = Date.parse(zk[i - 1].status.conditions.find((c: any) => c.type === "Ready").lastTransitionTime);
      expect(Date.parse(zk[i].metadata.creationTimestamp)).toBeGreaterThanOrEqual(readyAt);
    }
    expect(zk.map((p) => `${p.spec.hostname}.${p.spec.subdomain}`)).toEqual(["zk-0.zk-hs", "zk-1.zk-hs", "zk-2.zk-hs"]);
    const claims = (k.json(["get", "pvc", "-l", "app=zk"]).items as any[]).map((c) => `${c.metadata.name} ${c.status.phase}`).sort();
    expect(claims).toEqual(["datadir-zk-0 Bound", "datadir-zk-1 Bound", "datadir-zk-2 Bound"]);
    await eventually(() => (k.json(["get", "pdb", "zk-pdb"]).status.currentHealthy === 3 ? true : undefined), "zk-pdb observed");
    expect(k.ok(["get", "pdb", "zk-pdb"]).split("\n")[1]).toMatch(/^zk-pdb\s+N\/A\s+1\s+1\s+\S+$/);
    expect(logs("zk-0")).toContain("INFO  [main:QuorumPeerConfig@136] - Reading configuration from: /usr/bin/../etc/zookeeper/zoo.cfg");
  });

  it("wordpress and mysql through kustomize: the generated Secret, two bound claims, both Deployments running", async () => {
    const source = join(FIXTURES, "stateful-application-mysql-wordpress-persistent-volume");
    const dir = join(kubedo.dir, "wordpress");
    mkdirSync(dir, { recursive: true });
    // The page's file names, as `kubectl apply -k ./` expects them beside the kustomization.
    copyFileSync(join(source, "kustomization.yaml"), join(dir, "kustomization.yaml"));
    copyFileSync(join(source, "application_wordpress_mysql-deployment.yaml"), join(dir, "mysql-deployment.yaml"));
    copyFileSync(join(source, "application_wordpress_wordpress-deployment.yaml"), join(dir, "wordpress-deployment.yaml"));
    k.ok(["apply", "-k", dir]);
    const secret = (k.json(["get", "secrets"]).items as any[]).find((s) => s.metadata.name.startsWith("mysql-pass-"));
    expect(secret.metadata.name).toMatch(/^mysql-pass-[a-z0-9]{10}$/);
    expect(k.ok(["get", "secret", secret.metadata.name]).split("\n")[1]).toMatch(new RegExp(`^${secret.metadata.name}\\s+Opaque\\s+1\\s+\\S+$`));
    await advanceUntil(() => (readyNames("app=wordpress").length === 2 ? true : undefined), "wordpress and mysql ready", 10);
    const claims = (k.json(["get", "pvc", "-l", "app=wordpress"]).items as any[]).map((c) => `${c.metadata.name} ${c.status.phase} ${c.status.capacity?.storage}`).sort();
    expect(claims).toEqual(["mysql-pv-claim Bound 20Gi", "wp-pv-claim Bound 20Gi"]);
    const mysql = live("app=wordpress,tier=mysql")[0].metadata.name as string;
    await advanceClock(30); // mysqld initialises its data directory, then restarts to serve (about 22 s)
    expect(logs(mysql)).toMatch(/\[Server\] \/usr\/sbin\/mysqld: ready for connections\. Version: '8\.0\.\d+'/);
    expect(k.ok(["get", "services", "wordpress"]).split("\n")[1]).toMatch(/^wordpress\s+LoadBalancer\s+10\.\d+\.\d+\.\d+\s+\S+\s+80:3\d{4}\/TCP\s+\S+$/);
  });

  it("cassandra asks for minikube's hostpath provisioner: on this kind-like cluster its claims wait, as they do on kind", async () => {
    apply("stateful-application-cassandra/application_cassandra_cassandra-service.yaml", "stateful-application-cassandra/application_cassandra_cassandra-statefulset.yaml");
    const claim = await eventually(() => (k.json(["get", "pvc"]).items as any[]).find((c) => c.metadata.name === "cassandra-data-cassandra-0"), "cassandra-0's claim");
    expect(claim.status.phase).toBe("Pending");
    await eventually(
      () => (k.ok(["describe", "pvc", "cassandra-data-cassandra-0"]).includes("Waiting for a volume to be created either by the external provisioner 'k8s.io/minikube-hostpath'") ? true : undefined),
      "the ExternalProvisioning event",
    );
    const pod = await eventually(() => {
      const c = k.json(["get", "pod", "cassandra-0"]).status.conditions?.find((x: any) => x.type === "PodScheduled");
      return c?.status === "False" ? c : undefined;
    }, "cassandra-0 unschedulable");
    expect(pod.message).toBe("0/4 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling..");
    expect(live("app=cassandra").map((p) => p.metadata.name)).toEqual(["cassandra-0"]);
  });
});

describe("tasks: debug-service and the HPA walkthrough", () => {
  it("serve_hostname pods run and print nothing at start", async () => {
    apply("tasks-debug-service/deployment-hostnames.yaml");
    const names = await running("app=hostnames", 3);
    expect(logs(names[0]!)).toBe("");
  });

  it("php-apache (hpa-example) starts Apache with PHP 5", async () => {
    apply("tasks-horizontal-pod-autoscale-walkthrough/application_php-apache.yaml");
    const [pod] = await running("run=php-apache", 1);
    expect(logs(pod!)).toMatch(/AH00163: Apache\/2\.4\.10 \(Debian\) PHP\/5\.6\.\d+ configured -- resuming normal operations\n.*AH00094: Command line: 'apache2 -D FOREGROUND'\n$/);
  });
});

describe("images that do not exist, and images nobody described", () => {
  it("a misspelt official image and a tag Docker Hub never had fail with Docker Hub's answers", async () => {
    k.ok(["run", "typo", "--image=ngnix"]);
    k.ok(["run", "nover", "--image=nginx:9.99"]);
    expect(await waitingFor("typo", "ImagePullBackOff")).toBe(
      'Back-off pulling image "ngnix": ErrImagePull: failed to pull and unpack image "docker.io/library/ngnix:latest": failed to resolve reference "docker.io/library/ngnix:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    );
    expect(await waitingFor("nover", "ImagePullBackOff")).toBe(
      'Back-off pulling image "nginx:9.99": ErrImagePull: failed to pull and unpack image "docker.io/library/nginx:9.99": failed to resolve reference "docker.io/library/nginx:9.99": docker.io/library/nginx:9.99: not found',
    );
  });

  it("an image on another registry runs the generic program and says so", async () => {
    k.ok(["run", "app", "--image=ghcr.io/someone/app:1.0", "--port=8080"]);
    await running("run=app", 1);
    expect(logs("app")).toBe(
      "kubedo: ghcr.io/someone/app:1.0 is not in this sandbox's image catalogue; a generic program runs in its place and stays up (it accepts connections on 8080/TCP)\n",
    );
    expect(k.json(["get", "pod", "app"]).status.containerStatuses[0].imageID).toMatch(/^ghcr\.io\/someone\/app@sha256:[0-9a-f]{64}$/);
  });

  it("a pull secret that does not exist gets the kubelet's warning, and the pull goes ahead", async () => {
    const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "private" }, spec: { imagePullSecrets: [{ name: "regcred" }], containers: [{ name: "app", image: "registry.example.com/team/app:2" }] } };
    k.ok(["apply", "-f", writeManifest("private", pod)]);
    await eventually(() => (k.json(["get", "pod", "private"]).status.phase === "Running" ? true : undefined), "private Running");
    const events = k.json(["get", "events", "--field-selector", "involvedObject.name=private"]).items.map((e: any) => `${e.type} ${e.reason}: ${e.message}`);
    expect(events, events.join("\n")).toContain("Warning FailedToRetrieveImagePullSecret: Unable to retrieve some image pull secrets (regcred); attempting to pull the image may not succeed.");
  });

  it("a malformed reference is InvalidImageName", async () => {
    // kubectl run refuses it itself; a manifest reaches the kubelet.
    k.ok(["apply", "-f", writeManifest("bad", { apiVersion: "v1", kind: "Pod", metadata: { name: "bad" }, spec: { containers: [{ name: "c", image: "UPPER/Case:tag" }] } })]);
    expect(await waitingFor("bad", "InvalidImageName")).toBe('Failed to apply default image tag "UPPER/Case:tag": couldn\'t parse image name "UPPER/Case:tag": invalid reference format');
  });
});

// tasks/configure-pod-container/configure-pod-configmap: env from a ConfigMap and a Secret, printed by `env`.
describe("environment from ConfigMaps and Secrets", () => {
  it("env prints the values; a ConfigMap that does not exist yet is CreateContainerConfigError until it does", async () => {
    k.ok(["create", "secret", "generic", "db-pass", "--from-literal=password=s3cret"]);
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "dapi-test-pod" },
      spec: {
        restartPolicy: "Never",
        containers: [
          {
            name: "test-container",
            image: "registry.k8s.io/busybox",
            command: ["/bin/sh", "-c", "env"],
            env: [
              { name: "SPECIAL_LEVEL_KEY", valueFrom: { configMapKeyRef: { name: "special-config", key: "special.how" } } },
              { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db-pass", key: "password" } } },
            ],
            envFrom: [{ configMapRef: { name: "special-config" }, prefix: "CFG_" }],
          },
        ],
      },
    };
    k.ok(["apply", "-f", writeManifest("dapi-test-pod", pod)]);
    expect(await waitingFor("dapi-test-pod", "CreateContainerConfigError")).toBe('configmap "special-config" not found');
    expect(k.ok(["get", "pod", "dapi-test-pod"])).toMatch(/dapi-test-pod\s+0\/1\s+CreateContainerConfigError/);
    k.ok(["create", "configmap", "special-config", "--from-literal=special.how=very", "--from-literal=special.type=charm"]);
    await eventually(() => (k.json(["get", "pod", "dapi-test-pod"]).status.phase === "Succeeded" ? true : undefined), "dapi-test-pod Succeeded");
    const env = logs("dapi-test-pod").split("\n");
    expect(env).toEqual(expect.arrayContaining(["SPECIAL_LEVEL_KEY=very", "DB_PASSWORD=s3cret", "CFG_special.how=very", "CFG_special.type=charm"]));
    expect(env.some((l) => l.includes("********") || l.startsWith("__"))).toBe(false);
  });
});
