// Applies prisma/migrations/ to a database exactly as `prisma migrate deploy` would (same
// _prisma_migrations bookkeeping, same checksums), through the WASM schema engine.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrationList } from '@prisma/schema-engine-wasm';
import { noFilters, openSchemaEngine } from './schema-engine.ts';

export const migrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'migrations');
export const schemaPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'schema.prisma');

export async function loadMigrationList(dir = migrationsDir): Promise<MigrationList> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok' as const, value: await readFile(path.join(dir, name, 'migration.sql'), 'utf8') },
      },
    })),
  );
  const lockPath = path.join(dir, 'migration_lock.toml');
  const lockContent = await readFile(lockPath, 'utf8').catch(() => null);
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

/** Names of the migrations in the folder that the database has not finished applying. */
export type AppliedNamesReader = () => Promise<string[] | undefined>;

export interface MigrateResult {
  applied: string[];
  /** True when the database was already up to date and the schema engine was not needed. */
  upToDate: boolean;
}

/**
 * Brings the database up to date. `readAppliedNames` lets the caller answer "which migrations are
 * already applied?" with one cheap query, so a normal restart never loads the schema engine.
 * It returns undefined when the bookkeeping table does not exist yet.
 */
export async function applyPendingMigrations(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  readAppliedNames: AppliedNamesReader,
): Promise<MigrateResult> {
  const list = await loadMigrationList();
  const applied = new Set((await readAppliedNames()) ?? []);
  const pending = list.migrationDirectories.filter((m) => !applied.has(m.path));
  if (pending.length === 0) return { applied: [], upToDate: true };
  const engine = await openSchemaEngine(adapterFactory);
  try {
    const out = await engine.applyMigrations({ migrationsList: list, filters: noFilters });
    return { applied: out.appliedMigrationNames, upToDate: false };
  } finally {
    engine.free();
  }
}

/** SQL that takes the current migrations to the current schema.prisma (empty when in sync). */
export async function diffMigrationsToSchema(adapterFactory: SqlMigrationAwareDriverAdapterFactory): Promise<string> {
  const list = await loadMigrationList();
  const schema = await readFile(schemaPath, 'utf8');
  const engine = await openSchemaEngine(adapterFactory);
  try {
    const from = list.migrationDirectories.length === 0 ? { tag: 'empty' as const } : { tag: 'migrations' as const, ...list };
    const out = await engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schema }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    return out.stdout ?? '';
  } finally {
    engine.free();
  }
}
