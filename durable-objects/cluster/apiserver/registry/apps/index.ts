// apps/v1
import type { ResourceType } from "../types";
import { controllerrevisions } from "./controllerrevisions";
import { daemonsets } from "./daemonsets";
import { deployments } from "./deployments";
import { replicasets } from "./replicasets";
import { statefulsets } from "./statefulsets";

export const appsTypes: ResourceType[] = [controllerrevisions, daemonsets, deployments, replicasets, statefulsets];
