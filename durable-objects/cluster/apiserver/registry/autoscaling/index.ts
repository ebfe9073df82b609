// autoscaling/v2 (preferred) and autoscaling/v1: two views of the same stored objects.
import type { ResourceType } from "../types";
import { horizontalpodautoscalers } from "./horizontalpodautoscalers";
import { horizontalpodautoscalersV1 } from "./horizontalpodautoscalers-v1";

export { hpaV1FromStorage, hpaV1ToStorage } from "./horizontalpodautoscalers-v1";

export const autoscalingTypes: ResourceType[] = [horizontalpodautoscalers, horizontalpodautoscalersV1];
