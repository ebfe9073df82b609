// networking.k8s.io/v1
import type { ResourceType } from "../types";
import { ingressclasses } from "./ingressclasses";
import { ingresses } from "./ingresses";
import { ipaddresses } from "./ipaddresses";
import { networkpolicies } from "./networkpolicies";
import { servicecidrs } from "./servicecidrs";

export const networkingTypes: ResourceType[] = [ingressclasses, ingresses, ipaddresses, networkpolicies, servicecidrs];
