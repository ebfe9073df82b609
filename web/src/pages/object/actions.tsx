// The object's actions: Delete (confirmed in the page), Scale (resources with a scale subresource)
// and Restart (workloads with a pod template). Each is enabled only when a SelfSubjectAccessReview
// allows it; a disabled one says why, naming the user the cluster sees.
import { useRef, useState } from "hono/jsx/dom";
import { describeError, request, ApiError } from "../../api/http";
import { can, resourcePath, type AccessCheck, type KubeObject, type ResourceInfo } from "../../api/kube";
import { listHref, useCluster } from "../../context";
import { navigate } from "../../router";
import { useCommitEffect } from "../../hooks";

const RESTARTABLE = new Set(["deployments", "statefulsets", "daemonsets"]);

interface Props {
  cluster: string;
  info: ResourceInfo;
  object: KubeObject;
}

type Access = Record<"delete" | "scale" | "restart", boolean>;

export function ActionsBar({ cluster, info, object }: Props) {
  const { username } = useCluster();
  const { namespace, name } = object.metadata;
  const canScale = info.subresources.includes("scale");
  const canRestart = info.group === "apps" && RESTARTABLE.has(info.resource);
  const [access, setAccess] = useState<Access | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [replicas, setReplicas] = useState<string | null>(null); // null: follow the live count

  useCommitEffect(() => {
    let current = true;
    setAccess(null);
    const check = (verb: string, subresource?: string) => {
      const c: AccessCheck = { verb, group: info.group, resource: info.resource, name };
      if (namespace) c.namespace = namespace;
      if (subresource) c.subresource = subresource;
      return can(cluster, c).catch(() => false);
    };
    void Promise.all([check("delete"), canScale ? check("patch", "scale") : false, canRestart ? check("patch") : false]).then(([del, scale, restart]) => {
      if (!current) return;
      setAccess({ delete: del, scale, restart });
    });
    return () => {
      current = false;
    };
  }, [cluster, info.group, info.resource, namespace, name]);

  const path = resourcePath(cluster, info, namespace, name);
  const why = (verb: string, resource: string) => `Forbidden: ${username || "you"} cannot ${verb} ${resource}${namespace ? ` in namespace ${namespace}` : ""}`;
  const denied = [
    canScale && access?.scale === false && { id: "action-scale", reason: why("patch", `${info.resource}/scale`) },
    canRestart && access?.restart === false && { id: "action-restart", reason: why("patch", info.resource) },
    access?.delete === false && { id: "action-delete", reason: why("delete", info.resource) },
  ].filter((d): d is { id: string; reason: string } => !!d);
  const run = async (what: () => Promise<string>) => {
    setBusy(true);
    setResult(null);
    try {
      setResult({ ok: true, text: await what() });
    } catch (err) {
      const causes = err instanceof ApiError ? err.causes.map((c) => `${c.field ? `${c.field}: ` : ""}${c.message ?? ""}`) : [];
      setResult({ ok: false, text: [describeError(err), ...causes].join("\n") });
    } finally {
      setBusy(false);
    }
  };

  const cancelDelete = () => {
    setConfirming(false);
    // The Delete button was disabled while the question was open; give it the focus back.
    requestAnimationFrame(() => document.getElementById("action-delete")?.focus());
  };
  const liveReplicas = String(object.spec?.replicas ?? 0);
  const doDelete = () =>
    run(async () => {
      await request("DELETE", path);
      navigate(listHref(cluster, info));
      return `Deleted ${name}`;
    });
  const doScale = () =>
    run(async () => {
      const n = Number(replicas ?? liveReplicas);
      if (!Number.isInteger(n) || n < 0) throw new Error("Replicas must be a whole number, 0 or more.");
      await request("PATCH", `${path}/scale`, { body: { spec: { replicas: n } }, contentType: "application/merge-patch+json" });
      setReplicas(null);
      return `Scaled to ${n}`;
    });
  const doRestart = () =>
    run(async () => {
      const at = new Date().toISOString();
      await request("PATCH", path, {
        body: { spec: { template: { metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": at } } } } },
        contentType: "application/strategic-merge-patch+json",
      });
      return `Restart requested at ${at}`;
    });

  return (
    <div class="obj-actions" aria-label="Actions" role="group">
      {canScale && (
        <div class="obj-action">
          <label class="check">
            Replicas
            <input id="scale-replicas" type="number" min={0} step={1} inputmode="numeric" value={replicas ?? liveReplicas} disabled={!access?.scale} onInput={(e: Event) => setReplicas((e.target as HTMLInputElement).value)} />
          </label>
          <ActionButton id="action-scale" label="Scale" allowed={access?.scale} reason={why("patch", `${info.resource}/scale`)} busy={busy} onClick={doScale} />
        </div>
      )}
      {canRestart && (
        <span class="obj-action">
          <ActionButton id="action-restart" label="Restart" allowed={access?.restart} reason={why("patch", info.resource)} busy={busy} onClick={doRestart} />
        </span>
      )}
      <span class="obj-action">
        <ActionButton id="action-delete" label="Delete" danger allowed={access?.delete} reason={why("delete", info.resource)} busy={busy || confirming} onClick={() => setConfirming(true)} />
      </span>
      {denied.length > 0 && (
        <ul class="obj-why">
          {denied.map((d) => (
            <li key={d.id} id={`${d.id}-why`}>
              {d.reason}
            </li>
          ))}
        </ul>
      )}
      {confirming && <ConfirmDelete kind={object.kind ?? info.kind} name={name} onCancel={cancelDelete} onConfirm={() => (setConfirming(false), doDelete())} />}
      {result &&
        (result.ok ? (
          <p role="status" id="action-result" class="hint">
            {result.text}
          </p>
        ) : (
          <p role="alert" id="action-error" class="error">
            {result.text}
          </p>
        ))}
    </div>
  );
}

/** A button that is disabled unless the access review allowed it; the reason (listed under the bar) describes it. */
function ActionButton(props: { id: string; label: string; allowed: boolean | undefined; reason: string; busy: boolean; danger?: boolean; onClick(): void }) {
  const denied = props.allowed === false;
  return (
    <button
      type="button"
      id={props.id}
      class={props.danger ? "danger" : undefined}
      disabled={props.allowed !== true || props.busy}
      data-allowed={props.allowed === undefined ? undefined : String(props.allowed)}
      title={denied ? props.reason : props.allowed === undefined ? "Checking permission…" : undefined}
      aria-describedby={denied ? `${props.id}-why` : undefined}
      onClick={props.onClick}
    >
      {props.label}
    </button>
  );
}

function ConfirmDelete(props: { kind: string; name: string; onCancel(): void; onConfirm(): void }) {
  const confirm = useRef<HTMLButtonElement>(null);
  useCommitEffect(() => confirm.current?.focus(), []);
  return (
    <div class="obj-confirm" role="alertdialog" aria-labelledby="confirm-delete-text" onKeyDown={(e: KeyboardEvent) => e.key === "Escape" && props.onCancel()}>
      <p id="confirm-delete-text">
        Delete {props.kind} <strong>{props.name}</strong>? This cannot be undone.
      </p>
      <div class="row">
        <button type="button" id="confirm-delete" class="danger" ref={confirm} onClick={props.onConfirm}>
          Delete {props.name}
        </button>
        <button type="button" id="cancel-delete" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
