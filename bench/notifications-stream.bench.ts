/**
 * What the live unread counter (`GET /api/notifications/stream`) costs the database. Each app process polls
 * the unread counts of everyone with an open stream every 3 s in ONE grouped query (UnreadCountHub). Measured
 * on a fresh migrated in-memory PGlite behind its socket (or DATABASE_URL's server), with PEOPLE people holding
 * PER_PERSON notifications each (5 % unread):
 *   - the grouped poll for 10 / 50 / all open streams (what the hub runs);
 *   - the same counts asked one query per stream (the naive design), for comparison.
 * Run: npm run bench -- notifications   (PEOPLE=200 PER_PERSON=2000 ROUNDS=30 to change the defaults)
 */
import os from 'node:os';
import { countUnreadByUser } from '../src/server/modules/notifications/notifications.repository.js';
import { type Database, openDatabase, openMemoryDatabase } from '../src/server/platform/db/database.js';
import { applyMigrations } from '../src/server/platform/db/migrations.js';
import { percentile } from './figures.js';

const people = Number(process.env.PEOPLE ?? 200);
const perPerson = Number(process.env.PER_PERSON ?? 2000);
const rounds = Number(process.env.ROUNDS ?? 30);

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function measure(run: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  await run();
  const durations: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const started = performance.now();
    await run();
    durations.push(performance.now() - started);
  }
  return { median: percentile(durations, 0.5), p95: percentile(durations, 0.95) };
}

async function seed(database: Database): Promise<string[]> {
  const tenant = await database.pool.query<{ id: string }>(
    `insert into tenants (kind, slug, name, short_name, timezone)
     values ('municipality', 'bench', 'Замерный округ', 'Замерный', 'Europe/Moscow') returning id`,
  );
  const tenantId = tenant.rows[0]?.id;
  const users = await database.pool.query<{ id: string }>(
    `insert into users (tenant_id, full_name) select $1, 'Сотрудник ' || g from generate_series(1, $2) g returning id`,
    [tenantId, people],
  );
  const userIds = users.rows.map((row) => row.id);
  // In slices, so one statement never holds the embedded database for long.
  for (let start = 0; start < userIds.length; start += 20) {
    await database.pool.query(
      `insert into notifications (tenant_id, user_id, kind, title, body, created_at, read_at)
       select $1, u.id, 'sla.warning', 'Срок скоро истечёт', 'До конца срока осталось 2 часа.',
              now() - make_interval(mins => g), case when g % 20 = 0 then null else now() end
         from unnest($2::uuid[]) as u(id), generate_series(1, $3) g`,
      [tenantId, userIds.slice(start, start + 20), perPerson],
    );
  }
  await database.pool.query('analyze notifications');
  return userIds;
}

async function report(database: Database, userIds: string[], title: string) {
  print(`  ${title}:`);
  for (const streams of [10, 50, people]) {
    const ids = userIds.slice(0, streams);
    const grouped = await measure(() => countUnreadByUser(database.pool, ids));
    const oneByOne = await measure(() =>
      Promise.all(
        ids.map((id) =>
          database.pool.query('select count(*)::int from notifications where user_id = $1 and read_at is null', [id]),
        ),
      ),
    );
    print(
      `    открытых потоков ${String(streams).padStart(4)}: один общий запрос — медиана ${grouped.median.toFixed(1)} мс, ` +
        `p95 ${grouped.p95.toFixed(1)} мс; по запросу на поток — медиана ${oneByOne.median.toFixed(1)} мс, ` +
        `p95 ${oneByOne.p95.toFixed(1)} мс`,
    );
  }
  const plan = await database.pool.query<Record<string, string>>(
    'explain select user_id, count(*) from notifications where user_id = any($1::uuid[]) and read_at is null group by user_id',
    [userIds.slice(0, 10)],
  );
  const nodes = plan.rows
    .map((row) => Object.values(row)[0] ?? '')
    .filter((line) => !/^\s*(Group Key|Sort Key|Recheck Cond|Index Cond|Filter):/.test(line))
    .map((line) =>
      line
        .replace(/\s*\(cost=.*$/, '')
        .replace(/->\s*/, '')
        .trim(),
    );
  print(`    план: ${nodes.join(' → ')}`);
}

async function main() {
  const database = process.env.DATABASE_URL
    ? await openDatabase({
        config: { databaseUrl: process.env.DATABASE_URL, dataDir: '' },
        purpose: 'command',
        command: 'bench',
      })
    : await openMemoryDatabase();
  try {
    await applyMigrations(database);
    const seedStarted = performance.now();
    const userIds = await seed(database);
    const seedMs = performance.now() - seedStarted;
    print(
      `Живой счётчик уведомлений: ${database.mode === 'server' ? 'PostgreSQL' : 'PGlite за сокетом'}, ` +
        `${people} чел. × ${perPerson} уведомлений (${people * perPerson} строк, 5 % непрочитанных, наполнение ` +
        `${(seedMs / 1000).toFixed(1)} с); ${os.cpus().length} ядра ${os.cpus()[0]?.model ?? ''}, Node ${process.version}`,
    );
    await report(database, userIds, 'индексы миграции 0003');
    // The partial index proposed in ADR 0007: only unread rows, so a count reads a handful of entries.
    await database.pool.query(
      'create index notifications_unread_probe_idx on notifications (user_id) where read_at is null',
    );
    await database.pool.query('analyze notifications');
    await report(database, userIds, 'с частичным индексом (user_id) where read_at is null');
  } finally {
    await database.close();
  }
}

await main();
