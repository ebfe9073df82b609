// policy/v1
import type { ResourceType } from "../types";
import { poddisruptionbudgets } from "./poddisruptionbudgets";

export const policyTypes: ResourceType[] = [poddisruptionbudgets];
