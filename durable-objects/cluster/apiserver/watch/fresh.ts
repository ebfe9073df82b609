// Reads at a resourceVersion the cluster has not reached yet, as kube's watch cache serves them
// (k8s.io/apiserver storage/cacher/watch_cache.go waitUntilFreshAndBlock and storage/errors.go
// NewTooLargeResourceVersionError): wait up to blockTimeout (3 s) for the revision to be committed,
// then answer 504 Timeout "Too large resource version", retry after 1 s. A plain watch from a future
// resourceVersion does not wait here: it opens and delivers what comes after it, as kube's does.
import type { Store } from "../../store/store";
import { ApiError, status } from "../status";

export const BLOCK_TIMEOUT_MS = 3_000;
const RESOURCE_VERSION_TOO_HIGH_RETRY_SECONDS = 1;

/** Resolves once the store's revision reaches `revision`; throws Too large resource version after `timeoutMs`. */
export async function waitUntilFresh(store: Store, revision: number, timeoutMs = BLOCK_TIMEOUT_MS): Promise<void> {
  if (store.revision() >= revision) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    const unsubscribe = store.onCommit(() => {
      if (store.revision() >= revision) done();
    });
  });
  if (store.revision() < revision) throw tooLargeResourceVersion(revision, store.revision());
}

export function tooLargeResourceVersion(requested: number, current: number): ApiError {
  return new ApiError(
    status(504, "Timeout", `Timeout: Too large resource version: ${requested}, current: ${current}`, {
      causes: [{ reason: "ResourceVersionTooLarge", message: "Too large resource version" }],
      retryAfterSeconds: RESOURCE_VERSION_TOO_HIGH_RETRY_SECONDS,
    }),
  );
}
