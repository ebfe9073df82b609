// An MVCC key space with etcd semantics on the Durable Object's SQLite (the kine model):
// one global revision; per key create/mod revision and version; reads at any retained revision;
// a change log for watches; compaction of superseded rows. All operations are synchronous and run
// in SQLite transactions, so the single-threaded DO makes every one of them linearizable.
import type { ValueTransformer } from "./encryption";
import { CompactedError, KeyExistsError, KeyNotFoundError, MAX_VALUE_BYTES, RevisionConflictError, ValueTooLargeError } from "./errors";
import { prefixEnd } from "./keys";

export type JsonObject = Record<string, unknown>;

export interface KeyValue {
  key: string;
  value: JsonObject;
  createRevision: number;
  modRevision: number;
  version: number;
}

export type EventType = "ADDED" | "MODIFIED" | "DELETED";

export interface StoreEvent {
  type: EventType;
  /** For DELETED: the last value, with modRevision = the deletion's revision. */
  kv: KeyValue;
  prevRevision: number;
}

export interface ListOptions {
  /** Read as of this revision (default: current). Older than the compaction point → CompactedError. */
  revision?: number;
  /** Only keys strictly greater than this one (a continue point). */
  startAfter?: string;
  limit?: number;
}

export interface ListResult {
  items: KeyValue[];
  /** The revision the read was served at: pass it back to read the next page from the same snapshot. */
  revision: number;
  more: boolean;
}

interface Row {
  id: number;
  name: string;
  created: number;
  deleted: number;
  create_revision: number;
  prev_revision: number;
  version: number;
  value: string;
  [key: string]: SqlStorageValue;
}

const COLUMNS = "id, name, created, deleted, create_revision, prev_revision, version, value";

export type CommitListener = (events: StoreEvent[], revision: number) => void;
/** Runs inside a transaction, before it commits: what it writes commits (or rolls back) with it. */
export type PrecommitHook = (events: StoreEvent[]) => void;

export class Store {
  private rev: number;
  private compactRev: number;
  private txnDepth = 0;
  private pending: StoreEvent[] = [];
  private readonly listeners = new Set<CommitListener>();
  private readonly precommit = new Set<PrecommitHook>();

  constructor(
    private readonly sql: SqlStorage,
    private readonly storage: DurableObjectStorage,
    private readonly now: () => number,
    /** How values are written to and read from SQLite (encryption at rest); identity by default. */
    private readonly transformer?: ValueTransformer,
  ) {
    this.rev = this.readMeta("revision");
    this.compactRev = this.readMeta("compact_revision");
  }

  /** The newest revision (0 for an empty store). */
  revision(): number {
    return this.rev;
  }

  compactRevision(): number {
    return this.compactRev;
  }

  /** Called after every committed transaction with its events, in revision order. */
  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** `hook` sees each transaction's events inside the transaction (e.g. to write an outbox row with them); a throw aborts it. */
  beforeCommit(hook: PrecommitHook): void {
    this.precommit.add(hook);
  }

  /** Whether the open transaction has written something not yet committed (caches must read through). */
  hasUncommittedWrites(): boolean {
    return this.pending.length > 0;
  }

  get(key: string, revision?: number): KeyValue | null {
    const at = this.readRevision(revision);
    const row = this.sql.exec<Row>(`SELECT ${COLUMNS} FROM kv WHERE name = ? AND id <= ? ORDER BY id DESC LIMIT 1`, key, at).toArray()[0];
    return row && !row.deleted ? toKeyValue(this.plain(row)) : null;
  }

  /**
   * The row written at exactly `modRevision` for `key` (live or tombstone), or null if compacted away.
   * Watches use it for an event's previous state, which compaction keeps while the event is replayable.
   */
  at(key: string, modRevision: number): KeyValue | null {
    const row = this.sql.exec<Row>(`SELECT ${COLUMNS} FROM kv WHERE id = ? AND name = ?`, modRevision, key).toArray()[0];
    return row ? toKeyValue(this.plain(row)) : null;
  }

