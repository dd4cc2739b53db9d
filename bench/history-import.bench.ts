/**
 * History import benchmark: the real CLI `otklik import spb-jsonl` on the St Petersburg file
 * (../shared/data/spb-appeals-2020-2021.train.jsonl.gz, 47,911 cases) into
 *   - a fresh DATA_DIR (embedded PGlite), target ≤ 20 s;
 *   - a scratch database on the PostgreSQL server (BENCH_DATABASE_URL, default
 *     postgres://postgres@127.0.0.1:5432/test), target ≤ 10 s;
 * and the idempotent second run on each (creates nothing). Reported per run: the importer's own time
 * (from its summary line: read + validate + write, without process start) and the wall time of the
 * whole command (process start, migrations check included), min/median/max over RUNS (default 3: the shared
 * machine slows by half for a minute now and then, and one run can land in such a minute). The verdict is on
 * the median importer time.
 * Run: npm run bench -- history-import    (RUNS=1 for a quick look, BENCH_DATABASE_URL=… to change)
 * Uses the build (bin/otklik.js) when dist/ exists, else the sources through tsx (slower start).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { median, spread } from './figures.js';

const root = path.resolve(import.meta.dirname, '..');
const dataFile = path.resolve(root, '../shared/data/spb-appeals-2020-2021.train.jsonl.gz');
const runs = Number(process.env.RUNS ?? 3);
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const isBuilt = fs.existsSync(path.join(root, 'dist/server/main.js'));
const command = isBuilt
  ? [path.join(root, 'bin/otklik.js')]
  : ['--import', 'tsx', path.join(root, 'src/server/main.ts')];

type RunResult = {
  wallSeconds: number;
  importSeconds: number;
  /** CPU of the command's process (user + system), from its trace; with PGlite the database engine runs in it. */
  cpuSeconds: number;
  summary: string;
  code: number | null;
};

function runCli(args: string[], environment: Record<string, string>): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...command, ...args], {
      cwd: root,
      env: { ...process.env, OTKLIK_IMPORT_TRACE: '1', ...environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const summary = stdout.trimEnd().split('\n').at(-1) ?? '';
      const seconds = /; ([\d.]+) с,/.exec(summary)?.[1];
      const cpu = [...stderr.matchAll(/CPU всего ([\d.]+) с/g)].at(-1)?.[1];
      if (code !== 0) {
        reject(new Error(`otklik ${args.join(' ')} → ${code}\n${stdout}\n${stderr}`));
        return;
      }
      resolve({
        wallSeconds: (performance.now() - started) / 1000,
        importSeconds: seconds ? Number(seconds) : Number.NaN,
        cpuSeconds: cpu ? Number(cpu) : Number.NaN,
        summary,
        code,
      });
    });
  });
}

function summarize(values: number[]): string {
  return spread(values, 1);
}

async function measure(
  label: string,
  target: number,
  prepare: () => Promise<{ environment: Record<string, string>; cleanup(): Promise<void> }>,
) {
  const first: RunResult[] = [];
  const second: RunResult[] = [];
  for (let run = 0; run < runs; run += 1) {
    const { environment, cleanup } = await prepare();
    try {
      await runCli(['tenant', 'create', '--slug', 'spb', '--name', 'Санкт-Петербург'], environment);
      first.push(await runCli(['import', 'spb-jsonl', dataFile, '--tenant', 'spb'], environment));
      second.push(await runCli(['import', 'spb-jsonl', dataFile, '--tenant', 'spb'], environment));
    } finally {
      await cleanup();
    }
  }
  const rate = 47_911 / (first.map((item) => item.importSeconds).sort((a, b) => a - b)[0] ?? Number.NaN);
  const importMedian = median(first.map((item) => item.importSeconds));
  return [
    `${label}:`,
    `  first run, importer time (s):  ${summarize(first.map((item) => item.importSeconds))}   target ≤ ${target}; best rate ${rate.toFixed(0)} cases/s`,
    `  first run, whole command (s):  ${summarize(first.map((item) => item.wallSeconds))}`,
    `  first run, CPU of the command process (s): ${summarize(first.map((item) => item.cpuSeconds))}${label.startsWith('embedded') ? ' (PGlite engine included)' : ' (client only)'}`,
    `  second run (idempotent) (s):   ${summarize(second.map((item) => item.importSeconds))}; last summary: ${second.at(-1)?.summary}`,
    `  first run summary: ${first.at(-1)?.summary}`,
    `  цель ≤ ${target} с по медиане времени импортёра (${importMedian.toFixed(1)} с): ${importMedian <= target ? 'достигнута' : 'НЕ достигнута'}`,
  ].join('\n');
}

if (!fs.existsSync(dataFile)) {
  process.stdout.write(`history-import: нет файла ${dataFile} — замер пропущен.\n`);
  process.exit(0);
}

const lines: string[] = [];
lines.push(
  await measure('embedded PGlite, fresh DATA_DIR', 20, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'otklik-import-bench-'));
    return {
      environment: { DATA_DIR: dataDir, DATABASE_URL: '' },
      cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }),
);

let hasServer = true;
try {
  const probe = new pg.Client({ connectionString: serverUrl });
  await probe.connect();
  await probe.end();
} catch {
  hasServer = false;
}
if (hasServer) {
  lines.push(
    await measure('PostgreSQL server, scratch database', 10, async () => {
      const name = `otklik_bench_${Date.now()}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      return {
        environment: { DATABASE_URL: url.toString() },
        cleanup: async () => {
          const dropper = new pg.Client({ connectionString: serverUrl });
          await dropper.connect();
          await dropper.query(`drop database if exists ${name} with (force)`);
          await dropper.end();
        },
      };
    }),
  );
} else {
  lines.push(`PostgreSQL server ${serverUrl}: недоступен — замер пропущен.`);
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const load = os
  .loadavg()
  .map((value) => value.toFixed(1))
  .join(' ');
process.stdout.write(
  `${[
    `history-import benchmark — ${runs} run(s) each; node ${process.version}; ${os.cpus().length} × ${cpu}; ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; load average at the end ${load} (shared, noisy machine)`,
    `CLI: ${isBuilt ? 'node bin/otklik.js (build)' : 'node --import tsx src/server/main.ts (no build)'}; data: 47,911 cases, ${(fs.statSync(dataFile).size / 2 ** 20).toFixed(1)} MiB gzip`,
    ...lines,
  ].join('\n')}\n`,
);
