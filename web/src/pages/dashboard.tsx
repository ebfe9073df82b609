// /console/:cluster/…: the live dashboard of one cluster. The header holds the views and the
// namespace filter; the side bar lists every resource the cluster serves, grouped by API group like
// `kubectl api-resources` (from discovery, refreshed when a CustomResourceDefinition changes).
import { useMemo, useState } from "hono/jsx/dom";
import { management } from "../api/management";
import { can, clusterBase, discover, type KubeObject, type ResourceInfo } from "../api/kube";
import { ClusterContext, listHref, type ClusterContextValue } from "../context";
import { useAsync, useLiveList, useCommitEffect } from "../hooks";
import { Link, match, navigate } from "../router";
import { ApplyPanel } from "./apply";
import { ArchitectureView } from "./architecture";
import { ClockPanel } from "./clock";
import { ObjectPage } from "./object";
import { ResourceList } from "./resources";
import { TopologyView } from "./topology";

const NS_KEY = "kubedo.namespace";
const WIDE = matchMedia("(min-width: 900px)");

const VIEWS = [
  { path: "r", label: "Resources" },
  { path: "apply", label: "Apply YAML" },
  { path: "topology", label: "Topology" },
  { path: "architecture", label: "Architecture" },
  { path: "clock", label: "Clock" },
] as const;

