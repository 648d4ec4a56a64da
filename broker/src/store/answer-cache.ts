// The answer cache (issue #14): read answers that are pure functions of the database (can-i-deploy, /matrix,
// pacts for verification) kept in memory and served again while the database has not changed.
//
// Correctness rests on the answer generation (migration answer_generations): a number that statement triggers
// bump in the same transaction as every write to a table an answer reads, so it changes exactly when such a
// write commits, for every broker process on the database. A request
//   1. reads the generation (one cheap statement),
//   2. serves the entry stored under that same generation, if any,
//   3. otherwise computes the answer — every statement of which runs after step 1, so it sees at least what
//      that generation saw — and stores it under the generation of step 1 only.
// A write that commits before a request starts is seen by that request's step 1, so no entry stored before
// it can match; a write that commits while an answer is computed leaves the answer stored under the older
// generation, which no later request reads. So no request ever gets an answer older than a write that
// completed before it started.
//
// Why a database-side generation and not a process-local counter or LISTEN/NOTIFY: replicas of the broker
// share one PostgreSQL and each must see the others' writes; a notification arrives asynchronously (after the
// commit, on another connection), so a read right after a write on another replica could still be served the
// old answer, and a dropped listener connection would need a fallback anyway. Triggers also cover writes no
// store function announces (cascades of a pacticipant deletion, retention cleanup, imports, test resets).
//
// Bounded: at most MAX_ENTRIES entries and MAX_BYTES of estimated size, least recently used evicted first;
// every entry is dropped as soon as a newer generation is seen (none of them can be served again).
import type { Db } from './db.ts';
import { sql } from './sql.ts';

const MAX_ENTRIES = 2_000;
const MAX_BYTES = 24 * 1024 * 1024;

/** The current answer generation (the sum of the slots, which only grows), as a bigint. */
export async function readAnswerGeneration(db: Db): Promise<bigint> {
  // The bound parameter makes the hot pool prepare the statement once per connection (db.ts).
  const row = await db.hot.one<{ g: string }>(
    sql`SELECT COALESCE(sum(generation), 0)::text AS g FROM answer_generations WHERE slot >= ${0}`,
  );
  return BigInt(row.g);
}

interface Entry {
  value: Promise<unknown>;
  bytes: number;
}

/** Answers cached under one generation, read once per request: see the module comment. */
export interface AnswerView {
  /**
   * The answer for `key`: the one stored under this view's generation, or `compute()`'s, which is then stored
   * (identical concurrent misses share one computation). `size` estimates an answer's bytes for the bound.
   * A rejected computation is not kept. Callers must treat the answer as immutable: it is shared.
   */
  get<T>(key: string, compute: () => Promise<T>, size: (value: T) => number): Promise<T>;
}

export class AnswerCache {
  private generation = -1n;
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(
    private readonly readGeneration: () => Promise<bigint>,
    private readonly maxEntries = MAX_ENTRIES,
    private readonly maxBytes = MAX_BYTES,
  ) {}

  /** Reads the generation now; the view serves and stores answers under it only. */
  async view(): Promise<AnswerView> {
    const generation = await this.readGeneration();
    if (generation > this.generation) {
      this.entries.clear();
      this.bytes = 0;
      this.generation = generation;
    }
    return { get: (key, compute, size) => this.get(generation, key, compute, size) };
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Drops every entry. Always safe (an entry is only an answer that can be computed again); called after a write,
   * which made every entry unservable anyway: the next view() would read a newer generation and drop them. Until
   * then they would hold memory through a run of writes with no reads (issue #14: peak RSS).
   */
  forget(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private get<T>(generation: bigint, key: string, compute: () => Promise<T>, size: (value: T) => number): Promise<T> {
    // A request that read an older generation than one seen since: its answer can be neither served from nor
    // stored in the cache (entries are for the newest generation only).
    if (generation !== this.generation) {
      this.misses++;
      return compute();
    }
    const found = this.entries.get(key);
    if (found) {
      this.hits++;
      // Most recently used last: Map keeps insertion order.
      this.entries.delete(key);
      this.entries.set(key, found);
      return found.value as Promise<T>;
    }
    this.misses++;
    const entry: Entry = { value: compute(), bytes: 256 };
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    entry.value.then(
      (value) => {
        if (this.entries.get(key) !== entry) return;
        const bytes = Math.max(256, size(value as T));
        this.bytes += bytes - entry.bytes;
        entry.bytes = bytes;
        this.evict();
      },
      () => {
        if (this.entries.get(key) !== entry) return;
        this.entries.delete(key);
        this.bytes -= entry.bytes;
      },
    );
    this.evict();
    return entry.value as Promise<T>;
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) return;
      this.entries.delete(key);
      this.bytes -= entry.bytes;
    }
  }
}

const caches = new WeakMap<object, AnswerCache>();

/**
 * The answer cache of a database handle (one per opened database, so tests with databases of their own never
 * share answers). Keyed by the hot-path executor, which is the same object for a handle and its copies.
 */
export function answerCacheOf(db: Db): AnswerCache {
  const owner = db.hot;
  let cache = caches.get(owner);
  if (!cache) {
    cache = new AnswerCache(() => readAnswerGeneration(owner));
    caches.set(owner, cache);
  }
  return cache;
}
