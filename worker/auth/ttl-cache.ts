// A small per-isolate cache with a time to live and a size bound (oldest entry out first), for
// what the edge looks up in D1 on every request: token identities, sessions, cluster owners.

export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
  ) {}

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.until < Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, value: V): void {
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, until: Date.now() + this.ttlMs });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Drops every entry whose key or value matches. */
  deleteWhere(match: (key: string, value: V) => boolean): void {
    for (const [key, e] of this.entries) if (match(key, e.value)) this.entries.delete(key);
  }
}
