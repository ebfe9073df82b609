import type { ResourceType } from "../types";
import { customResourceDefinitions } from "./customresourcedefinitions";

export const apiextensionsTypes: ResourceType[] = [customResourceDefinitions];
