/**
 * What registering a 59-ФЗ appeal and reading the journal cost, through the real HTTP server (demo data,
 * jobs off): REGISTRATIONS appeals entered one after another by `POST /api/appeals` (each: the case, its
 * timers, the number from the counter, the repeat lookup, the workflow step, the audit — one transaction);
 * then `GET /api/appeals/journal` (a page of 50) and the CSV export of everything, ROUNDS times each.
 * Embedded PGlite by default; TEST_DATABASE_URL=postgres://… for a real server (a scratch database).
 * Run: npm run bench -- appeal-registry   (REGISTRATIONS=200 ROUNDS=20 to change the defaults)
 */
import os from 'node:os';
import { TestHttpClient } from '../src/server/test-support/http-client.js';
import { startTestServer } from '../src/server/test-support/test-server.js';

const registrations = Number(process.env.REGISTRATIONS ?? 200);
const rounds = Number(process.env.ROUNDS ?? 20);

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function describe(values: number[]): string {
  const sorted = [...values].sort((left, right) => left - right);
  const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
  return `min ${at(0).toFixed(1)} ms, median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms`;
}

async function timed(run: () => Promise<{ status: number }>, expected: number): Promise<number> {
  const started = performance.now();
  const response = await run();
  const elapsed = performance.now() - started;
  if (response.status !== expected) throw new Error(`ответ ${response.status}, ожидался ${expected}`);
  return elapsed;
}

const server = await startTestServer();
try {
  const client = new TestHttpClient(server.url);
  await client.signIn('zarechny.mcu', 'demo-otklik');
  const registering: number[] = [];
  for (let index = 0; index < registrations; index += 1) {
    registering.push(
      await timed(
        () =>
          client.request('POST', '/api/appeals', {
            json: {
              receiptForm: index % 2 === 0 ? 'letter' : 'email',
              appealType: (['statement', 'proposal', 'complaint'] as const)[index % 3],
              text: `Прошу отремонтировать дорогу у дома ${index % 40} на улице Садовой, ямы не засыпаны`,
              applicant: {
                name: `Заявитель Номер ${index % 50}`,
                address: `ул. Садовая, ${index % 40}`,
                email: `person${index % 50}@example.org`,
              },
            },
          }),
        201,
      ),
    );
  }
  const page: number[] = [];
  const exported: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    page.push(await timed(() => client.request('GET', '/api/appeals/journal?pageSize=50'), 200));
    exported.push(await timed(() => client.request('GET', '/api/appeals/journal/export?format=csv'), 200));
  }
  print(`Журнал обращений: ${server.server.database.mode === 'server' ? 'PostgreSQL' : 'встроенная PGlite'}`);
  print(`Машина: ${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length}, Node ${process.version}; общая и шумная машина`);
  print(`Регистрация (POST /api/appeals), ${registrations} подряд: ${describe(registering)}`);
  print(`Страница журнала (50 строк из ${registrations}), ${rounds} раз: ${describe(page)}`);
  print(`Выгрузка CSV (${registrations} строк), ${rounds} раз: ${describe(exported)}`);
} finally {
  await server.stop();
}
