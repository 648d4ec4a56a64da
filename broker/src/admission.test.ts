import { describe, expect, test } from 'vitest';
import { AdmissionGate } from './admission.ts';
import { ServiceUnavailableError } from './errors.ts';

/** A piece of work the test finishes when it chooses. */
function deferred() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { done, finish };
}

describe('AdmissionGate: a bounded number of expensive operations, a short bounded queue, then 503', () => {
  test('runs at most `concurrency` at once; the next waits in the queue and runs when a slot frees up', async () => {
    const gate = new AdmissionGate({ concurrency: 2, queue: 1, maxWaitMs: 5_000 });
    const works = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = works.map((w, i) =>
      gate.run('matrix', async () => {
        started.push(i);
        await w.done;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1]);
    expect(gate.stats().running.get('matrix')).toBe(2);
    expect(gate.stats().waiting).toBe(1);
    works[0]!.finish();
    await runs[0];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    works[1]!.finish();
    works[2]!.finish();
    await Promise.all(runs);
    expect(gate.stats().running.get('matrix')).toBe(0);
    expect(gate.stats().waiting).toBe(0);
  });

  test('refuses at once with a ServiceUnavailableError carrying Retry-After when every slot is taken and the queue is full', async () => {
    const gate = new AdmissionGate({ concurrency: 1, queue: 0, maxWaitMs: 3_000 });
    const work = deferred();
    const running = gate.run('graphql', () => work.done);
    const refusal = gate.run('graphql', async () => 'ran').catch((err: unknown) => err);
    const err = await refusal;
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect((err as ServiceUnavailableError).status).toBe(503);
    expect((err as ServiceUnavailableError).retryAfterSeconds).toBe(3);
    expect((err as ServiceUnavailableError).detail).toContain('TREATY_EXPENSIVE_CONCURRENCY');
    expect(gate.stats().refused.get('graphql')).toBe(1);
    work.finish();
    await running;
  });

  test('a queued operation whose wait runs out is refused and leaves the queue; the slot it never took is not lost', async () => {
    const gate = new AdmissionGate({ concurrency: 1, queue: 4, maxWaitMs: 50 });
    const work = deferred();
    const running = gate.run('matrix', () => work.done);
    await expect(gate.run('matrix', async () => 'ran')).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(gate.stats().waiting).toBe(0);
    work.finish();
    await running;
    await expect(gate.run('matrix', async () => 'ran')).resolves.toBe('ran');
  });

  test('a failing operation gives its slot back', async () => {
    const gate = new AdmissionGate({ concurrency: 1, queue: 0, maxWaitMs: 50 });
    await expect(gate.run('schema-comparison', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run('schema-comparison', async () => 'ran')).resolves.toBe('ran');
  });
});
