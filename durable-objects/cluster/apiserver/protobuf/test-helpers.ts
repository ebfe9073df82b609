// Shared by the protobuf tests: fixture loading and kubectl's JSON normalised for comparison.
import { base64Decode } from "@bufbuild/protobuf/wire";

/** A fixture imported as `…/fixture.bin?url&inline` (a data: URL, see fixtures.d.ts) → its bytes. */
export const fixture = (dataUrl: string): Uint8Array => base64Decode(dataUrl.slice(dataUrl.indexOf(",") + 1));

/**
 * kubectl's JSON without its nulls. Go's JSON writes null for a nil pointer, slice or map without `omitempty`
 * (`"rules":null`, `"boundObjectRef":null`) and for the zero Time (`"creationTimestamp":null`); protobuf has no
 * null, so the decoder leaves those fields out, and the JSON path treats null and absent alike.
 */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}
