// storage.k8s.io/v1
import type { ResourceType } from "../types";
import { storageclasses } from "./storageclasses";

export const storageTypes: ResourceType[] = [storageclasses];
