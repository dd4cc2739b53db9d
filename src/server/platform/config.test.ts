import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

test('значения по умолчанию: порт 3000, ./data, localhost, демо включено', () => {
  const config = loadConfig({});
  assert.equal(config.port, 3000);
  assert.equal(config.dataDir, path.resolve('./data'));
  assert.equal(config.host, 'localhost');
  assert.equal(config.isDemoEnabled, true);
  assert.equal(config.databaseUrl, undefined);
});

test('PORT и DATA_DIR берутся из окружения; пустая переменная — как не заданная', () => {
  const config = loadConfig({ PORT: '3100', DATA_DIR: '/tmp/otklik-x', DATABASE_URL: '' });
  assert.equal(config.port, 3100);
  assert.equal(config.dataDir, '/tmp/otklik-x');
  assert.equal(config.databaseUrl, undefined);
});

test('неверное значение называет переменную по-русски', () => {
  assert.throws(
    () => loadConfig({ PORT: 'восемь' }),
    (error: unknown) => error instanceof ConfigError && /переменная окружения PORT/.test(error.message),
  );
  assert.throws(
    () => loadConfig({ DATABASE_URL: 'not a url' }),
    (error: unknown) => error instanceof ConfigError && /DATABASE_URL/.test(error.message),
  );
});
