/**
 * What one statement of the intake group commit (insertIncomingCases, case-intake-batcher.ts) costs on a
 * PostgreSQL server by batch size: wall time per statement and per case, and the CPU time of the backend
 * per case (from /proc, so with the server on this machine). One connection, statements back to back, on a
 * scratch database of BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), created and
 * dropped here; the rows are those of an Open311 request (two SLA timers, a submission).
 * Run: npm run bench -- intake-batch   (STATEMENTS=100 to change the number of statements per size)
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { insertIncomingCases } from '../src/server/modules/cases/case-intake.repository.js';
import type { PendingCaseRow } from '../src/server/modules/cases/case-intake-batcher.js';
import { createTenant } from '../src/server/modules/organization/index.js';
import { openDatabase } from '../src/server/platform/db/database.js';
import { applyMigrations } from '../src/server/platform/db/migrations.js';
import { createScratchDatabase } from '../src/server/test-support/test-database.js';

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const statements = Number(process.env.STATEMENTS ?? 100);

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function cpuSecondsOf(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const scratch = await createScratchDatabase(serverUrl);
const database = await openDatabase({
  config: { databaseUrl: scratch.url, dataDir: '' },
  purpose: 'command',
  command: 'bench',
});
try {
  await applyMigrations(database);
  const tenant = await createTenant(database, {
    slug: 'bench',
    name: 'Замерный городской округ',
    shortName: 'Замерный',
    kind: 'municipality',
    parentSlug: null,
    timezone: 'Europe/Moscow',
  });
  let sequence = 0;
  const rowOf = (): PendingCaseRow => {
    sequence += 1;
    const receivedAt = new Date();
    const timer = (kind: string, hours: number) => ({
      kind,
      policyName: 'Open311',
      scheduleId: 'standard',
      duration: `${hours} рч`,
      startedAt: receivedAt,
      dueAt: new Date(receivedAt.getTime() + hours * 3_600_000),
      warnAt: new Date(receivedAt.getTime() + hours * 3_000_000),
    });
    return {
      id: crypto.randomUUID(),
      number: `${receivedAt.getUTCFullYear()}-${String(sequence).padStart(6, '0')}`,
      tenantId: tenant.id,
      channel: 'open311',
      kind: 'message',
      externalId: crypto.randomUUID(),
      status: 'new',
      workflowId: 'message',
      state: 'new',
      text: `Не горит фонарь у дома ${sequence % 500}, подъезд ${sequence % 7}`,
      category: 'Освещение',
      subcategory: null,
      address: null,
      district: null,
      latitude: 55 + (sequence % 1000) / 10000,
      longitude: 37 + (sequence % 700) / 10000,
      applicantName: 'Иван',
      applicantPhone: null,
      applicantEmail: 'resident@example.ru',
      isFastTrack: false,
      recipientId: null,
      executorId: null,
      priority: 'normal',
      tags: [],
      applicantType: null,
      receivedAt,
      dueAt: new Date(receivedAt.getTime() + 8 * 3_600_000),
      timers: [timer('reaction', 2), timer('answer', 8)],
      event: {
        actorId: null,
        actorRole: 'api',
        payload: { channel: 'open311', kind: 'message' },
        events: ['case.created'],
      },
      routing: null,
      classification: null,
      audit: {
        actorUserId: null,
        details: { apiKeyId: crypto.randomUUID(), apiKeyName: 'Замер' },
        ipAddress: '127.0.0.1',
        requestId: crypto.randomUUID(),
      },
      submission: {
        token: crypto.randomUUID(),
        statusTokenHash: null,
        apiKeyId: null,
        serviceCode: '001',
        attributes: {},
        mediaUrl: null,
        addressId: null,
        deviceId: null,
        accountId: null,
      },
      idempotency: null,
    };
  };

  const cpus = os.cpus();
  print(`Групповая запись регистраций: ${cpus.length} × ${cpus[0]?.model ?? 'CPU'}, Node ${process.version}`);
  print(
    `PostgreSQL ${serverUrl.replace(/\/\/[^@]*@/, '//…@')} (новая база), одно соединение, ${statements} команд на размер`,
  );
  print(
    `load average в начале: ${os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  );
  const client = await database.pool.connect();
  try {
    const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid ?? 0;
    for (const size of [1, 10, 50, 100]) {
      // Warm-up: the named statement is prepared and its plan settled before the measurement.
      for (let index = 0; index < 10; index += 1)
        await insertIncomingCases(client, Array.from({ length: size }, rowOf), true);
      const cpuBefore = cpuSecondsOf(pid);
      const started = performance.now();
      for (let index = 0; index < statements; index += 1) {
        await insertIncomingCases(client, Array.from({ length: size }, rowOf), true);
      }
      const elapsed = performance.now() - started;
      const cpu = cpuSecondsOf(pid) - cpuBefore;
      const cases = size * statements;
      print(
        `  по ${String(size).padStart(3)}: ${(elapsed / statements).toFixed(1)} мс на команду, ${(elapsed / cases).toFixed(3)} мс на сообщение, ` +
          `процессор PostgreSQL ${((cpu / cases) * 1000).toFixed(3)} мс на сообщение`,
      );
    }
  } finally {
    client.release();
  }
  print(
    `load average в конце: ${os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  );
} finally {
  await database.close();
  await scratch.drop();
}
