// batch/v1
import type { ResourceType } from "../types";
import { cronjobs } from "./cronjobs";
import { jobs } from "./jobs";

export const batchTypes: ResourceType[] = [cronjobs, jobs];
