/**
 * Analytics benchmark: dashboard, heat map and ratings over generated cases (CASES, default 1,000,000)
 * on a real PostgreSQL server (its own scratch database, dropped at the end). Cases: 4 municipalities of
 * one region, received uniformly over 2025, 10 channels, 20 topics, 8 districts, 12 recipients per
 * municipality, answers with texts for the «отписка» detector. Generated server-side (INSERT … SELECT
 * generate_series) with the secondary indexes of `cases` dropped during the load and built after it.
 * Facts: FACTS=sql (default) derives them in SQL from the generated cases (calendar minutes × 9/24 as
 * working minutes; the queries read the same tables either way); FACTS=refresh runs the real
 * incremental measure (working-time calendar, timers and timeline; ~1,600 cases/s). The rollups are then
 * rebuilt (timed: the full-rebuild cost), incremental upkeep is timed on CHANGED (default 1,000) changed
 * cases with and without the rollup triggers, and each query runs WARMUP + RUNS times for «2025-Q2» —
 * for one municipality (МЦУ) and for the region (ЦУР) — served from the rollups and, for comparison,
 * straight from the facts (FACT_RUNS times). Targets: p95 ≤ 300 ms at 1M, ≤ 1 s at 10M.
 * Run (heavy): npm run bench -- analytics
 *   CASES=1000000 RUNS=20 FACT_RUNS=5 BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test_analytics
 *   KEEP_DATABASE=1 keeps the generated database, BENCH_REUSE_URL=<its URL> measures the queries on it again.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { countSnapshotDirect, writeWatermark } from '../src/server/modules/analytics/analytics.repository.js';
import {
  type AnalyticsReader,
  computeDashboard,
  computeHeatmap,
  computeRatings,
  endOfToday,
  resolveFilter,
} from '../src/server/modules/analytics/analytics.service.js';
import { refreshCaseMeasures } from '../src/server/modules/analytics/analytics-measures.service.js';
import { rebuildRollups } from '../src/server/modules/analytics/analytics-rollups.repository.js';
import type { Database } from '../src/server/platform/db/database.js';
import { openDatabase } from '../src/server/platform/db/database.js';
import { applyMigrations } from '../src/server/platform/db/migrations.js';
import { createScratchDatabase } from '../src/server/test-support/test-database.js';

const serverUrl =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const total = Number(process.env.CASES ?? 1_000_000);
const runs = Number(process.env.RUNS ?? 20);
const factRuns = Number(process.env.FACT_RUNS ?? 5);
const changed = Number(process.env.CHANGED ?? 1000);
const factsMode = process.env.FACTS === 'refresh' ? 'refresh' : 'sql';
/** An existing benchmark database (kept with KEEP_DATABASE=1) to measure the queries again without regenerating. */
const reuseUrl = process.env.BENCH_REUSE_URL;
const warmup = 2;
const TARGET_MS = total > 2_000_000 ? 1000 : 300;

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

function summarise(samples: number[]) {
  const sorted = [...samples].sort((left, right) => left - right);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  return { min: sorted[0] ?? Number.NaN, median: at(0.5), p95: at(0.95) };
}

