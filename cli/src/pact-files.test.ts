import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidPactFileError, NoPactFilesError, PactMergeConflictError } from './errors.ts';
import { loadPactFiles } from './pact-files.ts';
import { groupByConsumer } from './pact-groups.ts';

const pact = (
  consumer: string,
  provider: string,
  interactions: unknown[] = [{ description: 'a request', request: { method: 'GET', path: '/' }, response: { status: 200 } }],
) =>
  JSON.stringify({
    consumer: { name: consumer },
    provider: { name: provider },
    interactions,
    metadata: { pactSpecification: { version: '2.0.0' } },
  });

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'treaty-pacts-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('loadPactFiles', () => {
  it('takes files, directories (*.json directly inside) and globs, de-duplicated', () => {
    const dir = workspace({
      'pacts/a-b.json': pact('a', 'b'),
      'pacts/a-c.json': pact('a', 'c'),
      'pacts/readme.txt': 'x',
      'more/deep/d-b.json': pact('d', 'b'),
    });
    const loaded = loadPactFiles(['pacts', 'pacts/a-b.json', 'more/**/*.json'], dir);
    expect(loaded.map((p) => p.path)).toEqual(['more/deep/d-b.json', 'pacts/a-b.json', 'pacts/a-c.json']);
  });

  it('names every invalid file: not JSON, no consumer, no provider', () => {
    const dir = workspace({
      'good.json': pact('a', 'b'),
      'broken.json': '{ nope',
      'noconsumer.json': JSON.stringify({ provider: { name: 'b' } }),
      'noprovider.json': JSON.stringify({ consumer: { name: 'a' } }),
    });
    let error: unknown;
    try {
      loadPactFiles(['.'], dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidPactFileError);
    expect((error as InvalidPactFileError).problems.map((p) => [p.path, p.problem.split(' (')[0]])).toEqual([
      ['broken.json', 'not JSON'],
      ['noconsumer.json', 'no consumer.name'],
      ['noprovider.json', 'no provider.name'],
    ]);
  });

  it('fails clearly on a missing path and on a glob matching nothing', () => {
    const dir = workspace({});
    expect(() => loadPactFiles(['nope.json'], dir)).toThrow(NoPactFilesError);
    expect(() => loadPactFiles(['pacts/*.json'], dir)).toThrow(/matched no files/);
  });
});

describe('groupByConsumer', () => {
  it('makes one group per consumer and merges files for the same pair (PBC merge_pacts.rb)', () => {
    const i1 = { description: 'get order', request: { method: 'GET', path: '/o' }, response: { status: 200 } };
    const i2 = { description: 'pay', request: { method: 'POST', path: '/p' }, response: { status: 201 } };
    const dir = workspace({
      '1.json': pact('orders', 'payments', [i1]),
      '2.json': pact('orders', 'payments', [i1, i2]),
      '3.json': pact('web', 'payments'),
    });
    const groups = groupByConsumer(loadPactFiles(['.'], dir));
    expect(groups.map((g) => [g.consumer, g.contracts.map((c) => [c.provider, c.paths])])).toEqual([
      ['orders', [['payments', ['1.json', '2.json']]]],
      ['web', [['payments', ['3.json']]]],
    ]);
    const merged = JSON.parse(groups[0]!.contracts[0]!.text) as { interactions: unknown[] };
    expect(merged.interactions).toEqual([i1, i2]);
  });

  it('rejects two different interactions with the same description and state', () => {
    const dir = workspace({
      '1.json': pact('orders', 'payments', [{ description: 'x', response: { status: 200 } }]),
      '2.json': pact('orders', 'payments', [{ description: 'x', response: { status: 500 } }]),
    });
    expect(() => groupByConsumer(loadPactFiles(['.'], dir))).toThrow(PactMergeConflictError);
  });
});
