// coordination.k8s.io/v1
import type { ResourceType } from "../types";
import { leases } from "./leases";

export const coordinationTypes: ResourceType[] = [leases];
