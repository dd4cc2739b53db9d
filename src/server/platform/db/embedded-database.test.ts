import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { runOtklik, type ServeProcess, startServeProcess } from '../../test-support/cli-process.js';
import { readLiveLockOwner } from './data-directory-lock.js';

// Process-level behaviour of the embedded database: one owner per DATA_DIR, commands through the
// owner's socket, and a clean stop on SIGTERM in the middle of writes.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'otklik-embedded-'));
const environment = { DATA_DIR: dataDir, DATABASE_URL: '' };
let server: ServeProcess;

before(async () => {
  server = await startServeProcess(environment);
});
after(async () => {
  if (server?.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('встроенная база в каталоге данных', () => {
  test('второй serve на том же DATA_DIR сразу останавливается и называет процесс-владельца', async () => {
    const started = Date.now();
    const second = await runOtklik(['serve'], { ...environment, PORT: '0' });
    assert.notEqual(second.code, 0);
    assert.match(second.stderr, new RegExp(`PID ${server.child.pid}`));
    assert.match(second.stderr, /уже занят/);
    assert.ok(Date.now() - started < 15_000);
  });

  test('команды работают при запущенном сервере через его сокет: user create, seed demo --json (идемпотентно)', async () => {
    const created = await runOtklik(
      [
        'user',
        'create',
        '--tenant',
        'zarechny',
        '--role',
        'executor',
        '--login',
        'new.executor',
        '--password',
        'пароль-для-теста',
      ],
      environment,
    );
    assert.equal(created.code, 0, created.stderr);
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'new.executor', password: 'пароль-для-теста' }),
    });
    assert.equal(login.status, 200, 'сервер видит пользователя, созданного командой');

    const duplicate = await runOtklik(
      [
        'user',
        'create',
        '--tenant',
        'zarechny',
        '--role',
        'executor',
        '--login',
        'new.executor',
        '--password',
        'пароль-для-теста',
      ],
      environment,
    );
    assert.equal(duplicate.code, 1);
    assert.match(duplicate.stderr, /уже занят/);

    const first = await runOtklik(['seed', 'demo', '--json'], environment);
    const second = await runOtklik(['seed', 'demo', '--json'], environment);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, second.stdout);
    const parsed = JSON.parse(first.stdout) as {
      users: Array<{ login: string; password: string; role: string; tenant: string }>;
    };
    assert.ok(parsed.users.length >= 7);
    for (const user of parsed.users)
      assert.deepEqual(Object.keys(user).sort(), ['login', 'password', 'role', 'tenant']);
  });

  test('неверная роль: понятная ошибка по-русски и код 1', async () => {
    const result = await runOtklik(
      [
        'user',
        'create',
        '--tenant',
        'zarechny',
        '--role',
        'boss',
        '--login',
        'someone',
        '--password',
        'пароль-для-теста',
      ],
      environment,
    );
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Неизвестная роль: boss/);
  });

  test('SIGTERM во время записи: процесс завершается чисто, подтверждённые записи целы, база открывается', async () => {
    const owner = readLiveLockOwner(dataDir);
    assert.ok(owner);
    const pool = new pg.Pool({
      host: owner.socketDirectory,
      port: owner.socketPort,
      user: 'postgres',
      database: 'postgres',
      max: 2,
    });
    pool.on('error', () => {});
    await pool.query('create table if not exists shutdown_probe (id int primary key, payload text not null)');
    const acknowledged: number[] = [];
    let isWriting = true;
    const writer = (async () => {
      for (let id = 1; isWriting; id += 1) {
        try {
          await pool.query('insert into shutdown_probe values ($1, repeat($2, 200))', [id, 'x']);
          acknowledged.push(id);
        } catch {
          return;
        }
      }
    })();
    while (acknowledged.length < 50) await new Promise((resolve) => setTimeout(resolve, 10));
    server.child.kill('SIGTERM');
    const code = await server.exited;
    isWriting = false;
    await writer;
    await pool.end().catch(() => {});
    assert.equal(code, 0, server.output());
    assert.equal(readLiveLockOwner(dataDir), undefined, 'блокировка снята');

    server = await startServeProcess(environment);
    const health = await fetch(`${server.url}/api/health`);
    assert.equal(health.status, 200);
    const reopened = readLiveLockOwner(dataDir);
    assert.ok(reopened);
    const check = new pg.Pool({
      host: reopened.socketDirectory,
      port: reopened.socketPort,
      user: 'postgres',
      database: 'postgres',
      max: 1,
    });
    const rows = await check.query<{ id: number }>('select id from shutdown_probe order by id');
    await check.end();
    const stored = new Set(rows.rows.map((row) => row.id));
    for (const id of acknowledged) assert.ok(stored.has(id), `подтверждённая запись ${id} потеряна`);
    assert.ok(acknowledged.length >= 50);
  });
});
