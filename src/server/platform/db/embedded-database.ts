import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerMessage } from './embedded-database.worker.js';

export const EMBEDDED_SOCKET_PORT = 5432;
const MAX_UNIX_SOCKET_PATH = 100;

export type EmbeddedDatabase = {
  /** Directory holding `.s.PGSQL.5432`: pg connects with `host` set to it. */
  socketDirectory: string;
  socketPort: number;
  stop(): Promise<void>;
};

/**
 * Chooses where the socket lives: inside the data directory when the path is short enough for a Unix
 * socket (≈104 bytes), otherwise in a private directory under the system temp dir named by a hash.
 */
export function chooseSocketDirectory(dataDir: string | undefined): string {
  if (dataDir) {
    const inside = path.join(dataDir, 'run');
    if (path.join(inside, `.s.PGSQL.${EMBEDDED_SOCKET_PORT}`).length <= MAX_UNIX_SOCKET_PATH) return inside;
  }
  const key = crypto
    .createHash('sha256')
    .update(dataDir ?? `${process.pid}-${crypto.randomUUID()}`)
    .digest('hex')
    .slice(0, 16);
  return path.join(os.tmpdir(), `otklik-${key}`);
}

/**
 * Starts PGlite in a worker thread behind a Unix-socket PostgreSQL server.
 * `dataDir` undefined keeps the database in memory (tests).
 */
export async function startEmbeddedDatabase(dataDir: string | undefined): Promise<EmbeddedDatabase> {
  const socketDirectory = chooseSocketDirectory(dataDir);
  fs.mkdirSync(socketDirectory, { recursive: true, mode: 0o700 });
  const pgDataDir = dataDir ? path.join(dataDir, 'pgdata') : undefined;
  if (pgDataDir) fs.mkdirSync(pgDataDir, { recursive: true });
  const extension = path.extname(new URL(import.meta.url).pathname);
  const workerUrl = new URL(`./embedded-database.worker${extension}`, import.meta.url);
  const workerData = { pgDataDir, socketPath: path.join(socketDirectory, `.s.PGSQL.${EMBEDDED_SOCKET_PORT}`) };
  // Under tests and `tsx` the worker is TypeScript source: register the same loader inside it first.
  const worker =
    extension === '.ts'
      ? new Worker(
          `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(workerUrl.href)}); })`,
          { eval: true, workerData },
        )
      : new Worker(workerUrl, { workerData });

  await new Promise<void>((resolve, reject) => {
    const onMessage = (message: WorkerMessage) => {
      if (message.type === 'ready') {
        cleanup();
        resolve();
      } else if (message.type === 'error') {
        cleanup();
        reject(new Error(`Встроенная база данных не запустилась: ${message.message}`));
      }
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`Поток встроенной базы данных завершился при запуске (код ${code})`));
    };
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('exit', onExit);
  });

  let stopping: Promise<void> | undefined;
  return {
    socketDirectory,
    socketPort: EMBEDDED_SOCKET_PORT,
    stop() {
      stopping ??= new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          void worker.terminate();
          reject(new Error('Встроенная база данных не остановилась за 30 с'));
        }, 30_000);
        worker.on('message', (message: WorkerMessage) => {
          if (message.type === 'stopped' || message.type === 'error') {
            clearTimeout(timer);
            void worker.terminate().then(() => {
              if (message.type === 'error') reject(new Error(message.message));
              else resolve();
            });
          }
        });
        worker.postMessage({ type: 'stop' });
      }).finally(() => {
        if (!dataDir || socketDirectory !== path.join(dataDir, 'run')) {
          fs.rmSync(socketDirectory, { recursive: true, force: true });
        }
      });
      return stopping;
    },
  };
}
