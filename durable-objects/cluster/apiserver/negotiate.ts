// Content negotiation: what the client accepts (JSON, a Table, aggregated discovery) and what it sent.
import type { IncludeObject, TableFormat } from "./printing/table";
import { errors } from "./status";

export interface MediaRange {
  type: string;
  params: Record<string, string>;
}

export function parseAccept(header: string | null): MediaRange[] {
  if (!header) return [{ type: "*/*", params: {} }];
  return header.split(",").map((part) => {
    const [type = "", ...params] = part.split(";").map((s) => s.trim());
    const p: Record<string, string> = {};
    for (const kv of params) {
      const i = kv.indexOf("=");
      if (i > 0) p[kv.slice(0, i).trim()] = kv.slice(i + 1).trim();
    }
    return { type: type.toLowerCase(), params: p };
  });
}

const isJsonLike = (t: string) => t === "application/json" || t === "application/*" || t === "*/*";

export type ObjectFormat = { as: "object" } | { as: "table"; table: TableFormat };

/**
 * The representation for object and list responses. Tables when asked for (kubectl get); plain JSON
 * otherwise (also for protobuf-first Accept headers, which always list JSON too). 406 if nothing fits.
 */
export function negotiateObjectFormat(accept: string | null, query: URLSearchParams): ObjectFormat {
  for (const range of parseAccept(accept)) {
    const { as, g, v } = range.params;
    if (as === "Table" && g === "meta.k8s.io" && (v === "v1" || v === "v1beta1") && range.type === "application/json") {
      const include = (query.get("includeObject") ?? "Metadata") as IncludeObject;
      if (!["None", "Metadata", "Object"].includes(include)) {
        throw errors.badRequest(`includeObject: Unsupported value: "${include}": supported values: "None", "Metadata", "Object"`);
      }
      return { as: "table", table: { version: v, includeObject: include } };
    }
    if (as === undefined && isJsonLike(range.type)) return { as: "object" };
  }
  throw errors.notAcceptable(`only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf`);
}
