export { SchedulerCache } from "./cache";
export { schedulePod, schedulePodDetailed, type ScheduleResult } from "./schedule";
