// events.k8s.io/v1: a view of the core/v1 events.
import type { ResourceType } from "../types";
import { eventsV1 } from "./events";

export { coreToEventsV1, eventsV1ToCore } from "./conversion";

export const eventsTypes: ResourceType[] = [eventsV1];
