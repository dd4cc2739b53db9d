import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../platform/config.js';
import { openDatabase } from '../../platform/db/database.js';
import { applyMigrations } from '../../platform/db/migrations.js';
import { runOtklik } from '../../test-support/cli-process.js';
import { createScratchDatabase } from '../../test-support/test-database.js';
import { createTenant } from '../organization/index.js';
import { resolveImportTenant } from './intake-files.js';

// `otklik import …` as a user runs it: exit codes, the summary as the last line, the tenant choice,
// idempotent second run — on a fresh DATA_DIR (or a scratch database of TEST_DATABASE_URL). Few
// processes on purpose (each starts tsx and the database); the rest is tested in process.

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'otklik-intake-cli-'));
let environment: Record<string, string>;
let drop: (() => Promise<void>) | undefined;

before(async () => {
  if (process.env.TEST_DATABASE_URL) {
    const scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL);
    environment = { DATABASE_URL: scratch.url, DATA_DIR: directory };
    drop = scratch.drop;
  } else {
    environment = { DATA_DIR: path.join(directory, 'data'), DATABASE_URL: '' };
  }
});
after(async () => {
  await drop?.();
});

function writeLines(name: string, lines: unknown[]): string {
  const file = path.join(directory, name);
  fs.writeFileSync(
    file,
    `${lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n')}\n`,
  );
  return file;
}

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1) ?? '';

describe('otklik import history-jsonl', () => {
  test('выбор муниципалитета: нет ни одного — ошибка; при двух без --tenant — список кодов', async () => {
    const database = await openDatabase({ config: loadConfig(environment), purpose: 'command', command: 'test' });
    try {
      await applyMigrations(database);
      const none = resolveImportTenant(database.pool, undefined);
      await assert.rejects(none, /нет ни одного муниципалитета/);
      for (const slug of ['alpha', 'beta']) {
        await createTenant(database, {
          slug,
          name: slug,
          shortName: slug,
          kind: 'municipality',
          parentSlug: null,
          timezone: 'Europe/Moscow',
        });
      }
      await assert.rejects(resolveImportTenant(database.pool, undefined), /укажите --tenant <код>: alpha, beta/);
      await assert.rejects(resolveImportTenant(database.pool, 'gamma'), /«gamma» не найден; есть: alpha, beta/);
    } finally {
      await database.close();
    }
  });

  test('ошибочные строки — код 2, строки названы, итог — последней строкой, ничего не записано; затем верный файл — 0, повтор — ничего нового', async () => {
    const bad = writeLines('bad.jsonl', [
      { id: 1, text: 'Яма', created: '2024-01-01T10:00:00+03:00' },
      { id: 2, text: 'Яма', created: '2024-01-01T10:00:00' },
      'не json',
    ]);
    const rejected = await runOtklik(['import', 'history-jsonl', bad, '--tenant', 'alpha'], environment);
    assert.equal(rejected.code, 2, rejected.stderr);
    assert.match(rejected.stdout, /Строка 2: поле «created» — дата «2024-01-01T10:00:00» без часового пояса/);
    assert.match(rejected.stdout, /Строка 3: не JSON/);
    assert.match(
      lastLine(rejected.stdout),
      /^Итог \(history-jsonl, alpha\): создано 0, уже было 0, отклонено 2 строки из 3/,
    );

    const good = writeLines('good.jsonl', [
      {
        id: 'h1',
        text: 'Яма',
        created: '2024-01-01T10:00:00+03:00',
        category: 'Дороги',
        state: 'closed',
        answer: 'Заделали',
        answeredAt: '2024-01-03T10:00:00+03:00',
        recipient: 'Управление дорог',
        rating: 4,
      },
      { id: 'h2', text: 'Мусор', created: '2024-01-02T10:00:00+03:00', channel: 'email' },
    ]);
    const first = await runOtklik(['import', 'history-jsonl', good, '--tenant', 'alpha'], environment);
    assert.equal(first.code, 0, first.stderr + first.stdout);
    assert.match(lastLine(first.stdout), /создано 2, уже было 0, отклонено 0 строк из 2/);
    assert.match(first.stderr, /Запись/, 'ход записи — в stderr');
    const second = await runOtklik(['import', 'history-jsonl', good, '--tenant', 'alpha'], environment);
    assert.equal(second.code, 0);
    assert.match(lastLine(second.stdout), /создано 0, уже было 2, отклонено 0 строк из 2/);
  });
});
