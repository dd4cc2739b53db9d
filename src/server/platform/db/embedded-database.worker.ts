import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * Runs PGlite off the main thread and serves it on a Unix socket, so the app (and CLI commands of other
 * processes) talk to it through the ordinary PostgreSQL protocol with one pg.Pool code path.
 */
type WorkerInput = { pgDataDir: string | undefined; socketPath: string };
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'stopped' }
  | { type: 'error'; message: string; stack?: string };

const input = workerData as WorkerInput;
const port = parentPort;
if (!port) throw new Error('embedded-database.worker must run in a worker thread');

async function start(): Promise<void> {
  const database = await PGlite.create({
    ...(input.pgDataDir ? { dataDir: input.pgDataDir } : {}),
    extensions: { pg_trgm, btree_gin, unaccent },
    // PGlite's default shared_buffers (128 MB) is most of its resident memory; the data files are also
    // cached by the OS, and 32 MB holds a municipality's working set. Measured in docs/adr/0001.
    postgresqlconf: ['shared_buffers = 32MB', 'wal_buffers = 1MB'],
  });
  fs.rmSync(input.socketPath, { force: true });
  const server = new PGLiteSocketServer({ db: database, path: input.socketPath, maxConnections: 256 });
  await server.start();
  fs.chmodSync(input.socketPath, 0o600);
  port?.on('message', async (message: { type: string }) => {
    if (message.type !== 'stop') return;
    try {
      await server.stop();
      await database.close();
      fs.rmSync(input.socketPath, { force: true });
      port?.postMessage({ type: 'stopped' } satisfies WorkerMessage);
    } catch (error) {
      port?.postMessage(toErrorMessage(error));
    }
  });
  port?.postMessage({ type: 'ready' } satisfies WorkerMessage);
}

function toErrorMessage(error: unknown): WorkerMessage {
  const failure = error instanceof Error ? error : new Error(String(error));
  return { type: 'error', message: failure.message, ...(failure.stack ? { stack: failure.stack } : {}) };
}

start().catch((error: unknown) => port?.postMessage(toErrorMessage(error)));
