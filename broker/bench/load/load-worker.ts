// The load process: the benchmark forks it (load-process.ts) so that generating requests never
// competes with the measuring process's event loop, and runs one load at a time through IPC.
import { runLoad, type LoadOptions, type LoadResult } from './load-generator.ts';

export type WorkerRequest = { id: number; options: LoadOptions };
export type WorkerReply = { id: number; ok: true; result: LoadResult } | { id: number; ok: false; error: string };

process.on('message', (message: WorkerRequest) => {
  runLoad(message.options).then(
    (result) => process.send?.({ id: message.id, ok: true, result } satisfies WorkerReply),
    (err: unknown) =>
      process.send?.({ id: message.id, ok: false, error: err instanceof Error ? err.message : String(err) } satisfies WorkerReply),
  );
});
// Exit with the parent: an orphaned load process would keep hammering a broker.
process.on('disconnect', () => process.exit(0));
