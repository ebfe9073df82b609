// Store failures, in etcd's terms. The API server maps them to metav1.Status.

export class KeyExistsError extends Error {
  constructor(readonly key: string) {
    super(`key already exists: ${key}`);
  }
}

export class KeyNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`key not found: ${key}`);
  }
}

/** A value over the store's size limit (etcd's default request limit is 1.5 MiB; a DO SQLite row 2 MB). */
export class ValueTooLargeError extends Error {
  constructor(
    readonly key: string,
    readonly bytes: number,
  ) {
    super(`value of ${key} is ${bytes} bytes, over the limit of ${MAX_VALUE_BYTES}`);
  }
}

export const MAX_VALUE_BYTES = 1.5 * 1024 * 1024;

/** A compare-on-mod-revision failed: the caller's view of the key is stale. */
export class RevisionConflictError extends Error {
  constructor(
    readonly key: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`revision conflict on ${key}: expected ${expected}, found ${actual}`);
  }
}

/** The requested revision was compacted away (etcd ErrCompacted → 410 Expired). */
export class CompactedError extends Error {
  constructor(
    readonly requested: number,
    readonly compacted: number,
  ) {
    super(`required revision ${requested} has been compacted (compact revision ${compacted})`);
  }
}
