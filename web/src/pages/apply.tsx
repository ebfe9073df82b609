// "Apply YAML": paste one or more manifests (--- between documents) and apply them with server-side
// apply, as `kubectl apply --server-side` does: each document is PATCHed as application/apply-patch+yaml
// to its object's path, which creates or updates it. Each document gets its own result line, with the
// server's Status message and causes when it is refused. Dry run and force (take over fields another
// manager owns) are options.
import { useState } from "hono/jsx/dom";
import { ApiError, describeError, requestWithStatus } from "../api/http";
import { resourceOfKind, resourcePath, type ResourceInfo } from "../api/kube";
import { YamlEditor } from "../components/yaml-editor";
import { objectHref, useCluster } from "../context";
import { Link } from "../router";

const SAMPLE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello
spec:
  replicas: 2
  selector:
    matchLabels:
      app: hello
  template:
    metadata:
      labels:
        app: hello
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: hello
spec:
  selector:
    app: hello
  ports:
  - port: 80
`;

interface Result {
  index: number;
  ok: boolean;
  text: string;
  causes: { field?: string; message?: string }[];
  href?: string;
}

export function ApplyPanel() {
  const { cluster, resources, namespace } = useCluster();
  const [text, setText] = useState(SAMPLE);
  const [dryRun, setDryRun] = useState(false);
  const [force, setForce] = useState(false);
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<Result[]>([]);

  const apply = async () => {
    setBusy(true);
    setResults([]);
    const { parseAllDocuments } = await import("yaml");
    const docs = parseAllDocuments(text);
    const out: Result[] = [];
    let index = 0;
    for (const doc of docs) {
      index++;
      if (doc.errors.length) {
        out.push({ index, ok: false, text: `document ${index}: YAML error: ${doc.errors[0]!.message}`, causes: [] });
        continue;
      }
      const obj = doc.toJS() as any;
      if (obj === null || obj === undefined) continue;
      out.push(await applyOne(cluster, resources, namespace, obj, index, { dryRun, force }));
      setResults([...out]);
    }
    if (out.length === 0) out.push({ index: 0, ok: false, text: "nothing to apply: the editor has no document", causes: [] });
    setResults(out);
    setBusy(false);
  };

  return (
    <section aria-labelledby="apply-title">
      <h1 id="apply-title">Apply YAML</h1>
      <p class="hint">
        One or more manifests, separated by <code>---</code>. Each is applied with server-side apply (field manager <code>kubedo-console</code>
        ); objects without a namespace go to {namespace ? <code>{namespace}</code> : <code>default</code>}.
      </p>
      <YamlEditor id="apply-editor" value={SAMPLE} onChange={setText} label="Manifests to apply" />
      <div class="row" style="margin-top:.5rem">
        <button id="apply-all" type="button" class="primary" disabled={busy} onClick={apply}>
          {busy ? "Applying…" : dryRun ? "Apply (dry run)" : "Apply"}
        </button>
        <label class="check">
          <input type="checkbox" checked={dryRun} onChange={(e: Event) => setDryRun((e.target as HTMLInputElement).checked)} /> dry run
        </label>
        <label class="check">
          <input type="checkbox" checked={force} onChange={(e: Event) => setForce((e.target as HTMLInputElement).checked)} /> force conflicts
        </label>
      </div>
      {results.length > 0 && (
        <ul id="apply-results" class="results" aria-live="polite">
          {results.map((r) => (
            <li key={r.index} class={r.ok ? "ok" : "bad"} role={r.ok ? undefined : "alert"}>
              {r.href ? <Link href={r.href}>{r.text}</Link> : r.text}
              {r.causes.length > 0 && (
                <ul>
                  {r.causes.map((c, i) => (
                    <li key={i}>
                      {c.field ? <code>{c.field}</code> : null} {c.message}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

async function applyOne(cluster: string, resources: ResourceInfo[], selected: string, obj: any, index: number, opts: { dryRun: boolean; force: boolean }): Promise<Result> {
  const apiVersion = typeof obj.apiVersion === "string" ? obj.apiVersion : "";
  const kind = typeof obj.kind === "string" ? obj.kind : "";
  const name = obj.metadata?.name;
  const fail = (message: string, causes: Result["causes"] = []): Result => ({ index, ok: false, text: `document ${index}${kind ? ` (${kind}${name ? ` ${name}` : ""})` : ""}: ${message}`, causes });
  if (!apiVersion || !kind) return fail("apiVersion and kind are required");
  const info = resourceOfKind(resources, apiVersion, kind);
  if (!info) return fail(`the server doesn't have a resource type for ${kind} in ${apiVersion}`);
  if (typeof name !== "string" || !name) return fail("metadata.name is required (server-side apply names the object)");
  const namespace = info.namespaced ? obj.metadata.namespace || selected || "default" : undefined;
  const ref = { group: info.group, version: apiVersion.includes("/") ? apiVersion.split("/")[1]! : apiVersion, resource: info.resource };
  const query = new URLSearchParams({ fieldManager: "kubedo-console", fieldValidation: "Strict" });
  if (opts.dryRun) query.set("dryRun", "All");
  if (opts.force) query.set("force", "true");
  const label = `${info.resource}${info.group ? `.${info.group}` : ""}/${name}`;
  try {
    const path = resourcePath(cluster, ref, namespace, name);
    // Server-side apply answers 201 when it created the object.
    const { code } = await requestWithStatus("PATCH", `${path}?${query}`, { body: JSON.stringify(obj), contentType: "application/apply-patch+yaml" });
    const verb = code === 201 ? "created" : "configured";
    return { index, ok: true, text: `${label} ${verb}${opts.dryRun ? " (server dry run)" : ""}`, causes: [], href: objectHref(cluster, { ...ref, version: info.version, group: info.group }, namespace, name) };
  } catch (err) {
    if (err instanceof ApiError) return fail(err.message, err.causes);
    return fail(describeError(err));
  }
}

