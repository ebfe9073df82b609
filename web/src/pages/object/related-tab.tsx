// Owners and children: up the controller ownerReferences to the top owner (Pod → ReplicaSet →
// Deployment), then down from it through live lists of the namespace's ReplicaSets and Pods (Jobs
// too under a CronJob), each pod with its node. The top owner is watched too, for its pill. A Node
// lists the pods bound to it.
import { describeError } from "../../api/http";
import { getObject, resourceOfKind, resourcePath, type KubeObject, type ResourceInfo } from "../../api/kube";
import { objectHref } from "../../context";
import { useAsync, useLiveList } from "../../hooks";
import { Link } from "../../router";
import { Pill, statusOf } from "./util";

type Ref = NonNullable<KubeObject["metadata"]["ownerReferences"]>[number];
const controllerOf = (o: KubeObject): Ref | undefined => o.metadata.ownerReferences?.find((r) => r.controller) ?? o.metadata.ownerReferences?.[0];

/** The owners above `obj`, top first; `broken` names an owner that could not be read. */
async function ownerChain(cluster: string, resources: ResourceInfo[], obj: KubeObject): Promise<{ chain: KubeObject[]; broken?: string }> {
  const chain: KubeObject[] = [];
  let current = obj;
  for (let depth = 0; depth < 8; depth++) {
    const ref = controllerOf(current);
    if (!ref) break;
    const r = resourceOfKind(resources, ref.apiVersion, ref.kind);
    if (!r) return { chain, broken: `${ref.kind} ${ref.name}: not served by this cluster` };
    try {
      const owner = await getObject(cluster, r, r.namespaced ? obj.metadata.namespace : undefined, ref.name);
      if (owner.metadata.uid !== ref.uid) return { chain, broken: `${ref.kind} ${ref.name}: gone (a different object has the name now)` };
      chain.unshift({ ...owner, kind: owner.kind ?? ref.kind, apiVersion: owner.apiVersion ?? ref.apiVersion });
      current = owner;
    } catch (err) {
      return { chain, broken: `${ref.kind} ${ref.name}: ${describeError(err)}` };
    }
  }
  return { chain };
}

const POD = { group: "", version: "v1", resource: "pods" };
const RS = { group: "apps", version: "v1", resource: "replicasets" };
const JOB = { group: "batch", version: "v1", resource: "jobs" };
const NODE = { group: "", version: "v1", resource: "nodes" };

export function RelatedTab(props: { cluster: string; resources: ResourceInfo[]; object: KubeObject }) {
  const { cluster, resources, object } = props;
  const ns = object.metadata.namespace;
  const isNode = object.kind === "Node";
  const owners = useAsync(() => ownerChain(cluster, resources, object), [cluster, object.metadata.uid, controllerOf(object)?.uid, resources.length]);
  const top = owners.value?.chain[0] ?? object;
  // The top owner live too (its pill follows its pods), unless a list below already holds it.
  const topInfo = top !== object && top.kind !== "ReplicaSet" && top.kind !== "Job" ? resourceOfKind(resources, top.apiVersion ?? "", top.kind ?? "") : undefined;
  const topLive = useLiveList<KubeObject>(topInfo ? resourcePath(cluster, topInfo, topInfo.namespaced ? ns : undefined) : null, { fieldSelector: `metadata.name=${top.metadata.name}` });
  const replicasets = useLiveList<KubeObject>(ns ? resourcePath(cluster, RS, ns) : null);
  const jobs = useLiveList<KubeObject>(ns && top.kind === "CronJob" ? resourcePath(cluster, JOB, ns) : null);
  const pods = useLiveList<KubeObject>(ns ? resourcePath(cluster, POD, ns) : isNode ? resourcePath(cluster, POD) : null, isNode ? { fieldSelector: `spec.nodeName=${object.metadata.name}` } : {});

  // Everything the tree may show, by uid; live copies win over the owners read once.
  const pool = new Map<string, KubeObject>();
  for (const o of [...(owners.value?.chain ?? []), object, ...topLive.items, ...replicasets.items, ...jobs.items, ...pods.items]) pool.set(o.metadata.uid ?? o.metadata.name, o);
  const all = [...pool.values()];
  const childrenOf = (o: KubeObject): KubeObject[] => {
    if (isNode && o === object) return pods.items;
    return all.filter((c) => controllerOf(c)?.uid === o.metadata.uid && c !== o).sort(byKindThenAge);
  };
  const error = owners.error ?? replicasets.error ?? pods.error ?? jobs.error;

  return (
    <>
      {owners.value?.broken && <p class="hint">Owner not shown: {owners.value.broken}</p>}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <ul class="obj-tree" id="owner-tree" aria-label="Owners and children" aria-busy={owners.loading || (!!ns && !pods.synced) ? "true" : "false"}>
        <Item cluster={cluster} resources={resources} node={pool.get(top.metadata.uid ?? top.metadata.name) ?? top} current={object} childrenOf={childrenOf} depth={0} />
      </ul>
    </>
  );
}

const KIND_ORDER = ["Job", "ReplicaSet", "Pod"];
function byKindThenAge(a: KubeObject, b: KubeObject): number {
  const k = KIND_ORDER.indexOf(a.kind ?? "") - KIND_ORDER.indexOf(b.kind ?? "");
  if (k) return k;
  // Newest ReplicaSet (the current revision) first; pods by name.
  if (a.kind === "ReplicaSet") return (b.metadata.creationTimestamp ?? "").localeCompare(a.metadata.creationTimestamp ?? "");
  return a.metadata.name.localeCompare(b.metadata.name);
}

interface ItemProps {
  cluster: string;
  resources: ResourceInfo[];
  node: KubeObject;
  current: KubeObject;
  childrenOf(o: KubeObject): KubeObject[];
  depth: number;
}

function Item(props: ItemProps) {
  const { node, cluster } = props;
  const kind = node.kind ?? "";
  const r = resourceOfKind(props.resources, node.apiVersion ?? "", kind);
  const isCurrent = node.metadata.uid === props.current.metadata.uid;
  const children = props.depth < 6 ? props.childrenOf(node) : [];
  // Under a Node page the pods are the node's children already.
  const showNode = kind === "Pod" && props.current.kind !== "Node";
  const nodeName = node.spec?.nodeName as string | undefined;
  return (
    <li data-kind={kind} data-name={node.metadata.name} data-uid={node.metadata.uid} class={isCurrent ? "current" : undefined}>
      <span class="obj-node">
        <span class="obj-kind">{kind}</span>{" "}
        {r ? (
          <Link href={objectHref(cluster, r, node.metadata.namespace, node.metadata.name)} aria-current={isCurrent ? "page" : undefined}>
            {node.metadata.name}
          </Link>
        ) : (
          <span>{node.metadata.name}</span>
        )}{" "}
        <Pill status={statusOf(node)} />
        {kind === "Pod" && props.current.kind === "Node" && node.metadata.namespace && <span class="hint"> in {node.metadata.namespace}</span>}
      </span>
      {(children.length > 0 || showNode) && (
        <ul>
          {showNode &&
            (nodeName ? (
              <li data-kind="Node" data-name={nodeName}>
                <span class="obj-node">
                  <span class="obj-kind">Node</span> <Link href={objectHref(cluster, NODE, undefined, nodeName)}>{nodeName}</Link>
                </span>
              </li>
            ) : (
              <li class="hint">Not scheduled to a node yet</li>
            ))}
          {children.map((c) => (
            <Item key={c.metadata.uid} {...props} node={c} depth={props.depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}
