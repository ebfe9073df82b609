// Kubernetes JSON on the wire: objects by their Go types (json.ts) and responses as kube writes them (response.ts).
export { encodeAs, encodeObject, encodeUnstructured } from "./json";
export { goEscape, indentJson, isPrettyPrint, jsonText, objectResponse, textResponse, type JsonResponseInit } from "./response";
