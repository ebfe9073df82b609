// The vocabulary of the field tables: what a field is (built from the Go types in index.ts).
import type { SpecialType } from "../../gotypes";

/**
 * Plain protobuf scalars. JSON form: int64 as a number, bytes as base64 (as Go's encoding/json does), double (a
 * Go float64) as a number.
 */
export type ScalarKind = "string" | "bool" | "int32" | "int64" | "double" | "bytes";

/**
 * Kubernetes types whose JSON form differs from their wire message (see SPECIAL_MESSAGES and decode.ts): the
 * Go types with their own MarshalJSON, and StringList, a named []string protobuf wraps in a message (ExtraValue,
 * Verbs): on the wire {1: repeated items}, in JSON the bare array.
 */
export type SpecialKind = SpecialType | "StringList";

export type ValueKind = ScalarKind | SpecialKind | { message: string };

export interface FieldSpec {
  /** Name in the JSON form (the Go `json:"…"` tag; for an inline field, the protobuf name, used in errors only). */
  json: string;
  /** `{ map: V }` is a proto map<string, V>, on the wire repeated entries {1: key, 2: value}. */
  kind: ValueKind | { map: ValueKind };
  repeated?: true;
  /**
   * A Go pointer field (*T): present exactly when it was sent, even when zero (`controller: false`).
   * Non-pointer scalars are dropped when zero ("" / 0 / false), as `omitempty` does for JSON (Go's protobuf
   * marshalling writes them all). Non-pointer messages are always present, as Go's JSON has them (`{}` when
   * empty); so are non-pointer IntOrString (0) and Quantity ("0"); Time's zero value Go renders as null, which
   * we leave out.
   */
  pointer?: true;
  /** A non-pointer scalar whose `json` tag has no `omitempty`: Go's JSON has it even when zero (`"value":0`). */
  keepZero?: true;
  /** A Go struct embedded with `json:",inline"`: on the wire a nested message, in JSON its fields are ours. */
  inline?: true;
}

/** Field number → field. Unknown numbers are skipped by the decoder. */
export type MessageSpec = Readonly<Record<number, FieldSpec>>;
