// scheduling.k8s.io/v1
import type { ResourceType } from "../types";
import { priorityclasses } from "./priorityclasses";

export const schedulingTypes: ResourceType[] = [priorityclasses];
