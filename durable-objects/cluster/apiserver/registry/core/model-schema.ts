// modelSchema for kubernetes-models classes whose constructor demands fields (Event needs
// involvedObject and metadata): validation runs on whatever the client sent, so the type is loosened.
import { modelSchema } from "../../validation/schema";

export const looseModelSchema = (Model: new (data: never) => { validate(): void }) =>
  modelSchema(Model as unknown as Parameters<typeof modelSchema>[0]);
