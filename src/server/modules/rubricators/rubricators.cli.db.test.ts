import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../platform/config.js';
import { openDatabase } from '../../platform/db/database.js';
import { applyMigrations } from '../../platform/db/migrations.js';
import { runOtklik } from '../../test-support/cli-process.js';
import { createScratchDatabase } from '../../test-support/test-database.js';
import { createTenant } from '../organization/index.js';

test('CLI: otklik rubricator load --tenant <код> fz59 пишет классификатор в муниципалитет; неизвестный рубрикатор — ошибка', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'otklik-rubricator-'));
  const scratch = process.env.TEST_DATABASE_URL
    ? await createScratchDatabase(process.env.TEST_DATABASE_URL)
    : undefined;
  const environment: Record<string, string> = scratch ? { DATABASE_URL: scratch.url } : { DATA_DIR: dataDir };
  try {
    // The municipality is created in this process (one CLI start less on a busy machine), then released.
    const database = await openDatabase({ config: loadConfig(environment), purpose: 'command', command: 'test' });
    try {
      await applyMigrations(database);
      await createTenant(database, {
        slug: 'rubric-cli',
        name: 'Город',
        shortName: 'Город',
        kind: 'municipality',
        parentSlug: null,
        timezone: 'Europe/Moscow',
      });
    } finally {
      await database.close();
    }
    const loaded = await runOtklik(['rubricator', 'load', '--tenant', 'rubric-cli', 'fz59'], environment);
    assert.equal(loaded.code, 0, loaded.stderr);
    assert.match(loaded.stdout, /Рубрикатор «fz59» в «rubric-cli»: позиций 2108, новых 2108/);
    const unknown = await runOtklik(['rubricator', 'load', '--tenant', 'rubric-cli', 'okved'], environment);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /неизвестный рубрикатор «okved»/);
  } finally {
    await scratch?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