export function Dashboard(props: { cluster: string; rest: string }) {
  const { cluster, rest } = props;
  const [namespace, setNamespaceState] = useState(() => sessionStorage.getItem(NS_KEY) ?? "default");
  const setNamespace = (ns: string) => {
    sessionStorage.setItem(NS_KEY, ns);
    setNamespaceState(ns);
  };
  const session = useAsync(() => management.session(), []);
  const owner = session.value ? session.value.kind === "tenant" : session.error ? false : null;
  // Watches a restricted user may not open are not tried (a refused request is a console error).
  const mayList = useAsync(
    () => Promise.all([can(cluster, { verb: "watch", group: "apiextensions.k8s.io", resource: "customresourcedefinitions" }), can(cluster, { verb: "watch", group: "", resource: "namespaces" })]),
    [cluster],
  );
  // CRDs change what the cluster serves: discovery is read again when one is added, changed or removed.
  const crds = useLiveList<KubeObject>(mayList.value?.[0] ? `${clusterBase(cluster)}/apis/apiextensions.k8s.io/v1/customresourcedefinitions` : null);
  const crdStamp = crds.items.map((c) => `${c.metadata.name}@${c.metadata.resourceVersion}`).join(",");
  const discovery = useAsync(() => discover(cluster), [cluster, crdStamp]);
  const [resources, setResources] = useState<ResourceInfo[]>([]);
  useCommitEffect(() => {
    if (discovery.value) setResources(discovery.value);
  }, [discovery.value]);
  const info = useAsync(() => (owner ? management.cluster(cluster) : Promise.resolve(null)), [cluster, owner]);
  const namespaces = useLiveList<KubeObject>(mayList.value?.[1] ? `${clusterBase(cluster)}/api/v1/namespaces` : null);

  const ctx: ClusterContextValue = {
    cluster,
    clusterName: info.value?.name ?? cluster,
    resources,
    namespace,
    setNamespace,
    owner,
    username: session.value?.user.username ?? "",
  };
  const view = rest.split("/")[0] ?? "";
  useCommitEffect(() => {
    if (rest === "") navigate(`/console/${cluster}/r/apps/v1/deployments`, true);
  }, [rest]);

  // The cluster's record is the owner's (/v1); a ServiceAccount session only reaches the cluster's API.
  if (discovery.error && !discovery.value && resources.length === 0) {
    return (
      <main class="landing">
        <h1>Kubedo</h1>
        <p role="alert" class="error">
          Cluster {cluster}: {discovery.error}
        </p>
        <p>
          <Link href="/">Back to the start page</Link>
        </p>
      </main>
    );
  }

  return (
    <ClusterContext.Provider value={ctx}>
      <div class="dash">
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="topbar">
          <Link href="/" class="brand" title="Start page">
            Kubedo
          </Link>
          <span class="cluster-name" title={cluster}>
            {ctx.clusterName}
          </span>
          <nav aria-label="Views" class="views">
            {VIEWS.map((v) => (
              <Link key={v.path} href={v.path === "r" ? `/console/${cluster}/r/apps/v1/deployments` : `/console/${cluster}/${v.path}`} aria-current={view === v.path || (v.path === "r" && view === "o") ? "page" : undefined}>
                {v.label}
              </Link>
            ))}
          </nav>
          <label class="ns">
            <span>Namespace</span>
            <select id="namespace" value={namespace} onChange={(e: Event) => setNamespace((e.target as HTMLSelectElement).value)}>
              <option value="">All namespaces</option>
              {namespaceNames(namespaces.items, namespace).map((name) => (
                <option key={name} value={name} selected={name === namespace}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        </header>
        <Sidebar resources={resources} current={rest} cluster={cluster} error={discovery.error} />
        <main id="main" tabindex={-1}>
          <View cluster={cluster} rest={rest} />
        </main>
      </div>
    </ClusterContext.Provider>
  );
}

/** The namespaces to offer; the chosen one stays even when the user may not list namespaces. */
function namespaceNames(items: KubeObject[], current: string): string[] {
  const names = items.map((n) => n.metadata.name);
  return current && !names.includes(current) ? [current, ...names] : names;
}

function View(props: { cluster: string; rest: string }) {
  const path = "/" + props.rest;
  let m: Record<string, string> | null;
  if ((m = match("/r/:group/:version/:resource", path))) return <ResourceList group={m.group === "core" ? "" : m.group!} version={m.version!} resource={m.resource!} />;
  if ((m = match("/o/:group/:version/:resource/:namespace/:name", path))) {
    return <ObjectPage group={m.group === "core" ? "" : m.group!} version={m.version!} resource={m.resource!} namespace={m.namespace === "-" ? undefined : m.namespace} name={m.name!} />;
  }
  if (path === "/apply") return <ApplyPanel />;
  if (path === "/topology") return <TopologyView />;
  if (path === "/architecture") return <ArchitectureView />;
  if (path === "/clock") return <ClockPanel />;
  if (path === "/") return <p aria-busy="true">Loading…</p>;
  return (
    <p role="alert" class="error">
      No such view: {props.rest}
    </p>
  );
}

/** Resources grouped by API group, core first, as discovery orders them; subresources are not listed. */
function Sidebar(props: { resources: ResourceInfo[]; current: string; cluster: string; error: string | null }) {
  const groups = useMemo(() => {
    const out = new Map<string, ResourceInfo[]>();
    for (const r of props.resources) {
      if (!r.verbs.includes("list")) continue;
      const name = r.group || "core";
      out.set(name, [...(out.get(name) ?? []), r]);
    }
    for (const list of out.values()) list.sort((a, b) => a.kind.localeCompare(b.kind));
    return [...out.entries()];
  }, [props.resources]);
  // Open beside the content on wide screens; a closed disclosure above it on narrow ones.
  const [wide, setWide] = useState(() => WIDE.matches);
  useCommitEffect(() => {
    const follow = () => setWide(WIDE.matches);
    WIDE.addEventListener("change", follow);
    return () => WIDE.removeEventListener("change", follow);
  }, []);
  return (
    <aside class="sidebar" aria-label="Resources">
      <details open={wide}>
        <summary>Resources</summary>
        {props.error && (
          <p role="alert" class="error">
            {props.error}
          </p>
        )}
        {groups.map(([group, list]) => (
          <section key={group}>
            <h2>{group}</h2>
            <ul>
              {list.map((r) => {
                const href = listHref(props.cluster, r);
                const current = `/console/${props.cluster}/${props.current}`.startsWith(href);
                return (
                  <li key={`${r.group}/${r.resource}`}>
                    <Link href={href} aria-current={current ? "page" : undefined} title={`${r.resource}${r.shortNames.length ? ` (${r.shortNames.join(", ")})` : ""}`}>
                      {r.kind}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
      </details>
    </aside>
  );
}
