// apps/v1: Deployment.
// Field numbers from k8s.io/api v0.36.3 apps/v1/generated.proto; ptr / keep (no `omitempty`) / inline from the
// `json` tags and field types of the Go structs. Fields in Go declaration order.
import { bool, i32, i64, intOrString, keep, list, msg, ptr, str, time, type Messages } from "./types";

export const APPS = {
  "apps.v1.Deployment": {
    1: msg("metadata", "meta.v1.ObjectMeta"),
    2: msg("spec", "apps.v1.DeploymentSpec"),
    3: msg("status", "apps.v1.DeploymentStatus"),
  },
  "apps.v1.DeploymentSpec": {
    1: ptr(i32("replicas")),
    2: ptr(msg("selector", "meta.v1.LabelSelector")),
    3: msg("template", "core.v1.PodTemplateSpec"),
    4: msg("strategy", "apps.v1.DeploymentStrategy"),
    5: i32("minReadySeconds"),
    6: ptr(i32("revisionHistoryLimit")),
    7: bool("paused"),
    9: ptr(i32("progressDeadlineSeconds")),
  },
  "apps.v1.DeploymentStatus": {
    1: i64("observedGeneration"),
    2: i32("replicas"),
    3: i32("updatedReplicas"),
    7: i32("readyReplicas"),
    4: i32("availableReplicas"),
    5: i32("unavailableReplicas"),
    9: ptr(i32("terminatingReplicas")),
    6: list(msg("conditions", "apps.v1.DeploymentCondition")),
    8: ptr(i32("collisionCount")),
  },
  "apps.v1.DeploymentStrategy": {
    1: str("type"),
    2: ptr(msg("rollingUpdate", "apps.v1.RollingUpdateDeployment")),
  },
  "apps.v1.DeploymentCondition": {
    1: keep(str("type")),
    2: keep(str("status")),
    6: time("lastUpdateTime"),
    7: time("lastTransitionTime"),
    4: str("reason"),
    5: str("message"),
  },
  "apps.v1.RollingUpdateDeployment": {
    1: ptr(intOrString("maxUnavailable")),
    2: ptr(intOrString("maxSurge")),
  },
} satisfies Messages;
