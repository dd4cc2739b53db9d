import fs from 'node:fs';
import path from 'node:path';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { Database } from './database.js';

export const MIGRATIONS_FOLDER = path.resolve(import.meta.dirname, '../../../../db/migrations');
/** Serialises migrations of several app processes starting at once on one PostgreSQL. */
const MIGRATION_LOCK_KEY = 7_405_001;

export async function applyMigrations(database: Database): Promise<{ applied: number }> {
  const before = await countAppliedMigrations(database);
  const client = await database.pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await migrate(database.orm, { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
  const after = await countAppliedMigrations(database);
  return { applied: after - before };
}

export function countKnownMigrations(): number {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

export async function countAppliedMigrations(database: Database): Promise<number> {
  const exists = await database.pool.query<{ present: boolean }>(
    "select to_regclass('drizzle.__drizzle_migrations') is not null as present",
  );
  if (!exists.rows[0]?.present) return 0;
  const result = await database.pool.query<{ count: number }>(
    'select count(*)::int as count from drizzle.__drizzle_migrations',
  );
  return result.rows[0]?.count ?? 0;
}
