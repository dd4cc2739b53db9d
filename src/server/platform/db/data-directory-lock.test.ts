import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import {
  acquireDataDirectoryLock,
  DataDirectoryLockedError,
  lockFilePath,
  readLiveLockOwner,
} from './data-directory-lock.js';

const owner = { command: 'test', socketDirectory: '/tmp/x', socketPort: 5432 };

function temporaryDirectory(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'otklik-lock-'));
}

test('замок берётся один раз; второй получает ошибку с PID владельца; после снятия — снова свободен', () => {
  const directory = temporaryDirectory();
  const release = acquireDataDirectoryLock(directory, owner);
  assert.equal(readLiveLockOwner(directory)?.pid, process.pid);
  // The same process asking again is a programming error in a real run; a live foreign PID is the case
  // users meet. Simulate it by writing the parent's PID (alive) into the file.
  fs.writeFileSync(
    lockFilePath(directory),
    JSON.stringify({ ...owner, pid: process.ppid, hostname: os.hostname(), startedAt: 'x' }),
  );
  assert.throws(
    () => acquireDataDirectoryLock(directory, owner),
    (error: unknown) => error instanceof DataDirectoryLockedError && error.message.includes(`PID ${process.ppid}`),
  );
  release(); // not ours any more: must not delete the other owner's file
  assert.ok(fs.existsSync(lockFilePath(directory)));
  fs.rmSync(directory, { recursive: true, force: true });
});

test('замок умершего процесса перехватывается', () => {
  const directory = temporaryDirectory();
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  const deadPid = Number(dead.stdout.toString());
  fs.writeFileSync(
    lockFilePath(directory),
    JSON.stringify({ ...owner, pid: deadPid, hostname: os.hostname(), startedAt: 'x' }),
  );
  assert.equal(readLiveLockOwner(directory), undefined);
  const release = acquireDataDirectoryLock(directory, owner);
  assert.equal(readLiveLockOwner(directory)?.pid, process.pid);
  release();
  assert.equal(fs.existsSync(lockFilePath(directory)), false);
  fs.rmSync(directory, { recursive: true, force: true });
});

test('недописанный файл замка не мешает запуску', () => {
  const directory = temporaryDirectory();
  fs.writeFileSync(lockFilePath(directory), '{"pid": 12');
  const release = acquireDataDirectoryLock(directory, owner);
  assert.equal(readLiveLockOwner(directory)?.pid, process.pid);
  release();
  fs.rmSync(directory, { recursive: true, force: true });
});
