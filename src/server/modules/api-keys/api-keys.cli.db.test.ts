import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { runOtklik } from '../../test-support/cli-process.js';
import { createScratchDatabase } from '../../test-support/test-database.js';
import { hashApiKey } from './api-keys.service.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'otklik-apikey-'));
let environment: Record<string, string> = { DATA_DIR: dataDir, OTKLIK_DEMO: '0', LOG_LEVEL: 'warn' };
let drop: (() => Promise<void>) | undefined;

before(async () => {
  if (process.env.TEST_DATABASE_URL) {
    const scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL);
    environment = { ...environment, DATABASE_URL: scratch.url };
    drop = scratch.drop;
  }
});
after(async () => {
  await drop?.();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('otklik apikey create печатает ключ один раз; неизвестный муниципалитет — код 1 и понятная ошибка', async () => {
  const tenant = await runOtklik(
    ['tenant', 'create', '--slug', 'cli-town', '--name', 'Городской округ Тест'],
    environment,
  );
  assert.equal(tenant.code, 0, tenant.stderr);
  const created = await runOtklik(['apikey', 'create', '--tenant', 'cli-town', '--name', 'Приложение'], environment);
  assert.equal(created.code, 0, created.stderr);
  const key = created.stdout.trim();
  assert.match(key, /^otk_[A-Za-z0-9_-]{40,}$/);
  assert.match(created.stderr, /сохраните его/);
  assert.equal(hashApiKey(key).length, 64);
  const missing = await runOtklik(['apikey', 'create', '--tenant', 'atlantis'], environment);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /Муниципалитет «atlantis» не найден/);
  assert.equal(missing.stdout, '');
});
