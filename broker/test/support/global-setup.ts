// Runs once before the test files.
// - PostgreSQL (DATABASE_URL): apply migrations once, so parallel test files do not race.
// - Embedded (default): build one migrated PGlite and dump it to a file; each test file starts its
//   own in-memory PGlite from that dump (about 4x faster than initdb + migrate per file). The dump is
//   cached in node_modules/.cache under a hash of the migrations and the PGlite version, so repeated
//   runs (a developer's edit-test loop) skip the build.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplatePath: string | undefined;
  }
}

function buildTestDatabase(...args: string[]): void {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'build-test-database.ts');
  execFileSync(process.execPath, [tsx, script, ...args], { stdio: 'inherit' });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL;
  if (url) {
    buildTestDatabase('postgres', url);
    project.provide('pgliteTemplatePath', undefined);
    return async () => {};
  }
  const templatePath = await cachedPgliteTemplate();
  project.provide('pgliteTemplatePath', templatePath);
  return async () => {};
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The migrated PGlite dump for the current migrations, built once and reused while they do not change. */
async function cachedPgliteTemplate(): Promise<string> {
  const migrationsDir = path.join(repoRoot, 'prisma/migrations');
  const hash = createHash('sha256');
  for (const name of (await readdir(migrationsDir)).sort()) {
    const file = path.join(migrationsDir, name, 'migration.sql');
    if (existsSync(file)) hash.update(name).update(await readFile(file));
  }
  const pglite = JSON.parse(await readFile(path.join(repoRoot, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as {
    version: string;
  };
  hash.update(pglite.version);
  const cacheDir = path.join(repoRoot, 'node_modules/.cache/treaty-test');
  const templatePath = path.join(cacheDir, `pglite-${hash.digest('hex').slice(0, 16)}.tar`);
  if (existsSync(templatePath)) return templatePath;
  await mkdir(cacheDir, { recursive: true });
  // Built under a temporary name and renamed: concurrent runs never read a half-written dump.
  const partial = `${templatePath}.${randomBytes(4).toString('hex')}.partial`;
  buildTestDatabase('pglite-template', partial);
  await rename(partial, templatePath);
  return templatePath;
}
