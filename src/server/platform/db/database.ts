import path from 'node:path';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { AppConfig } from '../config.js';
import { acquireDataDirectoryLock, readLiveLockOwner } from './data-directory-lock.js';
import { chooseSocketDirectory, EMBEDDED_SOCKET_PORT, startEmbeddedDatabase } from './embedded-database.js';
import { toJsonParameter } from './json-parameter.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
export type DrizzleDatabase = NodePgDatabase<Schema>;

export type DatabaseMode =
  /** PGlite started by this process. */
  | 'embedded'
  /** PGlite of another Otklik process on the same DATA_DIR, reached through its socket. */
  | 'embedded-shared'
  /** A PostgreSQL server from DATABASE_URL. */
  | 'server';

export type Database = {
  pool: pg.Pool;
  orm: DrizzleDatabase;
  mode: DatabaseMode;
  /** Human description for logs: where the data is. */
  location: string;
  close(): Promise<void>;
};

export type OpenDatabaseOptions = {
  config: Pick<AppConfig, 'databaseUrl' | 'dataDir'> & Partial<Pick<AppConfig, 'databasePoolSize'>>;
  /** `serve` must own the data directory; other commands may go through the running server. */
  purpose: 'serve' | 'command';
  command: string;
};

// Timestamps travel as ISO strings from PostgreSQL's `timestamptz`; bigint counts as numbers (they fit).
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const { config } = options;
  if (config.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: config.databasePoolSize ?? 10,
      application_name: 'otklik',
    });
    attachPoolErrorHandler(pool);
    return wrap(pool, 'server', redactUrl(config.databaseUrl), async () => {});
  }
  const dataDir = config.dataDir;
  if (options.purpose === 'command') {
    const owner = readLiveLockOwner(dataDir);
    if (owner) {
      const pool = createSocketPool(owner.socketDirectory, owner.socketPort, 2);
      return wrap(pool, 'embedded-shared', `${dataDir} (через процесс PID ${owner.pid})`, async () => {});
    }
  }
  const socketDirectory = chooseSocketDirectory(dataDir);
  const releaseLock = acquireDataDirectoryLock(dataDir, {
    command: options.command,
    socketDirectory,
    socketPort: EMBEDDED_SOCKET_PORT,
  });
  try {
    const embedded = await startEmbeddedDatabase(dataDir);
    const pool = createSocketPool(embedded.socketDirectory, embedded.socketPort, 4);
    return wrap(pool, 'embedded', path.join(dataDir, 'pgdata'), async () => {
      try {
        await embedded.stop();
      } finally {
        releaseLock();
      }
    });
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/** An in-memory embedded database for tests: no data directory, no lock. */
export async function openMemoryDatabase(): Promise<Database> {
  const embedded = await startEmbeddedDatabase(undefined);
  const pool = createSocketPool(embedded.socketDirectory, embedded.socketPort, 4);
  return wrap(pool, 'embedded', 'память', () => embedded.stop());
}

export function createSocketPool(socketDirectory: string, port: number, max: number): pg.Pool {
  const pool = new pg.Pool({ host: socketDirectory, port, user: 'postgres', database: 'postgres', max });
  attachPoolErrorHandler(pool);
  return pool;
}

function attachPoolErrorHandler(pool: pg.Pool): void {
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  pool.on('connect', serializeJsonParametersSafely);
}

/**
 * node-postgres sends a plain object parameter (a jsonb payload, say) as JSON.stringify's text, which writes
 * a lone UTF-16 surrogate — a broken emoji in what a resident sent — as an escape that PostgreSQL's json
 * refuses: the write failed with a 500. Every connection's queries get such parameters as toJsonParameter's
 * text instead (the same JSON, the broken half as U+FFFD, as text parameters already get it).
 */
function serializeJsonParametersSafely(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...parameters: unknown[]) => unknown;
  const patched = (config: unknown, values?: unknown, callback?: unknown) => {
    if (Array.isArray(values)) return query(config, withJsonText(values), callback);
    if (isQueryConfig(config) && Array.isArray(config.values)) {
      return query({ ...config, values: withJsonText(config.values) }, values, callback);
    }
    return query(config, values, callback);
  };
  client.query = patched as typeof client.query;
}

function isQueryConfig(config: unknown): config is { values?: unknown } {
  // Submittables (cursors, streams) carry their own values and are handed over untouched.
  return typeof config === 'object' && config !== null && typeof (config as { submit?: unknown }).submit !== 'function';
}

function withJsonText(values: readonly unknown[]): unknown[] {
  let changed: unknown[] | null = null;
  values.forEach((value, index) => {
    if (isPlainObject(value)) {
      changed ??= [...values];
      changed[index] = toJsonParameter(value);
    }
  });
  return changed ?? (values as unknown[]);
}

function isPlainObject(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !ArrayBuffer.isView(value) &&
    typeof (value as { toPostgres?: unknown }).toPostgres !== 'function'
  );
}

function wrap(pool: pg.Pool, mode: DatabaseMode, location: string, stop: () => Promise<void>): Database {
  let closing: Promise<void> | undefined;
  return {
    pool,
    orm: drizzle(pool, { schema }),
    mode,
    location,
    close() {
      closing ??= (async () => {
        await pool.end();
        await stop();
      })();
      return closing;
    },
  };
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'DATABASE_URL';
  }
}
