// Admission control for expensive work (issue #11): whole-integration matrices, large pacts-for-verification
// selector sets, costly GraphQL queries and schema comparisons share one small pool of slots. A request that
// finds every slot taken waits in a short queue for at most `maxWaitMs`; when the queue is full, or the wait runs
// out, it is refused with a 503 and Retry-After instead of piling up behind the others. So a flood of expensive
// requests costs the broker at most `concurrency` operations at a time, and /health, /health/ready and ordinary
// requests keep their share of the event loop and of the database connections.
import { ServiceUnavailableError } from './errors.ts';

/** What kind of expensive work a slot runs (the label of the metrics). */
export type ExpensiveOperation = 'matrix' | 'pacts-for-verification' | 'graphql' | 'schema-comparison';

export interface AdmissionLimits {
  /** Expensive operations that run at once (TREATY_EXPENSIVE_CONCURRENCY). */
  concurrency: number;
  /** Operations that may wait for a slot; more are refused at once (TREATY_EXPENSIVE_QUEUE). */
  queue: number;
  /** How long a queued operation waits for a slot before it is refused (TREATY_EXPENSIVE_WAIT_MS). */
  maxWaitMs: number;
}

export interface AdmissionStats {
  running: ReadonlyMap<ExpensiveOperation, number>;
  waiting: number;
  /** Refusals since start, by operation. */
  refused: ReadonlyMap<ExpensiveOperation, number>;
}

interface Waiter {
  admit(): void;
}

export class AdmissionGate {
  private runningTotal = 0;
  private readonly waiters: Waiter[] = [];
  private readonly running = new Map<ExpensiveOperation, number>();
  private readonly refused = new Map<ExpensiveOperation, number>();

  constructor(readonly limits: AdmissionLimits) {}

  /** Seconds a refused client should wait before trying again. */
  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.limits.maxWaitMs / 1000));
  }

  /** Runs `fn` in a slot; a ServiceUnavailableError (503) when none frees up in time. */
  async run<T>(operation: ExpensiveOperation, fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire(operation);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** Takes a slot; the returned function gives it back (calling it again does nothing). */
  async acquire(operation: ExpensiveOperation): Promise<() => void> {
    if (this.runningTotal < this.limits.concurrency) return this.take(operation);
    if (this.waiters.length >= this.limits.queue) throw this.refuse(operation, 'every slot is taken and the wait queue is full');
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        admit: () => {
          clearTimeout(timer);
          resolve(this.take(operation));
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(this.refuse(operation, `no slot freed up within ${this.limits.maxWaitMs} ms`));
      }, this.limits.maxWaitMs);
      this.waiters.push(waiter);
    });
  }

  stats(): AdmissionStats {
    return { running: new Map(this.running), waiting: this.waiters.length, refused: new Map(this.refused) };
  }

  private take(operation: ExpensiveOperation): () => void {
    this.runningTotal += 1;
    this.running.set(operation, (this.running.get(operation) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.runningTotal -= 1;
      this.running.set(operation, (this.running.get(operation) ?? 1) - 1);
      this.waiters.shift()?.admit();
    };
  }

  private refuse(operation: ExpensiveOperation, why: string): ServiceUnavailableError {
    this.refused.set(operation, (this.refused.get(operation) ?? 0) + 1);
    return new ServiceUnavailableError(
      `The broker is busy with other expensive requests (${why}; at most ${this.limits.concurrency} run at once, ` +
        `TREATY_EXPENSIVE_CONCURRENCY). Retry after ${this.retryAfterSeconds} s, or narrow the request (fewer selectors, a version instead of every version).`,
      this.retryAfterSeconds,
    );
  }
}
