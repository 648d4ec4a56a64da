// A worker thread of the schema-check pool (schema-check-pool.ts): runs one comparison per message and posts back
// its result, or the error's text when it throws.
import { parentPort } from 'node:worker_threads';
import { schemaComparisons, type SchemaComparisonName } from '../domain/schemas/schema-checker.ts';

export interface SchemaCheckTask {
  id: number;
  comparison: SchemaComparisonName;
  args: unknown[];
}

export type SchemaCheckReply = { id: number; result: unknown } | { id: number; error: string };

parentPort?.on('message', (task: SchemaCheckTask) => {
  let reply: SchemaCheckReply;
  try {
    const comparison = schemaComparisons[task.comparison] as (...args: unknown[]) => unknown;
    reply = { id: task.id, result: comparison(...task.args) };
  } catch (err) {
    reply = { id: task.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  parentPort?.postMessage(reply);
});
