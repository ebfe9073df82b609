// rbac.authorization.k8s.io/v1
import type { ResourceType } from "../types";
import { clusterrolebindings } from "./clusterrolebindings";
import { clusterroles } from "./clusterroles";
import { rolebindings } from "./rolebindings";
import { roles } from "./roles";

export { rbacNameErrors } from "./rbac";

export const rbacTypes: ResourceType[] = [clusterrolebindings, clusterroles, rolebindings, roles];
