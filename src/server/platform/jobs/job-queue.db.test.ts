import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { createTestDatabase } from '../../test-support/test-database.js';
import type { Database } from '../db/database.js';
import { PgBossJobQueue } from './job-queue.js';

let database: Database;
let secondPool: pg.Pool;

before(async () => {
  database = await createTestDatabase();
  // A second process is, for the database, another pool of connections: give the second queue its own.
  secondPool = new pg.Pool({ ...(database.pool.options as pg.PoolConfig) });
});
after(async () => {
  await secondPool.end();
  await database.close();
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('не дождались выполнения заданий');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('два процесса на одной базе: каждое задание выполняется ровно один раз', async () => {
  const first = new PgBossJobQueue(database, { pollingIntervalSeconds: 0.5 });
  const second = new PgBossJobQueue({ ...database, pool: secondPool }, { pollingIntervalSeconds: 0.5 });
  await first.start();
  await second.start();
  const runs = new Map<number, string[]>();
  const record = (worker: string) => async (job: { data: { index: number } }) => {
    runs.set(job.data.index, [...(runs.get(job.data.index) ?? []), worker]);
    await new Promise((resolve) => setTimeout(resolve, 5));
  };
  await first.work('test.once', record('first'), { concurrency: 2 });
  await second.work('test.once', record('second'), { concurrency: 2 });
  const total = 60;
  for (let index = 0; index < total; index += 1) await first.send('test.once', { index });
  await waitFor(() => runs.size === total, 60_000);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await first.stop();
  await second.stop();
  assert.equal(runs.size, total);
  for (const [index, workers] of runs)
    assert.equal(workers.length, 1, `задание ${index} выполнено ${workers.length} раз`);
  const workersUsed = new Set([...runs.values()].flat());
  assert.ok(workersUsed.size >= 1);
});

test('задание, поставленное в откатившейся транзакции, не появляется', async () => {
  const queue = new PgBossJobQueue(database, { pollingIntervalSeconds: 0.5 });
  await queue.start();
  const seen: string[] = [];
  await queue.work<{ tag: string }>('test.transactional', async (job) => {
    seen.push(job.data.tag);
  });
  const client = await database.pool.connect();
  try {
    await client.query('begin');
    await queue.send('test.transactional', { tag: 'rolled-back' }, { transaction: client });
    await client.query('rollback');
    await client.query('begin');
    await queue.send('test.transactional', { tag: 'committed' }, { transaction: client });
    await client.query('commit');
  } finally {
    client.release();
  }
  await waitFor(() => seen.length >= 1, 30_000);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await queue.stop();
  assert.deepEqual(seen, ['committed']);
});
