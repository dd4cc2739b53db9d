/**
 * Startup and idle-memory benchmark of the built server (`node bin/otklik.js serve`, what `npm start` runs
 * after its build check). Measures, over several runs each:
 *   - cold start: fresh DATA_DIR → GET /api/health answers 200 (PGlite init, migrations, demo seed, jobs);
 *   - warm start: the same DATA_DIR again → health 200;
 *   - resident memory (VmRSS of the whole process, PGlite worker included) after IDLE_SECONDS idle.
 * Targets from the foundation issue: cold ≤ 15 s, warm ≤ 5 s, idle RSS ≤ 350 MB.
 * Run: npm run bench -- startup   (RUNS=5 IDLE_SECONDS=10 to change the defaults)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spread } from './figures.js';

const root = path.resolve(import.meta.dirname, '..');
const runs = Number(process.env.RUNS ?? 3);
const idleSeconds = Number(process.env.IDLE_SECONDS ?? 10);

type StartResult = { milliseconds: number; rssMegabytes: number | undefined };

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function startOnce(dataDir: string, measureIdle: boolean): Promise<StartResult> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'bin/otklik.js'), 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  let milliseconds = 0;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.status === 200) {
        milliseconds = performance.now() - started;
        break;
      }
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error('сервер завершился при запуске');
    if (performance.now() - started > 120_000) throw new Error('сервер не стал здоровым за 120 с');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  let rssMegabytes: number | undefined;
  if (measureIdle) {
    await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
    const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const match = status.match(/VmRSS:\s+(\d+) kB/);
    rssMegabytes = match?.[1] ? Number(match[1]) / 1024 : undefined;
  }
  child.kill('SIGTERM');
  await exited;
  return { milliseconds, rssMegabytes };
}

function summarize(values: number[]): string {
  return spread(values, 0);
}

if (!fs.existsSync(path.join(root, 'dist/server/main.js'))) {
  console.error('Нет сборки: выполните npm run build');
  process.exit(1);
}

const cold: number[] = [];
const warm: number[] = [];
const memory: number[] = [];
for (let run = 0; run < runs; run += 1) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'otklik-bench-'));
  try {
    cold.push((await startOnce(dataDir, false)).milliseconds);
    const second = await startOnce(dataDir, true);
    warm.push(second.milliseconds);
    if (second.rssMegabytes !== undefined) memory.push(second.rssMegabytes);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
process.stdout.write(
  `${[
    `startup benchmark — ${runs} runs each; node ${process.version}; ${os.cpus().length} × ${cpu}; ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    'measured: spawn of `node bin/otklik.js serve` → first 200 from /api/health (wall clock, 25 ms polling)',
    `cold start, fresh DATA_DIR (ms):    ${summarize(cold)}   target ≤ 15000`,
    `warm start, existing DATA_DIR (ms): ${summarize(warm)}   target ≤ 5000`,
    `idle RSS after ${idleSeconds} s (MB):          ${summarize(memory)}   target ≤ 350`,
  ].join('\n')}\n`,
);
