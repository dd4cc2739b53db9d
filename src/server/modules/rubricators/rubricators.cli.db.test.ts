import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runOtklik } from '../../test-support/cli-process.js';
import { createScratchDatabase } from '../../test-support/test-database.js';

test('CLI: otklik rubricator load --tenant <код> fz59 — повторный запуск не добавляет позиций', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'otklik-rubricator-'));
  const scratch = process.env.TEST_DATABASE_URL
    ? await createScratchDatabase(process.env.TEST_DATABASE_URL)
    : undefined;
  const environment: Record<string, string> = scratch ? { DATABASE_URL: scratch.url } : { DATA_DIR: dataDir };
  try {
    const created = await runOtklik(['tenant', 'create', '--slug', 'rubric-cli', '--name', 'Город'], environment);
    assert.equal(created.code, 0, created.stderr);
    const first = await runOtklik(['rubricator', 'load', '--tenant', 'rubric-cli', 'fz59'], environment);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /позиций 2108, новых 2108/);
    const second = await runOtklik(['rubricator', 'load', '--tenant', 'rubric-cli', 'fz59'], environment);
    assert.match(second.stdout, /позиций 2108, новых 0/);
  } finally {
    await scratch?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
