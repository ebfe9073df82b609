// discovery.k8s.io/v1
import type { ResourceType } from "../types";
import { endpointslices } from "./endpointslices";

export const discoveryTypes: ResourceType[] = [endpointslices];
