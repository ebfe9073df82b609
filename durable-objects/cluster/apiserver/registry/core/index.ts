// core/v1 ("" group).
import { namespaces } from "./namespaces";
import type { ResourceType } from "../types";

export const coreTypes: ResourceType[] = [namespaces];
