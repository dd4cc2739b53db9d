import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { PGLiteSocketHandler, PGLiteSocketServer } from '@electric-sql/pglite-socket';

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
  keepProtocolSequencesTogether(server, database);
  gatherLongMessages();
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

/** One protocol message of a connection waiting for PGlite, as pglite-socket queues it. */
type QueuedMessage = {
  handlerId: number;
  message: Uint8Array;
  timestamp: number;
  resolve(bytes: number): void;
  reject(error: unknown): void;
  onData(data: Uint8Array): void;
};
type SocketQueryQueue = {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
};

/** Message types that end a unit of work: Sync, a simple Query, Terminate. */
const UNIT_END_TYPES = new Set([0x53, 0x51, 0x58]);

/**
 * pglite-socket queues each protocol message separately and, outside a transaction, takes them in arrival
 * order from all connections. A query with parameters is several messages (Parse, Bind, Describe, Execute,
 * Sync) that share PGlite's one unnamed statement and portal, so another connection's Parse landing between
 * them broke both queries («unnamed prepared statement does not exist», seen with parallel sign-ins). This
 * keeps a connection's messages together until its Sync (or simple Query), and inside a transaction until
 * it ends, as the library already does for transactions. Tested in embedded-concurrency.db.test.ts.
 */
function keepProtocolSequencesTogether(server: PGLiteSocketServer, database: PGlite): void {
  const queue = (server as unknown as { queryQueue: SocketQueryQueue }).queryQueue;
  let sequenceOwner: number | null = null;
  const clearForHandler = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId: number) => {
    clearForHandler(handlerId);
    if (sequenceOwner === handlerId) {
      sequenceOwner = null;
      void queue.processQueue();
    }
  };
  queue.processQueue = async function processQueue(this: SocketQueryQueue) {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const stickTo = sequenceOwner ?? (database.isInTransaction() ? this.lastHandlerId : null);
        const index = stickTo === null ? 0 : this.queue.findIndex((item) => item.handlerId === stickTo);
        if (index === -1) break; // the owner's next message has not arrived yet; its enqueue restarts us
        const [item] = this.queue.splice(index, 1);
        if (!item) break;
        let bytes = 0;
        try {
          await database.runExclusive(() =>
            database.execProtocolRawStream(item.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          sequenceOwner = null;
          item.reject(error);
          continue;
        }
        const type = item.message[0] ?? 0;
        // A startup packet begins with its length (first byte 0): it is a unit by itself.
        sequenceOwner = type === 0 || UNIT_END_TYPES.has(type) ? null : item.handlerId;
        this.lastHandlerId = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };
}

/** Protocol message lengths from which the chunks of an incomplete message are held (below: as the library does). */
const LONG_MESSAGE_BYTES = 256 * 1024;

/**
 * pglite-socket (0.2.17) appends every chunk read from a socket to the connection's message buffer with
 * Buffer.concat, so one protocol message of n bytes costs O(n² / chunk size) copying: the Bind of an
 * import batch (~9 MB of JSON) was ~8 s of copying plus garbage collection in this thread per import.
 * This holds the chunks of an incomplete long typed message aside and hands them to the library in one
 * piece when the message is complete — each byte is copied a constant number of times.
 */
function gatherLongMessages(): void {
  type Handler = { messageBuffer: Buffer; active: boolean; handleData(data: Buffer): Promise<number> };
  const prototype = PGLiteSocketHandler.prototype as unknown as Handler;
  const handleData = prototype.handleData;
  const held = new WeakMap<Handler, { chunks: Buffer[]; length: number }>();
  prototype.handleData = function gatheringHandleData(this: Handler, data: Buffer): Promise<number> {
    const buffered = this.messageBuffer;
    const pending = held.get(this);
    // A typed message (its first byte a letter; startup, SSL and cancel requests begin with 0) whose
    // length is known from its header and is not complete even with this chunk: keep the chunk.
    if (this.active && buffered.length >= 5 && buffered[0] !== 0) {
      const needed = 1 + buffered.readInt32BE(1);
      const have = buffered.length + (pending?.length ?? 0) + data.length;
      if (needed >= LONG_MESSAGE_BYTES && have < needed) {
        if (pending) {
          pending.chunks.push(data);
          pending.length += data.length;
        } else {
          held.set(this, { chunks: [data], length: data.length });
        }
        return Promise.resolve(0);
      }
    }
    if (!pending) return handleData.call(this, data);
    held.delete(this);
    pending.chunks.push(data);
    return handleData.call(this, Buffer.concat(pending.chunks, pending.length + data.length));
  };
}

function toErrorMessage(error: unknown): WorkerMessage {
  const failure = error instanceof Error ? error : new Error(String(error));
  return { type: 'error', message: failure.message, ...(failure.stack ? { stack: failure.stack } : {}) };
}

start().catch((error: unknown) => port?.postMessage(toErrorMessage(error)));
