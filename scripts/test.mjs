#!/usr/bin/env node
// Runs the test suite with node's own test runner (TypeScript through tsx).
//   npm test              every unit, database and HTTP test (PGlite, or TEST_DATABASE_URL's server)
//   npm run test:db       only the tests that use a database (*.db.test.ts)
//   npm run test:browser  the browser flows (*.browser.test.ts; needs the web bundle and Debian's chromium)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const mode = process.argv.includes('--browser') ? 'browser' : process.argv.includes('--db-only') ? 'db' : 'all';
const filters = process.argv.slice(2).filter((argument) => !argument.startsWith('--'));

function findTests(directory) {
  const found = [];
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) found.push(...findTests(full));
    else if (entry.name.endsWith('.test.ts')) found.push(path.relative(root, full));
  }
  return found;
}

const files = findTests(path.join(root, 'src'))
  .filter((file) => {
    const isBrowser = file.endsWith('.browser.test.ts');
    if (mode === 'browser') return isBrowser;
    if (isBrowser) return false;
    return mode === 'db' ? file.endsWith('.db.test.ts') : true;
  })
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();

if (files.length === 0) {
  console.error(`Нет тестов для режима «${mode}».`);
  process.exit(1);
}

const target = process.env.TEST_DATABASE_URL ? 'PostgreSQL (TEST_DATABASE_URL)' : 'встроенная PGlite';
console.error(`Тесты: ${files.length} файлов, база данных: ${target}`);
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    `--test-concurrency=${mode === 'browser' ? 1 : 2}`,
    '--test-timeout=180000',
    ...files,
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(result.status ?? 1);
