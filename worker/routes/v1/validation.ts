// zod validation of /v1 request bodies and query strings, answered as metav1.Status with the
// offending fields named (422 Invalid for bodies, 400 BadRequest for query parameters).
import type { Context } from "hono";
import { z } from "zod";
import { statusJson } from "../../status";

const field = (path: readonly PropertyKey[]) => (path.length ? path.map(String).join(".") : "<body>");

function describe(error: z.ZodError): { message: string; causes: { reason: string; message: string; field: string }[] } {
  const causes = error.issues.map((i) => ({ reason: "FieldValueInvalid", message: i.message, field: field(i.path) }));
  return { message: causes.map((c) => `${c.field}: ${c.message}`).join(", "), causes };
}

/** The request's JSON body validated by `schema`, or the error response to return. */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S, kind: string): Promise<z.infer<S> | Response> {
  let raw: unknown;
  const text = await c.req.text();
  try {
    raw = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    return statusJson(400, "BadRequest", "the request body is not valid JSON");
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const { message, causes } = describe(parsed.error);
  return statusJson(422, "Invalid", `${kind} is invalid: ${message}`, { kind, causes });
}

/** The query string validated by `schema`, or the error response to return. */
export function queryParams<S extends z.ZodType>(c: Context, schema: S): z.infer<S> | Response {
  const parsed = schema.safeParse(c.req.query());
  if (parsed.success) return parsed.data;
  return statusJson(400, "BadRequest", `invalid query parameters: ${describe(parsed.error).message}`);
}