  /** The live keys under `prefix`, in key order, as of one revision. */
  list(prefix: string, opts: ListOptions = {}): ListResult {
    const at = this.readRevision(opts.revision);
    const from = opts.startAfter !== undefined && opts.startAfter >= prefix ? opts.startAfter + "\0" : prefix;
    const limit = opts.limit && opts.limit > 0 ? opts.limit : -1;
    const rows = this.sql
      .exec<Row>(
        `SELECT ${COLUMNS.replace(/(\w+)/g, "kv.$1")} FROM kv
         JOIN (SELECT MAX(id) AS id FROM kv WHERE name >= ? AND name < ? AND id <= ? GROUP BY name) latest ON kv.id = latest.id
         WHERE kv.deleted = 0 ORDER BY kv.name LIMIT ?`,
        from,
        prefixEnd(prefix),
        at,
        limit > 0 ? limit + 1 : -1,
      )
      .toArray();
    const more = limit > 0 && rows.length > limit;
    return { items: (more ? rows.slice(0, limit) : rows).map((r) => toKeyValue(this.plain(r))), revision: at, more };
  }

  /** Number of live keys under `prefix` at the current revision. */
  count(prefix: string): number {
    const row = this.sql
      .exec<{ n: number }>(
        `SELECT COUNT(*) AS n FROM kv JOIN (SELECT MAX(id) AS id FROM kv WHERE name >= ? AND name < ? GROUP BY name) latest
         ON kv.id = latest.id WHERE kv.deleted = 0`,
        prefix,
        prefixEnd(prefix),
      )
      .toArray()[0];
    return row?.n ?? 0;
  }

  /** Every change under `prefix` after revision `after`, oldest first (the watch replay). */
  changesSince(prefix: string, after: number, limit = 10_000): StoreEvent[] {
    if (after < this.compactRev) throw new CompactedError(after, this.compactRev);
    return this.sql
      .exec<Row>(`SELECT ${COLUMNS} FROM kv WHERE name >= ? AND name < ? AND id > ? ORDER BY id LIMIT ?`, prefix, prefixEnd(prefix), after, limit)
      .toArray()
      .map((r) => toEvent(this.plain(r)));
  }

  create(key: string, value: JsonObject): KeyValue {
    return this.txn(() => {
      const latest = this.latestRow(key);
      if (latest && !latest.deleted) throw new KeyExistsError(key);
      const rev = this.rev + 1;
      return this.append({ id: rev, name: key, created: 1, deleted: 0, create_revision: rev, prev_revision: latest?.id ?? 0, version: 1, value: JSON.stringify(value) });
    });
  }

  /** Replaces the value; with `expectedModRevision`, only if the key was not changed since then. */
  update(key: string, value: JsonObject, expectedModRevision?: number): KeyValue {
    return this.txn(() => {
      const latest = this.requireLive(key, expectedModRevision);
      return this.append({
        id: this.rev + 1,
        name: key,
        created: 0,
        deleted: 0,
        create_revision: latest.create_revision,
        prev_revision: latest.id,
        version: latest.version + 1,
        value: JSON.stringify(value),
      });
    });
  }

  /**
   * Deletes the key; returns its last value at the deletion's revision. `finalValue` replaces that
   * last value (an update that released the last finalizer is recorded as one deletion).
   */
  delete(key: string, expectedModRevision?: number, finalValue?: JsonObject): KeyValue {
    return this.txn(() => {
      const latest = this.requireLive(key, expectedModRevision);
      const value = finalValue ? JSON.stringify(finalValue) : latest.value;
      return this.append({ ...latest, id: this.rev + 1, created: 0, deleted: 1, prev_revision: latest.id, version: 0, value });
    });
  }

  /**
   * Runs `fn` as one transaction: all its writes commit together or none do, and listeners hear
   * about them once, after the commit. Nested calls join the outer transaction.
   */
  txn<T>(fn: () => T): T {
    if (this.txnDepth > 0) return fn();
    const revBefore = this.rev;
    this.txnDepth++;
    let result: T;
    try {
      result = this.storage.transactionSync(() => {
        const r = fn();
        if (this.rev !== revBefore) {
          for (const hook of this.precommit) hook(this.pending);
          this.writeMeta("revision", this.rev);
        }
        return r;
      });
    } catch (err) {
      this.rev = revBefore;
      this.pending = [];
      throw err;
    } finally {
      this.txnDepth--;
    }
    const events = this.pending;
    this.pending = [];
    if (events.length > 0) {
      for (const listener of this.listeners) {
        // The write is committed: a listener's failure must not turn it into an error for the writer.
        try {
          listener(events, this.rev);
        } catch (err) {
          console.error("store commit listener failed", err);
        }
      }
    }
    return result;
  }

