// networking.k8s.io/v1
import type { ResourceType } from "../types";
import { ingressclasses } from "./ingressclasses";
import { ingresses } from "./ingresses";
import { networkpolicies } from "./networkpolicies";

export const networkingTypes: ResourceType[] = [ingressclasses, ingresses, networkpolicies];
