// Test support: the AsyncAPI fixtures of verifiers/test/fixtures/asyncapi as publications (the document first).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { PublicationFile } from './asyncapi-files.ts';
import { readAsyncApi, type AsyncApiModel } from './asyncapi-model.ts';

export const ASYNCAPI_FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'asyncapi');

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => (statSync(join(dir, entry)).isDirectory() ? filesUnder(join(dir, entry)) : [join(dir, entry)]));
}

/** `orders-3.0` → its asyncapi.yaml first, then the other files by path. */
export function fixturePublication(name: string): PublicationFile[] {
  const dir = join(ASYNCAPI_FIXTURES, name);
  const files = filesUnder(dir).map((f) => ({ path: relative(dir, f).split('\\').join('/'), content: readFileSync(f, 'utf8') }));
  return [...files.filter((f) => f.path === 'asyncapi.yaml'), ...files.filter((f) => f.path !== 'asyncapi.yaml')];
}

export function fixtureModel(name: string, edit: (text: string) => string = (t) => t): AsyncApiModel {
  const [root, ...rest] = fixturePublication(name);
  const read = readAsyncApi([{ path: root!.path, content: edit(root!.content) }, ...rest]);
  if (read.status !== 'ok') throw new Error(`fixture ${name} does not read: ${JSON.stringify(read)}`);
  return read.model;
}
