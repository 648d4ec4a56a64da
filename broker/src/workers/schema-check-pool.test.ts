import { afterAll, describe, expect, test } from 'vitest';
import type { SchemaFile } from '@treaty/wire';
import { inlineSchemaChecker } from '../domain/schemas/schema-checker.ts';
import { createSchemaCheckPool } from './schema-check-pool.ts';

const proto = (messages: number, fieldsEach: number, dropLast = false): SchemaFile[] => {
  const body = Array.from({ length: messages }, (_, m) => {
    const fields = Array.from({ length: fieldsEach - (dropLast && m === messages - 1 ? 1 : 0) }, (_, f) => `  string f${f} = ${f + 1};`);
    return `message M${m} {\n${fields.join('\n')}\n}`;
  }).join('\n');
  return [{ path: 'big.proto', content: `syntax = "proto3";\npackage big.v1;\n${body}\n` }];
};

const pool = createSchemaCheckPool({ workers: 1, taskTimeoutMs: 60_000 });
afterAll(async () => {
  await pool.close();
});

describe('the schema-check pool runs comparisons on a worker thread (issue #11)', () => {
  test('gives the same outcome as the inline comparison (from the TypeScript sources, through tsx in the worker)', async () => {
    const before = proto(3, 3);
    const after = proto(3, 3, true);
    const [onWorker, inline] = await Promise.all([
      pool.checkEvolution('protobuf', [before], after, 'BACKWARD'),
      inlineSchemaChecker.checkEvolution('protobuf', [before], after, 'BACKWARD'),
    ]);
    expect(onWorker.status).toBe('failure');
    expect(onWorker).toEqual(inline);
  }, 60_000);

  test('keeps the event loop free while a large comparison runs', async () => {
    const before = proto(1_500, 12);
    const after = proto(1_500, 12, true);
    await pool.checkEvolution('protobuf', [proto(1, 1)], proto(1, 1), 'BACKWARD'); // the worker is warm
    let longestGapMs = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGapMs = Math.max(longestGapMs, now - last);
      last = now;
    }, 10);
    const started = performance.now();
    const outcome = await pool.checkEvolution('protobuf', [before], after, 'FULL');
    const tookMs = performance.now() - started;
    clearInterval(ticker);
    expect(outcome.status).toBe('failure');
    // The comparison takes a while; the loop never waited for it (a shared, loaded machine: generous bound).
    expect(longestGapMs).toBeLessThan(Math.max(250, tookMs / 2));
  }, 60_000);

  test('a comparison that throws rejects with its error, and the worker goes on serving', async () => {
    await expect(pool.checkConsumerSchema('protobuf', null as never, [], 'BACKWARD')).rejects.toThrow(
      /checkConsumerSchema failed: TypeError/,
    );
    await expect(pool.checkPactAgainstContracts('not json', [], 'p 1')).resolves.toMatchObject({ combined: { status: 'unknown' } });
    const outcome = await pool.checkConsumerSchema('protobuf', proto(2, 2), proto(2, 2), 'BACKWARD');
    expect(outcome.status).toBe('success');
  }, 60_000);

  test('a comparison that outlasts the task timeout is stopped, and the next one gets a fresh worker', async () => {
    const impatient = createSchemaCheckPool({ workers: 1, taskTimeoutMs: 1 });
    try {
      await expect(impatient.checkEvolution('protobuf', [proto(800, 10)], proto(800, 10, true), 'FULL')).rejects.toThrow(
        /longer than 1 ms/,
      );
      expect(impatient.pending()).toBe(0);
    } finally {
      await impatient.close();
    }
  }, 60_000);
});
