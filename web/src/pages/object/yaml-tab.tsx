// The object as YAML, editable. Apply PUTs the edited object (strict field validation, so unknown
// fields are errors); its resourceVersion makes a concurrent change a 409 Conflict. Without edits the
// text follows the live object; with edits it is kept, and a notice offers to discard them when the
// object changes on the server. Loaded lazily with the `yaml` package.
import { useState } from "hono/jsx/dom";
import { parse, stringify } from "yaml";
import { ApiError, describeError, request, type StatusCause } from "../../api/http";
import type { KubeObject } from "../../api/kube";
import { YamlEditor } from "../../components/yaml-editor";

function toYaml(o: KubeObject, managedFields: boolean): string {
  const { managedFields: _, ...metadata } = o.metadata;
  // kubectl's order: apiVersion and kind first (a listed object may carry them last).
  const { apiVersion, kind, metadata: __, ...rest } = o;
  const shown = { apiVersion, kind, metadata: managedFields ? o.metadata : metadata, ...rest };
  // lineWidth 0: long strings (annotations) stay on one line instead of being folded.
  return stringify(shown, { lineWidth: 0 });
}

interface Outcome {
  ok: boolean;
  message: string;
  causes?: StatusCause[];
  conflict?: boolean;
}

export function YamlTab(props: { object: KubeObject; path: string }) {
  const { object, path } = props;
  const [managed, setManaged] = useState(false);
  // The user's text and the resourceVersion it was edited from; null while there are no edits.
  const [draft, setDraft] = useState<{ text: string; from: string } | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const live = toYaml(object, managed);
  const rv = object.metadata.resourceVersion ?? "";
  const changedUnderneath = draft !== null && draft.from !== rv;

  const onChange = (text: string) => {
    // The editor reports our own replacements too; only a difference from the live text is an edit.
    if (text === live) setDraft(null);
    else setDraft((d) => (d ? { ...d, text } : { text, from: rv }));
  };
  const discard = () => {
    setDraft(null);
    setOutcome(null);
  };

  const apply = async () => {
    setOutcome(null);
    let body: unknown;
    try {
      body = parse(draft?.text ?? live);
    } catch (err) {
      setOutcome({ ok: false, message: `The YAML does not parse: ${describeError(err)}` });
      return;
    }
    if (!body || typeof body !== "object" || Array.isArray(body)) {
      setOutcome({ ok: false, message: "The YAML must be one object (a mapping with apiVersion, kind and metadata)." });
      return;
    }
    setBusy(true);
    try {
      const saved = await request<KubeObject>("PUT", `${path}?fieldManager=kubedo-console&fieldValidation=Strict`, { body });
      setDraft(null);
      setOutcome({ ok: true, message: `Applied: resourceVersion ${saved.metadata.resourceVersion}` });
    } catch (err) {
      const conflict = err instanceof ApiError && err.code === 409;
      setOutcome({ ok: false, message: describeError(err), causes: err instanceof ApiError ? err.causes : [], conflict });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div class="row spread obj-yaml-bar">
        <label class="check">
          <input type="checkbox" id="yaml-managed-fields" checked={managed} disabled={draft !== null} onChange={(e: Event) => setManaged((e.target as HTMLInputElement).checked)} /> Show managedFields
        </label>
        <div class="row">
          {draft && (
            <button type="button" id="yaml-revert" onClick={discard}>
              Revert edits
            </button>
          )}
          <button type="button" class="primary" id="yaml-apply" disabled={busy} onClick={apply}>
            {busy ? "Applying…" : "Apply"}
          </button>
        </div>
      </div>
      {changedUnderneath && (
        <div class="obj-notice" role="status" id="yaml-stale">
          <span>
            The object changed on the server (resourceVersion {draft.from} → {rv}) while you were editing. Your text is kept; applying it will conflict.
          </span>{" "}
          <button type="button" id="yaml-discard" onClick={discard}>
            Discard my edits and reload
          </button>
        </div>
      )}
      {outcome?.ok && (
        <p role="status" id="apply-result" class="obj-ok">
          {outcome.message}
        </p>
      )}
      {outcome && !outcome.ok && (
        <div role="alert" id="apply-error" class="error">
          <p>{outcome.message}</p>
          {outcome.causes && outcome.causes.length > 0 && (
            <ul class="obj-causes">
              {outcome.causes.map((c, i) => (
                <li key={i} data-field={c.field}>
                  {c.field ? `${c.field}: ` : ""}
                  {c.message}
                </li>
              ))}
            </ul>
          )}
          {outcome.conflict && (
            <p>
              The object changed since this text was loaded.{" "}
              <button type="button" id="yaml-reload" onClick={discard}>
                Reload
              </button>
            </p>
          )}
        </div>
      )}
      <YamlEditor id="yaml-editor" label={`YAML of ${object.kind ?? "object"} ${object.metadata.name}`} value={draft?.text ?? live} onChange={onChange} />
    </>
  );
}
