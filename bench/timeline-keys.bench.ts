/**
 * What the timeline's indexes cost a write on the embedded database (migration 0032): the same 240,000 timeline
 * entries (48,000 cases × 5, ordered case ids, payloads with an answer's text in one entry of five, receipt
 * times in case order) inserted into
 *   - «три индекса»: key (tenant_id, id) + index (tenant_id, case_id, id) + index (tenant_id, created_at) — before;
 *   - «ключ по сообщению»: key (tenant_id, case_id, id) + index (tenant_id, created_at) — now;
 * in turn, ROUNDS times each (default 3), in a PGlite of its own with the app's settings (shared_buffers 32 MB,
 * wal_buffers 1 MB) in a temporary directory. Printed: min / median / max per variant and the median of the
 * ratio of each pair (the shared machine's speed drifts; a pair runs back to back).
 * Run: npm run bench -- timeline-keys   (ROUNDS=5 to change)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { median } from './figures.js';

const rounds = Number(process.env.ROUNDS ?? 3);
const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'otklik-timeline-keys-'));
const database = await PGlite.create({
  dataDir: directory,
  postgresqlconf: ['shared_buffers = 32MB', 'wal_buffers = 1MB'],
});

const variants = {
  'три индекса': [
    'alter table entries add primary key (tenant_id, id)',
    'create index on entries (tenant_id, case_id, id)',
    'create index on entries (tenant_id, created_at)',
  ],
  'ключ по сообщению': [
    'alter table entries add primary key (tenant_id, case_id, id)',
    'create index on entries (tenant_id, created_at)',
  ],
} as const;
type Variant = keyof typeof variants;

try {
  // The entries, generated once: a case's five entries in a row, cases in receipt order.
  await database.exec(`
    create table source as
    select '7a1f3c9e-0000-4000-8000-000000000001'::uuid as tenant_id, c.case_id, e.position,
           (array['register', 'take', 'draft-answer', 'publish', 'close'])[e.position] as action,
           case when e.position = 3
                then jsonb_build_object('text', repeat('Работы выполнены, территория приведена в порядок. ', 8),
                                        'organization', 'Администрация района')
                else jsonb_build_object('status', 'Рассмотрение') end as payload,
           timestamptz '2020-01-01 00:00:00+03' + c.number * interval '13 minutes' + e.position * interval '1 day'
             as created_at
      from (select n as number, uuidv7() as case_id from generate_series(1, 48000) n) c
           cross join generate_series(1, 5) e(position)
     order by c.number, e.position`);
  const times: Record<Variant, number[]> = { 'три индекса': [], 'ключ по сообщению': [] };
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const pair: Partial<Record<Variant, number>> = {};
    for (const variant of Object.keys(variants) as Variant[]) {
      await database.exec(`
        drop table if exists entries;
        create table entries (tenant_id uuid not null, id bigserial not null, case_id uuid not null,
                              action text not null, payload jsonb not null, created_at timestamptz not null);
        ${variants[variant].join(';\n')};
        checkpoint;`);
      const started = performance.now();
      await database.exec(
        `insert into entries (tenant_id, case_id, action, payload, created_at)
         select tenant_id, case_id, action, payload, created_at from source order by case_id, position`,
      );
      const seconds = (performance.now() - started) / 1000;
      times[variant].push(seconds);
      pair[variant] = seconds;
    }
    ratios.push((pair['ключ по сообщению'] ?? Number.NaN) / (pair['три индекса'] ?? Number.NaN));
  }
  const load = os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
  process.stdout.write(
    `Индексы ленты на PGlite: 240 000 записей (48 000 сообщений × 5), пар по очереди: ${rounds}; ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; load average в конце ${load}\n`,
  );
  for (const variant of Object.keys(variants) as Variant[]) {
    const values = times[variant];
    process.stdout.write(
      `  ${variant}: мин ${Math.min(...values).toFixed(2)} с, медиана ${median(values).toFixed(2)} с, макс ${Math.max(...values).toFixed(2)} с\n`,
    );
  }
  process.stdout.write(`  отношение «ключ по сообщению» / «три индекса», медиана пар: ${median(ratios).toFixed(2)}\n`);
} finally {
  await database.close();
  fs.rmSync(directory, { recursive: true, force: true });
}
