import crypto from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase, openMemoryDatabase } from '../platform/db/database.js';
import { applyMigrations } from '../platform/db/migrations.js';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database on the
 * PostgreSQL server of TEST_DATABASE_URL (dropped again by `close`).
 */
export async function createTestDatabase(): Promise<Database> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const database = serverUrl ? await createServerDatabase(serverUrl) : await openMemoryDatabase();
  await applyMigrations(database);
  return database;
}

/** Creates an empty database on the server and returns its URL; `drop` removes it. */
export async function createScratchDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `otklik_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      try {
        await dropper.query(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

async function createServerDatabase(serverUrl: string): Promise<Database> {
  const scratch = await createScratchDatabase(serverUrl);
  const database = await openDatabase({
    config: { databaseUrl: scratch.url, dataDir: '' },
    purpose: 'command',
    command: 'test',
  });
  const close = database.close.bind(database);
  return {
    ...database,
    async close() {
      await close();
      await scratch.drop();
    },
  };
}