  /**
   * Forgets history at and below `revision`: superseded rows and tombstones go, the newest live row
   * of every key stays. Reads and watches from older revisions then fail with CompactedError.
   * Returns the number of rows removed.
   */
  compact(revision: number): number {
    const target = Math.min(revision, this.rev);
    if (target <= this.compactRev) return 0;
    return this.txn(() => {
      const removed = this.sql.exec(
        `DELETE FROM kv WHERE id <= ?1 AND (deleted = 1 OR id < (SELECT MAX(k2.id) FROM kv AS k2 WHERE k2.name = kv.name AND k2.id <= ?1))`,
        target,
      ).rowsWritten;
      this.writeMeta("compact_revision", target);
      this.compactRev = target;
      return removed;
    });
  }

  /** The newest revision written at or before cluster time `ms` (0 if none): the compaction point for a time window. */
  revisionAt(ms: number): number {
    const row = this.sql.exec<{ id: number | null }>("SELECT MAX(id) AS id FROM kv WHERE ts <= ?", ms).toArray()[0];
    return row?.id ?? 0;
  }

  /** Cluster time of the oldest retained write after `revision` (null if none). */
  oldestWriteAfter(revision: number): number | null {
    const row = this.sql.exec<{ ts: number | null }>("SELECT MIN(ts) AS ts FROM kv WHERE id > ?", revision).toArray()[0];
    return row?.ts ?? null;
  }

  private readRevision(revision?: number): number {
    if (revision === undefined || revision <= 0) return this.rev;
    if (revision < this.compactRev) throw new CompactedError(revision, this.compactRev);
    return Math.min(revision, this.rev);
  }

  private latestRow(key: string): Row | undefined {
    const row = this.sql.exec<Row>(`SELECT ${COLUMNS} FROM kv WHERE name = ? ORDER BY id DESC LIMIT 1`, key).toArray()[0];
    return row && this.plain(row);
  }

  private requireLive(key: string, expectedModRevision?: number): Row {
    const latest = this.latestRow(key);
    if (!latest || latest.deleted) throw new KeyNotFoundError(key);
    if (expectedModRevision !== undefined && expectedModRevision !== latest.id) {
      throw new RevisionConflictError(key, expectedModRevision, latest.id);
    }
    return latest;
  }

  private append(row: Row): KeyValue {
    if (row.value.length > MAX_VALUE_BYTES) throw new ValueTooLargeError(row.name, row.value.length);
    this.sql.exec(
      `INSERT INTO kv (${COLUMNS}, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      row.id,
      row.name,
      row.created,
      row.deleted,
      row.create_revision,
      row.prev_revision,
      row.version,
      this.transformer ? this.transformer.toStorage(row.name, row.value) : row.value,
      this.now(),
    );
    this.rev = row.id;
    const event = toEvent(row);
    this.pending.push(event);
    return event.kv;
  }

  /** A row read from SQLite with its value as plaintext JSON. */
  private plain(row: Row): Row {
    return this.transformer ? { ...row, value: this.transformer.fromStorage(row.name, row.value) } : row;
  }

  private readMeta(key: string): number {
    return this.sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value ?? 0;
  }

  private writeMeta(key: string, value: number): void {
    this.sql.exec("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value);
  }
}

function toKeyValue(row: Row): KeyValue {
  return {
    key: row.name,
    value: JSON.parse(row.value) as JsonObject,
    createRevision: row.create_revision,
    modRevision: row.id,
    version: row.version,
  };
}

function toEvent(row: Row): StoreEvent {
  const type: EventType = row.deleted ? "DELETED" : row.created ? "ADDED" : "MODIFIED";
  return { type, kv: toKeyValue(row), prevRevision: row.prev_revision };
}
