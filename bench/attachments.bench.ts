/**
 * Where attachment bytes live (ADR 0008): bytea in PostgreSQL against files in DATA_DIR. For each
 * size, RUNS writes and reads of one file, each write durable the way the app would make it:
 *   A. bytea: `insert … returning id` then `select content` (one statement each, through pg.Pool);
 *      on the embedded PGlite behind its socket (the default), and on a PostgreSQL server when
 *      BENCH_DATABASE_URL is set;
 *   B. files: write to a temporary name, fsync, rename (what a safe file store does), then read back.
 * Prints min / median / p95 in ms per operation.
 * Run: npm run bench -- attachments   (RUNS=20 by default; BENCH_DATABASE_URL=postgres://… for a server)
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/server/platform/db/database.js';

const runs = Number(process.env.RUNS ?? 20);
const sizes = [100 * 1024, 1024 * 1024, 8 * 1024 * 1024];

type Figures = { min: number; median: number; p95: number };
function summarise(samples: number[]): Figures {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;
  return { min: sorted[0] ?? Number.NaN, median: at(0.5), p95: at(0.95) };
}
function format(figures: Figures): string {
  return `${figures.min.toFixed(1)} / ${figures.median.toFixed(1)} / ${figures.p95.toFixed(1)}`;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function measureBytea(query: (sql: string, values?: unknown[]) => Promise<pg.QueryResult>, size: number) {
  await query(
    'create table if not exists bench_attachments (id uuid primary key default gen_random_uuid(), sha256 text, content bytea not null)',
  );
  await query('alter table bench_attachments alter column content set storage external');
  const content = crypto.randomBytes(size);
  const writes: number[] = [];
  const reads: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    let id = '';
    writes.push(
      await timed(async () => {
        const sha256 = crypto.createHash('sha256').update(content).digest('hex');
        const result = await query('insert into bench_attachments (sha256, content) values ($1, $2) returning id', [
          sha256,
          content,
        ]);
        id = result.rows[0].id;
      }),
    );
    reads.push(
      await timed(async () => {
        const result = await query('select content from bench_attachments where id = $1', [id]);
        if ((result.rows[0].content as Buffer).length !== size) throw new Error('размер не совпал');
      }),
    );
  }
  await query('drop table bench_attachments');
  return { write: summarise(writes), read: summarise(reads) };
}

async function measureFiles(directory: string, size: number) {
  const content = crypto.randomBytes(size);
  const writes: number[] = [];
  const reads: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const target = path.join(directory, crypto.randomUUID());
    writes.push(
      await timed(async () => {
        crypto.createHash('sha256').update(content).digest('hex');
        const temporary = `${target}.part`;
        const handle = await fs.promises.open(temporary, 'w');
        await handle.writeFile(content);
        await handle.sync();
        await handle.close();
        await fs.promises.rename(temporary, target);
      }),
    );
    reads.push(
      await timed(async () => {
        const read = await fs.promises.readFile(target);
        if (read.length !== size) throw new Error('размер не совпал');
      }),
    );
  }
  return { write: summarise(writes), read: summarise(reads) };
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'otklik-bench-attachments-'));
say(`Вложения: bytea в PostgreSQL против файлов в каталоге данных; ${runs} записей и чтений на размер.`);
say(
  `Машина: ${os.cpus().length} ядер ${os.cpus()[0]?.model ?? ''}, Node ${process.version}; машина общая и шумная — цифры ориентировочные.`,
);
say('Время одной операции, мс: мин / медиана / p95');
const embedded = await openDatabase({
  config: { databaseUrl: undefined, dataDir: path.join(directory, 'data') },
  purpose: 'serve',
  command: 'bench',
});
const server = process.env.BENCH_DATABASE_URL
  ? new pg.Pool({ connectionString: process.env.BENCH_DATABASE_URL, max: 2 })
  : undefined;
try {
  for (const size of sizes) {
    const label = `${(size / 1024).toLocaleString('ru-RU')} КБ`;
    const files = await measureFiles(directory, size);
    const pglite = await measureBytea((sql, values) => embedded.pool.query(sql, values), size);
    say(`${label}: файлы (fsync+rename)  запись ${format(files.write)}, чтение ${format(files.read)}`);
    say(`${label}: bytea PGlite на диске запись ${format(pglite.write)}, чтение ${format(pglite.read)}`);
    if (server) {
      const postgres = await measureBytea((sql, values) => server.query(sql, values), size);
      say(`${label}: bytea PostgreSQL       запись ${format(postgres.write)}, чтение ${format(postgres.read)}`);
    }
  }
} finally {
  await embedded.close();
  await server?.end();
  fs.rmSync(directory, { recursive: true, force: true });
}
