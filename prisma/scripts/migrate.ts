// `npm run migrate`: applies pending migrations to DATABASE_URL, or to the embedded database in
// TREATY_DATA_DIR (default ./.treaty). The broker also does this itself on every start; this
// script exists for operators who migrate as a separate deploy step.
import path from 'node:path';
import { openPools } from '../src/connect.ts';

const url = process.env.DATABASE_URL || undefined;
const dataDir = path.resolve(process.env.INIT_CWD ?? process.cwd(), process.env.TREATY_DATA_DIR || '.treaty');
const db = await openPools(url ? { kind: 'postgres', url } : { kind: 'embedded', dataDir });
try {
  const result = await db.migrate();
  console.log(result.applied.length ? `Applied: ${result.applied.join(', ')}` : 'The database is up to date.');
} finally {
  await db.close();
}
