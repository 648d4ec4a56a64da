// `npm run migrate:create -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with
// the SQL that takes the existing migrations to the current schema.prisma (like `prisma migrate dev
// --create-only`). It needs a scratch database for the engine's shadow database: an in-memory
// PGlite by default, or the PostgreSQL server named by DATABASE_URL.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { diffMigrationsToSchema, migrationsDir } from '../src/migrations.ts';

const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]+/gi, '_').toLowerCase();
if (!name) {
  console.error('Usage: npm run migrate:create -- <name>   (e.g. add_webhooks)');
  process.exit(2);
}
const url = process.env.DATABASE_URL;
const factory = url ? new PrismaPg({ connectionString: url }) : new PrismaPGlite(new PGlite());
const script = await diffMigrationsToSchema(factory);
if (!script.trim() || !/\b(CREATE|ALTER|DROP)\b/.test(script)) {
  console.log('schema.prisma and prisma/migrations/ are in sync: nothing to write.');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = path.join(migrationsDir, `${stamp}_${name}`);
await mkdir(dir, { recursive: true });
await writeFile(path.join(dir, 'migration.sql'), script);
console.log(`Wrote ${path.relative(process.cwd(), path.join(dir, 'migration.sql'))}`);
