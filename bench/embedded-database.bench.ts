/**
 * What the socket in front of PGlite costs and buys. In one run, on one fresh in-memory database each:
 *   A. PGlite called directly on the main thread (no socket);
 *   B. PGlite in a worker thread behind the Unix socket, through pg.Pool (what Otklik does).
 * For each: N parameterised point queries, and the main thread's worst event-loop stall while a heavy
 * query runs (a timer ticking every 5 ms measures how late it fires).
 * Run: npm run bench -- embedded   (QUERIES=2000 to change the default)
 */
import os from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import { openMemoryDatabase } from '../src/server/platform/db/database.js';

const queries = Number(process.env.QUERIES ?? 2000);
const heavySql = 'select count(*) from generate_series(1, 3000000) as g(x) where x % 7 = 0';

/** The longest gap between ticks of a 5 ms timer while `run` works: how long the main thread froze. */
async function measureStall(run: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 5);
    last = now;
  }, 5);
  await run();
  await new Promise((resolve) => setTimeout(resolve, 30));
  clearInterval(timer);
  return worst;
}

async function measureDirect() {
  const database = await PGlite.create();
  await database.query('create table probe (id int primary key, label text)');
  await database.query("insert into probe select g, 'метка ' || g from generate_series(1, 1000) g");
  const started = performance.now();
  for (let index = 0; index < queries; index += 1) {
    await database.query('select label from probe where id = $1', [(index % 1000) + 1]);
  }
  const queryMs = performance.now() - started;
  const stallMs = await measureStall(() => database.query(heavySql));
  await database.close();
  return { queryMs, stallMs };
}

async function measureSocket() {
  const database = await openMemoryDatabase();
  await database.pool.query('create table probe (id int primary key, label text)');
  await database.pool.query("insert into probe select g, 'метка ' || g from generate_series(1, 1000) g");
  const started = performance.now();
  for (let index = 0; index < queries; index += 1) {
    await database.pool.query('select label from probe where id = $1', [(index % 1000) + 1]);
  }
  const queryMs = performance.now() - started;
  const concurrentStarted = performance.now();
  await Promise.all(
    Array.from({ length: queries }, (_, index) =>
      database.pool.query('select label from probe where id = $1', [(index % 1000) + 1]),
    ),
  );
  const concurrentMs = performance.now() - concurrentStarted;
  const stallMs = await measureStall(() => database.pool.query(heavySql));
  await database.close();
  return { queryMs, concurrentMs, stallMs };
}

const direct = await measureDirect();
const socket = await measureSocket();
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
process.stdout.write(
  `${[
    `embedded database benchmark — node ${process.version}; ${os.cpus().length} × ${cpu}`,
    `${queries} sequential point queries: direct PGlite ${direct.queryMs.toFixed(0)} ms (${((queries / direct.queryMs) * 1000).toFixed(0)}/s), ` +
      `worker + socket + pg.Pool ${socket.queryMs.toFixed(0)} ms (${((queries / socket.queryMs) * 1000).toFixed(0)}/s); ` +
      `ratio socket/direct ${(socket.queryMs / direct.queryMs).toFixed(2)}`,
    `${queries} concurrent point queries through the pool: ${socket.concurrentMs.toFixed(0)} ms`,
    `main-thread stall during a heavy query: direct ${direct.stallMs.toFixed(0)} ms, worker + socket ${socket.stallMs.toFixed(0)} ms`,
  ].join('\n')}\n`,
);
