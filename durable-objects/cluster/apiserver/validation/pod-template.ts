// ValidatePodTemplateSpec and the checks every workload adds on top of it: the selector must select
// the template's labels, and the restart policy must be one the controller can run.
import type { JsonObject } from "../registry/types";
import type { StatusCause } from "../status";
import { fieldErr } from "./field-errors";
import { invalidLabels, selectorMatches, validateLabels } from "./label-selector";
import { qualifiedName } from "./names";
import { validatePodSpec } from "./pod-spec";
import { isObject, list } from "./values";

const ANNOTATIONS_LIMIT = 256 * 1024;

/** ValidatePodTemplateSpec: template labels and annotations (at `<path>.labels`), then the PodSpec. */
export function validatePodTemplate(tpl: unknown, path: string): StatusCause[] {
  const t = isObject(tpl) ? tpl : {};
  const meta = isObject(t.metadata) ? t.metadata : {};
  const causes = validateLabels(meta.labels, `${path}.labels`);
  let size = 0;
  for (const [k, v] of Object.entries(isObject(meta.annotations) ? meta.annotations : {})) {
    for (const msg of qualifiedName(k.toLowerCase())) causes.push(fieldErr.invalid(`${path}.annotations`, k, msg));
    size += k.length + String(v).length;
  }
  if (size > ANNOTATIONS_LIMIT) causes.push(fieldErr.tooLong(`${path}.annotations`, ANNOTATIONS_LIMIT));
  const spec = isObject(t.spec) ? t.spec : {};
  causes.push(...validatePodSpec(spec, `${path}.spec`));
  if (list(spec.ephemeralContainers).length > 0) {
    causes.push(fieldErr.forbidden(`${path}.spec.ephemeralContainers`, "ephemeral containers not allowed in pod template"));
  }
  return causes;
}

/** The template's labels. */
export const templateLabels = (tpl: unknown): unknown => (isObject(tpl) && isObject(tpl.metadata) ? tpl.metadata.labels : undefined);

/** "`selector` does not match template `labels`" when the selector does not select the template. */
export function selectorSelectsTemplate(selector: unknown, tpl: unknown, path: string): StatusCause[] {
  const labels = templateLabels(tpl);
  return selectorMatches(selector, labels) === false ? [invalidLabels(`${path}.metadata.labels`, labels, "`selector` does not match template `labels`")] : [];
}

/** The restart policies a controller accepts for its template (NotSupported otherwise). */
export function restartPolicyIn(tpl: unknown, path: string, allowed: string[]): StatusCause[] {
  const spec = isObject(tpl) && isObject(tpl.spec) ? tpl.spec : ({} as JsonObject);
  const policy = spec.restartPolicy;
  return allowed.includes(policy as string) ? [] : [fieldErr.notSupported(`${path}.spec.restartPolicy`, policy ?? "", allowed)];
}
