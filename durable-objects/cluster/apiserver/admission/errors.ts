// admission.NewForbidden: `<resource>[.<group>] "<name>" is forbidden: <reason>`, 403 with the resource's
// details. The name is the request's, else the object's, else its generateName (names are generated
// after the mutating half), else "Unknown".
import { ApiError, errors, type StatusCause } from "../status";
import { mapOf, str } from "../validation/values";
import type { AdmissionRequest } from "./chain";

export function resourceName(req: AdmissionRequest): string {
  const meta = mapOf(req.obj.metadata);
  return req.name || str(meta.name) || str(meta.generateName) || "Unknown";
}

export function forbidden(req: AdmissionRequest, reason: string, causes?: StatusCause[]): ApiError {
  const name = resourceName(req);
  const resource = `${req.rt.plural}${req.rt.group ? `.${req.rt.group}` : ""}`;
  const err = errors.forbidden(`${resource} "${name}" is forbidden: ${reason}`, { group: req.rt.group, resource: req.rt.plural }, name);
  if (causes && err.status.details) err.status.details.causes = causes;
  return err;
}
