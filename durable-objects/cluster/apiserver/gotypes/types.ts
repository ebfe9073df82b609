// The vocabulary of model.generated.ts (see its header for the encoding of types and flags).

/** [JSON name, type, flags ("p" pointer, "o" omitempty, "i" inline), protobuf field number]. */
export type GoField = readonly [json: string, type: string, flags: string, protobuf?: number];

/** A field of a special type's wire message: [protobuf name, type, number]. */
export type WireField = readonly [name: string, type: string, number: number];

/** Types with their own MarshalJSON in Go: the JSON form is not their struct's. */
export const SPECIAL_TYPES = [
  "Time",
  "MicroTime",
  "FieldsV1",
  "Quantity",
  "IntOrString",
  "RawExtension",
  "JSON",
  "JSONSchemaPropsOrArray",
  "JSONSchemaPropsOrBool",
  "JSONSchemaPropsOrStringArray",
] as const;
export type SpecialType = (typeof SPECIAL_TYPES)[number];

/** The Go struct (or wrapper) whose wire message carries each special type. */
export const SPECIAL_MESSAGE: Readonly<Record<SpecialType, string>> = {
  Time: "meta.v1.Time",
  MicroTime: "meta.v1.MicroTime",
  FieldsV1: "meta.v1.FieldsV1",
  Quantity: "resource.Quantity",
  IntOrString: "intstr.IntOrString",
  RawExtension: "runtime.RawExtension",
  JSON: "apiextensions.v1.JSON",
  JSONSchemaPropsOrArray: "apiextensions.v1.JSONSchemaPropsOrArray",
  JSONSchemaPropsOrBool: "apiextensions.v1.JSONSchemaPropsOrBool",
  JSONSchemaPropsOrStringArray: "apiextensions.v1.JSONSchemaPropsOrStringArray",
};

/** Go scalars as the model names them ("bytes" is []byte, base64 in JSON). */
export type GoScalar = "string" | "bool" | "int32" | "int64" | "float64" | "bytes";
export const GO_SCALARS: ReadonlySet<string> = new Set<GoScalar>(["string", "bool", "int32", "int64", "float64", "bytes"]);
