import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What the process holding a data directory writes into its lock file. */
export type LockOwner = {
  pid: number;
  hostname: string;
  command: string;
  startedAt: string;
  /** Directory of the Unix socket through which other processes reach the embedded database. */
  socketDirectory: string;
  socketPort: number;
};

export class DataDirectoryLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(
      `Каталог данных ${dataDir} уже занят процессом PID ${owner.pid} («${owner.command}», запущен ${owner.startedAt} на ${owner.hostname}). ` +
        'Остановите тот процесс или укажите другой DATA_DIR.',
    );
  }
}

const LOCK_FILE_NAME = 'otklik.lock';

export function lockFilePath(dataDir: string): string {
  return path.join(dataDir, LOCK_FILE_NAME);
}

/** Returns the live owner of the data directory, or undefined when nobody (alive) holds it. */
export function readLiveLockOwner(dataDir: string): LockOwner | undefined {
  const owner = readLockFile(lockFilePath(dataDir));
  if (!owner) return undefined;
  return isOwnerAlive(owner) ? owner : undefined;
}

/**
 * Takes the data directory for this process. Atomic (O_EXCL create); a lock left by a dead process
 * is taken over. Throws DataDirectoryLockedError naming the live owner otherwise.
 */
export function acquireDataDirectoryLock(
  dataDir: string,
  owner: Omit<LockOwner, 'pid' | 'hostname' | 'startedAt'>,
): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockFilePath(dataDir);
  const record: LockOwner = {
    pid: process.pid,
    hostname: os.hostname(),
    startedAt: new Date().toISOString(),
    ...owner,
  };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const descriptor = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(descriptor, JSON.stringify(record, null, 2));
      fs.closeSync(descriptor);
      let isReleased = false;
      return () => {
        if (isReleased) return;
        isReleased = true;
        const current = readLockFile(file);
        if (current?.pid === process.pid) fs.rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const existing = readLockFile(file);
      if (existing && isOwnerAlive(existing)) throw new DataDirectoryLockedError(dataDir, existing);
      // Stale (owner died) or unreadable half-written file: take it over.
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Не удалось занять каталог данных ${dataDir}: файл блокировки ${file} меняется другим процессом.`);
}

function readLockFile(file: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number') return undefined;
    return parsed as LockOwner;
  } catch {
    return undefined;
  }
}

function isOwnerAlive(owner: LockOwner): boolean {
  if (owner.hostname !== os.hostname()) return true; // another machine on a shared disk: never steal
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
