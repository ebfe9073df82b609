// IsValidPathSegmentName (k8s.io/apimachinery/pkg/api/validation/path): names that only have to be
// usable as one URL path segment (RBAC object names, object references by kind and name).

export function pathSegmentErrors(name: string): string[] {
  if (name === "." || name === "..") return [`may not be '${name}'`];
  const errs: string[] = [];
  for (const bad of ["/", "%"]) if (name.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}
