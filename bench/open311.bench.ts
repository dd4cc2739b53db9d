/**
 * Open311 `POST requests` throughput on real PostgreSQL. The real server (`otklik serve`, jobs off, no demo
 * data) runs in its own process on a scratch database of BENCH_DATABASE_URL (default: the project machines'
 * postgres://postgres@127.0.0.1:5432/test server; it is created and dropped here); the load generator
 * (bench/open311-load.mjs, node:http keep-alive agents) runs in a third process and sends form-encoded
 * requests with an API key, each of which registers a case (number, workflow state, SLA timers, timeline,
 * audit, submission). Prints sustained requests/s and latency percentiles of each run, and the median run,
 * and — read from /proc, so on Linux with the PostgreSQL server on this machine — the CPU time one request
 * costs the server process, its PostgreSQL backends and the load generator: a figure the neighbours of a
 * shared machine disturb far less than requests/s, and the ceiling of two idle cores follows from it.
 * Run: npm run bench -- open311   (RUNS=3 CONNECTIONS=32 POOL=32 DURATION=15 WARMUP=3 to change the defaults)
 * Target (issue 6): ≥ 1,500 requests/s with p99 ≤ 50 ms.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { issueApiKeyForTenant } from '../src/server/modules/api-keys/index.js';
import { createTenant } from '../src/server/modules/organization/index.js';
import { openDatabase } from '../src/server/platform/db/database.js';
import { applyMigrations } from '../src/server/platform/db/migrations.js';
import { createScratchDatabase } from '../src/server/test-support/test-database.js';

const root = path.resolve(import.meta.dirname, '..');
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const runs = Number(process.env.RUNS ?? 3);

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`сервер завершился с кодом ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('сервер не ответил за 120 с');
}

type LoadResult = {
  connections: number;
  seconds: number;
  completed: number;
  ok: number;
  statuses: Record<string, number>;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  cpuSeconds: number;
  sent: number;
};

/** CPU seconds (user + system) a process has used, from /proc; undefined where there is none. */
function cpuSecondsOf(pid: number | undefined): number | undefined {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** CPU seconds of the PostgreSQL backends connected to the scratch database (the server's pool). */
async function backendCpuSeconds(url: string): Promise<Map<number, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = (
      await client.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      )
    ).rows;
    const seconds = new Map<number, number>();
    for (const { pid } of rows) {
      const used = cpuSecondsOf(pid);
      if (used !== undefined) seconds.set(pid, used);
    }
    return seconds;
  } finally {
    await client.end();
  }
}

async function runLoad(url: string, key: string): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const load = spawn(process.execPath, [path.join(root, 'bench/open311-load.mjs'), url, key, 'bench', '001'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    });
    let output = '';
    load.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    load.on('error', reject);
    load.on('exit', (code) => {
      if (code !== 0) reject(new Error(`генератор нагрузки завершился с кодом ${code}`));
      else resolve(JSON.parse(output.trim()) as LoadResult);
    });
  });
}

const scratch = await createScratchDatabase(serverUrl);
let server: ChildProcess | undefined;
try {
  const database = await openDatabase({
    config: { databaseUrl: scratch.url, dataDir: '' },
    purpose: 'command',
    command: 'bench',
  });
  await applyMigrations(database);
  await createTenant(database, {
    slug: 'bench',
    name: 'Замерный городской округ',
    shortName: 'Замерный',
    kind: 'municipality',
    parentSlug: null,
    timezone: 'Europe/Moscow',
  });
  const key = (await issueApiKeyForTenant(database, 'bench', 'Замер нагрузки')).key;
  await database.close();

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/server/main.ts'), 'serve'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL: scratch.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      OTKLIK_JOBS: '0',
      OTKLIK_DEMO: '0',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      OTKLIK_OPEN311_RATE_LIMIT: '100000000',
      OTKLIK_DATABASE_POOL_SIZE: process.env.POOL ?? '32',
    },
  });
  await waitForHealth(url, server);

  const cpus = os.cpus();
  print(
    `Open311 POST requests: ${cpus.length} × ${cpus[0]?.model ?? 'CPU'}, Node ${process.version}, ${Math.round(os.totalmem() / 2 ** 30)} ГБ`,
  );
  print(
    `сервер: otklik serve (tsx) на PostgreSQL ${serverUrl.replace(/\/\/[^@]*@/, '//…@')} (новая база), задания выключены; ` +
      `генератор — отдельный процесс, соединений ${process.env.CONNECTIONS ?? 32}, прогрев ${process.env.WARMUP ?? 3} с, замер ${process.env.DURATION ?? 15} с`,
  );
  print('Машина общая с другими процессами: цифры шумные.');
  const results: LoadResult[] = [];
  for (let run = 1; run <= runs; run += 1) {
    const serverBefore = cpuSecondsOf(server?.pid);
    const backendsBefore = await backendCpuSeconds(scratch.url);
    const result = await runLoad(url, key);
    const serverAfter = cpuSecondsOf(server?.pid);
    const backendsAfter = await backendCpuSeconds(scratch.url);
    results.push(result);
    print(
      `  прогон ${run}: ${result.rps.toFixed(0)} запросов/с, p50 ${result.p50.toFixed(1)} мс, p95 ${result.p95.toFixed(1)} мс, ` +
        `p99 ${result.p99.toFixed(1)} мс, макс. ${result.max.toFixed(1)} мс; ответы ${JSON.stringify(result.statuses)}, ошибок соединения ${result.errors}`,
    );
    if (serverBefore !== undefined && serverAfter !== undefined && backendsAfter.size > 0) {
      // Per request sent during the whole run (warm-up included), as the CPU times cover it.
      let backends = 0;
      for (const [pid, used] of backendsAfter) backends += used - (backendsBefore.get(pid) ?? 0);
      const perRequest = (seconds: number) => (seconds / result.sent) * 1000;
      const total = perRequest(serverAfter - serverBefore) + perRequest(backends) + perRequest(result.cpuSeconds);
      print(
        `    CPU на запрос: сервер ${perRequest(serverAfter - serverBefore).toFixed(2)} мс, PostgreSQL ${perRequest(backends).toFixed(2)} мс, ` +
          `генератор ${perRequest(result.cpuSeconds).toFixed(2)} мс; всего ${total.toFixed(2)} мс — ` +
          `${cpus.length} свободных ядер выдержали бы не больше ≈ ${Math.round((cpus.length * 1000) / total)} запросов/с; load ${os
            .loadavg()
            .map((value) => value.toFixed(2))
            .join(' ')}`,
      );
    }
  }
  const sorted = [...results].sort((left, right) => left.rps - right.rps);
  const median = sorted[Math.floor(sorted.length / 2)];
  if (median) {
    const failures = results.reduce((sum, result) => sum + result.errors + (result.completed - result.ok), 0);
    const meets = median.rps >= 1500 && median.p99 <= 50 && failures === 0;
    print(
      `медиана по rps: ${median.rps.toFixed(0)} запросов/с, p50 ${median.p50.toFixed(1)} мс, p95 ${median.p95.toFixed(1)} мс, p99 ${median.p99.toFixed(1)} мс; ` +
        `ошибок за все прогоны: ${failures}. Цель ≥ 1500/с при p99 ≤ 50 мс: ${meets ? 'достигнута' : 'НЕ достигнута'}`,
    );
  }
} finally {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  await scratch.drop();
}
