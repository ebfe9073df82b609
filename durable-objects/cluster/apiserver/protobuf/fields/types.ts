// The vocabulary of the field tables: what a field is, and short helpers to write one per line.
import type { MessageName } from "./index";

/** Plain protobuf scalars. JSON form: int64 as a number, bytes as base64 (as Go's encoding/json does). */
export type ScalarKind = "string" | "bool" | "int32" | "int64" | "bytes";

/**
 * Kubernetes types whose JSON form differs from their wire message (see SPECIAL_MESSAGES and decode.ts).
 * StringList is a named []string (authentication/v1 ExtraValue): on the wire {1: repeated items}, in JSON the
 * bare array.
 */
export type SpecialKind =
  "Time" | "MicroTime" | "IntOrString" | "Quantity" | "RawExtension" | "FieldsV1" | "StringList";

export type ValueKind<M extends string = MessageName> = ScalarKind | SpecialKind | { message: M };

export interface FieldSpec<M extends string = MessageName> {
  /** Name in the JSON form (the Go `json:"…"` tag; for an inline field, the protobuf name, used in errors only). */
  json: string;
  /** `{ map: V }` is a proto map<string, V>, on the wire repeated entries {1: key, 2: value}. */
  kind: ValueKind<M> | { map: ValueKind<M> };
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
export type MessageSpec<M extends string = MessageName> = Readonly<Record<number, FieldSpec<M>>>;

/**
 * One file's tables. Message references are checked against every table at once in index.ts (here they are
 * any string, as a table's own type cannot depend on the union of all tables' names).
 */
export type Messages = Readonly<Record<string, MessageSpec<string>>>;

// ---- one helper per kind, and modifiers: list(str("finalizers")), ptr(i32("replicas")), keep(str("kind")) ----
type Plain = FieldSpec<never>;
const of =
  (kind: ScalarKind | SpecialKind) =>
  (json: string): Plain => ({ json, kind });

export const str = of("string");
export const bool = of("bool");
export const i32 = of("int32");
export const i64 = of("int64");
export const bytes = of("bytes");
export const time = of("Time");
export const microTime = of("MicroTime");
export const intOrString = of("IntOrString");
export const quantity = of("Quantity");
export const rawExtension = of("RawExtension");
export const fieldsV1 = of("FieldsV1");
export const stringList = of("StringList");

export const msg = <M extends string>(json: string, message: M): FieldSpec<M> => ({ json, kind: { message } });
/** A map<string, V> (no Kubernetes type in these tables maps to messages other than the special kinds). */
export const mapOf = (json: string, value: ScalarKind | SpecialKind): Plain => ({ json, kind: { map: value } });

export const list = <M extends string>(field: FieldSpec<M>): FieldSpec<M> => ({ ...field, repeated: true });
export const ptr = <M extends string>(field: FieldSpec<M>): FieldSpec<M> => ({ ...field, pointer: true });
export const keep = <M extends string>(field: FieldSpec<M>): FieldSpec<M> => ({ ...field, keepZero: true });
export const inline = <M extends string>(field: FieldSpec<M>): FieldSpec<M> => ({ ...field, inline: true });