async function generate(database: Database): Promise<{ region: string; municipalities: string[] }> {
  const region = await database.pool.query<{ id: string }>(
    `insert into tenants (kind, slug, name, short_name, timezone) values ('region', 'bench-region', 'Бенч-область', 'Бенч', 'Europe/Moscow') returning id`,
  );
  const regionId = region.rows[0]?.id ?? '';
  const municipalities: string[] = [];
  for (let index = 1; index <= 4; index += 1) {
    const row = await database.pool.query<{ id: string }>(
      `insert into tenants (kind, slug, name, short_name, timezone, parent_id) values ('municipality', $1, $2, $3, 'Europe/Moscow', $4) returning id`,
      [`bench-${index}`, `Город ${index}`, `Город ${index}`, regionId],
    );
    const id = row.rows[0]?.id ?? '';
    municipalities.push(id);
    await database.pool.query(
      `insert into recipients (tenant_id, kind, name, short_name)
       select $1, 'department', 'Отдел ' || g, 'Отдел ' || g from generate_series(1, 12) g`,
      [id],
    );
  }
  const perTenant = Math.ceil(total / municipalities.length);
  const chunk = 250_000;
  // Secondary indexes of `cases` are dropped for the load and built after it (much faster than
  // maintaining them row by row); indexes behind constraints stay.
  const secondary = await database.pool.query<{ name: string; definition: string }>(
    `select i.indexname as name, i.indexdef as definition from pg_indexes i
      where i.tablename = 'cases' and i.schemaname = current_schema()
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
  );
  for (const index of secondary.rows) await database.pool.query(`drop index "${index.name}"`);
  for (const tenantId of municipalities) {
    for (let offset = 0; offset < perTenant; offset += chunk) {
      const size = Math.min(chunk, perTenant - offset);
      await database.pool.query(
        `with recipients_of as (select array_agg(id order by name) as ids from recipients where tenant_id = $1),
         generated as (
           select g, random() as r1, random() as r2, random() as r3, random() as r4,
                  timestamptz '2025-01-01 00:00:00+03' + (random() * interval '365 days') as received_at
             from generate_series($2::int, $2::int + $3::int - 1) g)
         insert into cases (tenant_id, id, number, channel, kind, external_id, status, text, category, subcategory, district,
                            latitude, longitude, recipient_id, is_fast_track, received_at, due_at, closed_at, result, rating,
                            reopen_count, lifecycle, created_at, updated_at)
         select $1, gen_random_uuid(), 'B-' || g, (array['pos','im','regional','official_pages','form','open311','email','letter','reception','phone'])[1 + (g % 10)],
                'message', 'bench-' || g,
                case when r1 < 0.75 then 'closed' when r1 < 0.8 then 'answered' when r1 < 0.83 then 'rejected' else 'in_work' end,
                'Текст сообщения номер ' || g, 'Тема ' || (1 + floor(r2 * r2 * 20)::int), 'Подтема ' || (1 + (g % 5)),
                'Район ' || (1 + floor(r3 * 8)::int), 55 + r3, 37 + r4, (select ids[1 + (g % 12)] from recipients_of), r4 < 0.05,
                received_at, received_at + interval '3 days',
                case when r1 < 0.8 then received_at + r4 * interval '5 days' end,
                case when r1 < 0.8 then (case when r2 < 0.6 then 'resolved' else 'explained' end) end,
                case when r1 < 0.6 then 1 + floor(r3 * 5)::int end,
                case when r4 < 0.03 then 1 else 0 end,
                case when r1 < 0.8 then jsonb_build_object('draftAnswer', jsonb_build_object(
                  'text', (array['Ваше обращение рассмотрено, информация принята к сведению.', 'Яма заделана 12.05.2025, фото приложено.',
                                 'Работы будут выполнены по мере финансирования.', 'Мусор вывезен, территория убрана.'])[1 + (g % 4)],
                  'attachmentIds', case when g % 4 = 1 then '["x"]'::jsonb else '[]'::jsonb end)) else '{}'::jsonb end,
                received_at, coalesce(case when r1 < 0.8 then received_at + r4 * interval '5 days' end, received_at)
           from generated`,
        [tenantId, offset + 1, size],
      );
    }
    if (factsMode === 'refresh') await generateTimeline(database, tenantId);
  }
  for (const index of secondary.rows) await database.pool.query(index.definition);
  await database.pool.query('analyze');
  return { region: regionId, municipalities };
}

/** Timers and timeline for the real measure (FACTS=refresh). */
async function generateTimeline(database: Database, tenantId: string): Promise<void> {
  await database.pool.query(
    `insert into case_timers (tenant_id, case_id, kind, policy_name, schedule_id, duration, started_at, due_at, stopped_at)
     select tenant_id, id, 'answer', 'бенч', 'mcu', '24wh', received_at, due_at, closed_at from cases where tenant_id = $1`,
    [tenantId],
  );
  await database.pool.query(
    `insert into case_timers (tenant_id, case_id, kind, policy_name, schedule_id, duration, started_at, due_at, stopped_at)
     select tenant_id, id, 'first_reaction', 'бенч', 'mcu', '1wh', received_at, received_at + interval '1 hour',
            received_at + (abs(hashtext(id::text)) % 180) * interval '1 minute'
       from cases where tenant_id = $1 and abs(hashtext(id::text)) % 10 < 3`,
    [tenantId],
  );
  await database.pool.query(
    `insert into case_events (tenant_id, case_id, action, payload, created_at)
     select tenant_id, id, 'return-for-rework', '{}'::jsonb, received_at + interval '1 day'
       from cases where tenant_id = $1 and abs(hashtext(id::text || 'r')) % 100 < 5`,
    [tenantId],
  );
}

/**
 * Facts derived in SQL from the generated cases (FACTS=sql): the same columns the measure writes, with
 * working minutes approximated by calendar minutes × 9/24 and the отписка verdict of the answer text.
 */
async function deriveFacts(database: Database, municipalities: string[]): Promise<void> {
  for (const tenantId of municipalities) {
    for (let month = 0; month < 12; month += 1) {
      await database.pool.query(
        `insert into analytics_case_measures (tenant_id, case_id, case_version, received_at, channel, category, district,
            recipient_id, status, is_fast_track, result, rating, reopen_count, answered_at, answer_due_at,
            first_reaction_minutes, answer_minutes, return_count, is_otpiska_detected, otpiska_reasons, measured_at)
         select tenant_id, id, version, received_at, channel, category, district, recipient_id, status, is_fast_track, result,
                rating, reopen_count,
                case when status in ('answered', 'closed') then closed_at end, due_at,
                case when abs(hashtext(id::text)) % 10 < 3 then abs(hashtext(id::text)) % 180 end,
                case when status in ('answered', 'closed') then (extract(epoch from closed_at - received_at) / 60 * 9 / 24)::int end,
                case when abs(hashtext(id::text || 'r')) % 100 < 5 then 1 else 0 end,
                case when status in ('answered', 'closed') then substring(number from 3)::int % 2 = 0 end,
                '[]'::jsonb, now()
           from cases where tenant_id = $1
            and received_at >= timestamptz '2025-01-01 00:00:00+03' + make_interval(months => $2::int)
            and received_at < timestamptz '2025-01-01 00:00:00+03' + make_interval(months => $2::int + 1)`,
        [tenantId, month],
      );
    }
  }
  const newest = await database.pool.query<{ newest: Date }>('select max(updated_at) as newest from cases');
  await writeWatermark(database.pool, newest.rows[0]?.newest ?? new Date());
}

async function findGenerated(database: Database): Promise<{ region: string; municipalities: string[] }> {
  const region = await database.pool.query<{ id: string }>(`select id from tenants where slug = 'bench-region'`);
  const municipalities = await database.pool.query<{ id: string }>(
    `select id from tenants where slug like 'bench-%' and kind = 'municipality' order by slug`,
  );
  return { region: region.rows[0]?.id ?? '', municipalities: municipalities.rows.map((row) => row.id) };
}

async function time(
  label: string,
  work: () => Promise<unknown>,
  results: Array<Record<string, unknown>>,
  options: { runs: number; warmup: number; target: number | null },
): Promise<void> {
  for (let index = 0; index < options.warmup; index += 1) await work();
  const samples: number[] = [];
  for (let index = 0; index < options.runs; index += 1) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  const summary = summarise(samples);
  results.push({
    query: label,
    runs: options.runs,
    'min, ms': summary.min.toFixed(1),
    'median, ms': summary.median.toFixed(1),
    'p95, ms': summary.p95.toFixed(1),
    [`p95 ≤ ${TARGET_MS} ms`]: options.target === null ? '—' : summary.p95 <= options.target ? 'да' : 'НЕТ',
  });
}

async function setRollupTriggers(database: Database, isEnabled: boolean): Promise<void> {
  await database.pool.query(`alter table analytics_case_measures ${isEnabled ? 'enable' : 'disable'} trigger user`);
}

/** CHANGED cases change (rating, status, fast track) and the next refresh measures only them. */
async function changeCasesAndRefresh(database: Database, offset: number): Promise<{ measured: number; ms: number }> {
  await database.pool.query(
    `update cases set rating = coalesce(rating % 5, 0) + 1, is_fast_track = not is_fast_track,
            status = case status when 'in_work' then 'closed' when 'closed' then 'in_work' else status end,
            closed_at = coalesce(closed_at, received_at + interval '2 days'),
            version = version + 1, updated_at = now()
      where (tenant_id, id) in (select tenant_id, id from cases order by id offset $1 limit $2)`,
    [offset, changed],
  );
  const started = performance.now();
  const refreshed = await refreshCaseMeasures(database.pool);
  return { measured: refreshed.measured, ms: performance.now() - started };
}

async function main(): Promise<void> {
  const scratch = reuseUrl ? { url: reuseUrl, drop: async () => {} } : await createScratchDatabase(serverUrl);
  const database = await openDatabase({
    config: { databaseUrl: scratch.url, dataDir: '' },
    purpose: 'command',
    command: 'bench',
  });
  try {
    await applyMigrations(database);
    const facts: string[] = [];
    let started = performance.now();
    const { region, municipalities } = reuseUrl ? await findGenerated(database) : await generate(database);
    const generatedSeconds = (performance.now() - started) / 1000;
    if (!reuseUrl) {
      // Bulk load: rollup triggers off, facts loaded, then every tenant's rollups rebuilt once.
      await setRollupTriggers(database, false);
      started = performance.now();
      if (factsMode === 'refresh') {
        const refreshed = await refreshCaseMeasures(database.pool);
        const seconds = (performance.now() - started) / 1000;
        facts.push(
          `факты — настоящим расчётом мер: ${refreshed.measured.toLocaleString('ru-RU')} за ${seconds.toFixed(0)} с ` +
            `(${Math.round(refreshed.measured / seconds).toLocaleString('ru-RU')}/с)`,
        );
      } else {
        await deriveFacts(database, municipalities);
        facts.push(`факты — выведены SQL из сообщений за ${((performance.now() - started) / 1000).toFixed(0)} с`);
      }
      await setRollupTriggers(database, true);
      started = performance.now();
      let summed = 0;
      for (const tenantId of municipalities) summed += await rebuildRollups(database.pool, tenantId);
      const rebuildSeconds = (performance.now() - started) / 1000;
      // What autovacuum does on a live server: statistics and the visibility map (index-only scans).
      await database.pool.query('vacuum analyze');
      const size = await database.pool.query<{ rows: number; bytes: string }>(
        `select count(*)::int as rows, pg_size_pretty(pg_total_relation_size('analytics_rollups')) as bytes from analytics_rollups`,
      );
      facts.push(
        `полный пересчёт свёрток: ${summed.toLocaleString('ru-RU')} фактов за ${rebuildSeconds.toFixed(0)} с ` +
          `(${Math.round(summed / rebuildSeconds).toLocaleString('ru-RU')}/с); свёрток ${size.rows[0]?.rows.toLocaleString('ru-RU')} строк, ${size.rows[0]?.bytes}`,
      );
      // Incremental upkeep: the same kind of change measured without the rollup triggers and with them.
      await setRollupTriggers(database, false);
      const without = await changeCasesAndRefresh(database, 0);
      await setRollupTriggers(database, true);
      for (const tenantId of municipalities) await rebuildRollups(database.pool, tenantId);
      const withRollups = await changeCasesAndRefresh(database, changed);
      facts.push(
        `инкрементально после изменения ${changed} сообщений: расчёт мер без свёрток ${without.ms.toFixed(0)} мс ` +
          `(${without.measured}), с обновлением свёрток ${withRollups.ms.toFixed(0)} мс (${withRollups.measured})`,
      );
    } else {
      print(`Повторный замер на готовой базе ${reuseUrl}: генерация и первичный расчёт не выполнялись.`);
    }
    const municipality: AnalyticsReader = {
      tenantIds: [municipalities[0] ?? ''],
      isRegion: false,
      timezone: 'Europe/Moscow',
    };
    const regionReader: AnalyticsReader = { tenantIds: municipalities, isRegion: true, timezone: 'Europe/Moscow' };
    const quarter = { from: '2025-04-01', to: '2025-06-30' };
    const now = new Date('2025-07-01T12:00:00+03:00');
    const results: Array<Record<string, unknown>> = [];
    const checks: string[] = [];
    let isEverythingSame = true;
    for (const [name, reader, settingsTenant] of [
      ['МЦУ', municipality, municipalities[0] ?? ''],
      ['ЦУР', regionReader, region],
    ] as const) {
      const resolved = resolveFilter(reader, quarter, now);
      for (const source of ['auto', 'facts'] as const) {
        const suffix = source === 'auto' ? 'свёртки' : 'факты, для сравнения';
        const options =
          source === 'auto' ? { runs, warmup, target: TARGET_MS } : { runs: factRuns, warmup: 1, target: null };
        await time(
          `панель (${name}, ${suffix})`,
          () => computeDashboard(database, resolved, now, source),
          results,
          options,
        );
        await time(
          `тепловая карта (${name}, ${suffix})`,
          () => computeHeatmap(database, resolved, source),
          results,
          options,
        );
        await time(
          `рейтинг (${name}, ${suffix})`,
          () => computeRatings(database, resolved, { settingsTenantId: settingsTenant, source }),
          results,
          options,
        );
      }
      // The rollup figures after the incremental changes agree with the facts.
      const fromRollups = await computeDashboard(database, resolved, now, 'auto');
      const direct = await computeDashboard(database, resolved, now, 'facts');
      const same = (
        [
          'received',
          'answered',
          'answeredOnTime',
          'late',
          'rated',
          'ratedHigh',
          'resolved',
          'explained',
          'otpiska',
        ] as const
      ).every((key) => fromRollups[key] === direct[key]);
      isEverythingSame &&= same;
      checks.push(
        `${name}: счётчики панели из свёрток ${same ? 'совпадают' : 'НЕ совпадают'} с прямым подсчётом; медиана ответа ` +
          `${fromRollups.medianAnswerHours} ч против ${direct.medianAnswerHours} ч`,
      );
      // «Open / due today / overdue now» come from the open-case counters (migration 0022), the same for both
      // sources above: they are checked against a count over `cases` itself.
      const counted = await countSnapshotDirect(database.pool, resolved.scope, endOfToday(reader, now));
      const isSnapshotSame = (['openNow', 'dueToday', 'overdueNow'] as const).every(
        (key) => fromRollups[key] === counted[key],
      );
      isEverythingSame &&= isSnapshotSame;
      checks.push(
        `${name}: «открыто / срок сегодня / просрочено сейчас» по счётчикам (${fromRollups.openNow} / ` +
          `${fromRollups.dueToday} / ${fromRollups.overdueNow}) ${isSnapshotSame ? 'совпадают' : 'НЕ совпадают'} ` +
          `с подсчётом по cases (${counted.openNow} / ${counted.dueToday} / ${counted.overdueNow})`,
      );
    }
    const quarterCases = await database.pool.query<{ municipality: number; region: number }>(
      `select count(*) filter (where tenant_id = $1)::int as municipality, count(*)::int as region from cases
        where received_at >= '2025-04-01T00:00:00+03' and received_at < '2025-07-01T00:00:00+03'`,
      [municipalities[0]],
    );
    const version = await database.pool.query<{ version: string }>('show server_version');
    const serverVersion = (version.rows[0] as Record<string, string> | undefined)?.server_version ?? '?';
    print('Аналитика: панель, тепловая карта, рейтинг на реальном PostgreSQL (свёртки и прямой подсчёт по фактам)');
    print(
      `Машина: ${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} ГБ; Node ${process.version}; PostgreSQL ${serverVersion}; ` +
        `средняя нагрузка ${os
          .loadavg()
          .map((load) => load.toFixed(1))
          .join(' / ')}. Машина общая и шумная: другие процессы делят те же ядра.`,
    );
    print(
      `Данные: ${total.toLocaleString('ru-RU')} сообщений (4 муниципалитета, 2025 год), сгенерированы за ${generatedSeconds.toFixed(0)} с; ` +
        `за квартал 2025-Q2: ${quarterCases.rows[0]?.municipality} у одного муниципалитета, ${quarterCases.rows[0]?.region} у региона.`,
    );
    for (const line of facts) print(`- ${line}`);
    for (const line of checks) print(`- ${line}`);
    if (!isEverythingSame) process.exitCode = 1;
    print(
      `Запросы: фильтр — квартал 2025-Q2; свёртки — ${warmup} прогрева + ${runs} замеров, факты — 1 + ${factRuns}.`,
    );
    const columns = Object.keys(results[0] ?? {});
    const widths = columns.map((column) =>
      Math.max(column.length, ...results.map((row) => String(row[column]).length)),
    );
    const line = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join(' | ');
    print(line(columns));
    print(widths.map((width) => '-'.repeat(width)).join('-|-'));
    for (const row of results) print(line(columns.map((column) => String(row[column]))));
  } finally {
    await database.close();
    if (process.env.KEEP_DATABASE === '1') print(`База оставлена: ${scratch.url}`);
    else await scratch.drop();
  }
}

await main();
