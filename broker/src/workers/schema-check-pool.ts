// A small pool of worker threads for the CPU-heavy schema comparisons (issue #11): a large protobuf, JSON Schema,
// OpenAPI or AsyncAPI comparison runs off the event loop, so /health, can-i-deploy and every other request keep
// answering while it runs. One comparison per worker at a time; the rest wait in order. A comparison that outlasts
// the task timeout has its worker terminated (and replaced on the next task) and fails with an error.
//
// The worker script: schema-check-worker.ts (start-worker.ts finds it, from sources or compiled).
import type { Worker } from 'node:worker_threads';
import type { SchemaChecker, SchemaComparisonName } from '../domain/schemas/schema-checker.ts';
import { inlineSchemaChecker } from '../domain/schemas/schema-checker.ts';
import type { SchemaCheckReply, SchemaCheckTask } from './schema-check-worker.ts';
import { startWorker } from './start-worker.ts';

export interface SchemaCheckPoolOptions {
  /** Worker threads (TREATY_SCHEMA_CHECK_WORKERS); 0 runs the comparisons inline on the event loop. */
  workers: number;
  /** How long one comparison may take before its worker is terminated (default 60 s). */
  taskTimeoutMs?: number;
}

export interface SchemaCheckPool extends SchemaChecker {
  /** Comparisons running or waiting. */
  pending(): number;
  close(): Promise<void>;
}

const DEFAULT_TASK_TIMEOUT_MS = 60_000;

interface Task {
  message: Omit<SchemaCheckTask, 'id'>;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

interface PoolWorker {
  worker: Worker;
  busy?: { id: number; task: Task; timer: NodeJS.Timeout };
}

export function createSchemaCheckPool(options: SchemaCheckPoolOptions): SchemaCheckPool {
  if (options.workers <= 0) return { ...inlineSchemaChecker, pending: () => 0, close: async () => {} };
  const taskTimeoutMs = options.taskTimeoutMs ?? DEFAULT_TASK_TIMEOUT_MS;
  const workers: PoolWorker[] = [];
  const queue: Task[] = [];
  let nextId = 1;
  let closed = false;
  const remove = (entry: PoolWorker) => {
    const at = workers.indexOf(entry);
    if (at >= 0) workers.splice(at, 1);
  };

  const spawn = (): PoolWorker => {
    const entry: PoolWorker = { worker: startWorker('schema-check-worker') };
    // An idle pool must not keep the process alive (tests, a CLI); a running comparison is awaited by its caller.
    entry.worker.unref();
    entry.worker.on('message', (reply: SchemaCheckReply) => {
      const busy = entry.busy;
      if (!busy || busy.id !== reply.id) return;
      clearTimeout(busy.timer);
      entry.busy = undefined;
      if ('error' in reply) busy.task.reject(new Error(`schema comparison ${busy.task.message.comparison} failed: ${reply.error}`));
      else busy.task.resolve(reply.result);
      dispatch();
    });
    const fail = (err: Error) => {
      remove(entry);
      const busy = entry.busy;
      entry.busy = undefined;
      if (busy) {
        clearTimeout(busy.timer);
        busy.task.reject(err);
      }
      dispatch();
    };
    entry.worker.on('error', (err) => fail(err));
    entry.worker.on('exit', (code) => {
      if (workers.includes(entry)) fail(new Error(`the schema-check worker exited (code ${code})`));
    });
    workers.push(entry);
    return entry;
  };

  const dispatch = () => {
    while (!closed && queue.length > 0) {
      const idle = workers.find((w) => !w.busy) ?? (workers.length < options.workers ? spawn() : undefined);
      if (!idle) return;
      const task = queue.shift()!;
      const id = nextId++;
      const timer = setTimeout(() => {
        remove(idle);
        idle.busy = undefined;
        void idle.worker.terminate();
        task.reject(new Error(`schema comparison ${task.message.comparison} took longer than ${taskTimeoutMs} ms and was stopped`));
        dispatch();
      }, taskTimeoutMs);
      idle.busy = { id, task, timer };
      idle.worker.postMessage({ id, ...task.message } satisfies SchemaCheckTask);
    }
  };

  const run = <T>(comparison: SchemaComparisonName, args: unknown[]): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (closed) return reject(new Error('the schema-check pool is closed'));
      queue.push({ message: { comparison, args }, resolve: resolve as (value: unknown) => void, reject });
      dispatch();
    });

  return {
    checkEvolution: (...args) => run('checkEvolution', args),
    checkConsumerSchema: (...args) => run('checkConsumerSchema', args),
    // Only what the comparison reads crosses the thread boundary (callers pass richer rows).
    checkPactAgainstContracts: (pactText, documents, label) =>
      run('checkPactAgainstContracts', [pactText, documents.map((d) => ({ kind: d.kind, files: d.files })), label]),
    pending: () => queue.length + workers.filter((w) => w.busy).length,
    async close() {
      closed = true;
      for (const task of queue.splice(0)) task.reject(new Error('the schema-check pool is closed'));
      await Promise.all(workers.splice(0).map((w) => w.worker.terminate()));
    },
  };
}

const shared = new Map<number, SchemaCheckPool>();

/** The process's pool of this size, started on first use (the app, the job worker and GraphQL share it). */
export function sharedSchemaChecker(workers: number): SchemaCheckPool {
  let pool = shared.get(workers);
  if (!pool) {
    pool = createSchemaCheckPool({ workers });
    shared.set(workers, pool);
  }
  return pool;
}
