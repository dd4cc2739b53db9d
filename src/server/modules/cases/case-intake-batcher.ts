import type pg from 'pg';
import { type IncomingCaseRow, insertIncomingCases, type StoredIdempotencyAnswer } from './case-intake.repository.js';

/** A case ready to be written (numbered, routed, its timers planned) and the answer it may store. */
export type PendingCaseRow = IncomingCaseRow & { idempotency: StoredIdempotencyAnswer | null };

/** What the write of one case came to: written (committed), or already there under its (channel, external id). */
export type CaseWriteOutcome = { id: string; number: string } | undefined;

type Waiting = {
  row: PendingCaseRow;
  resolve: (outcome: CaseWriteOutcome) => void;
  reject: (error: unknown) => void;
};

/** Most cases one statement writes: bounds the statement's time (and so the wait of the next batch). */
export const INTAKE_BATCH_MAX = 100;

/**
 * Group commit of single registrations (docs/open311.md, «Замер»): a commit costs ≈ 7–8 ms of fsync on a PostgreSQL server,
 * so one case per commit caps intake near the disk's commits per second. Cases that arrive while a batch is
 * being written wait in the queue and are written together by the next batch — one statement, one commit
 * (insertIncomingCases) — and each caller gets its own outcome once that statement has committed. There is
 * no timer: a lone case is written at once (the batch starts on the next microtask), and under load the
 * batch grows by itself to what arrived during the previous write, up to INTAKE_BATCH_MAX.
 *
 * Inside a batch: the same (tenant, channel, external id) twice is written once and the other callers
 * answered as its duplicates (they read the existing case, as they would one statement later); rows are
 * sorted by that key, so two batches (of two processes) take the unique key's locks in one order. When the
 * batch statement fails (a constraint of one case, …) nothing of it is written, and its cases are written
 * one by one: the bad one fails alone with its own error, the others succeed.
 */
export class IncomingCaseBatcher {
  private queue: Waiting[] = [];
  private isWriting = false;
  private isScheduled = false;
  /** Batches written, the cases they held, the largest, and batches written case by case after a failure. */
  readonly statistics = { batches: 0, cases: 0, largest: 0, fallbacks: 0 };

  constructor(
    private readonly pool: pg.Pool,
    /** Named (prepared) statement: on a PostgreSQL server, not on the embedded database (insertIncomingCases). */
    private readonly isPrepared: boolean,
  ) {}

  write(row: PendingCaseRow): Promise<CaseWriteOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (!this.isWriting && !this.isScheduled) {
        this.isScheduled = true;
        // Not a timer: only the cases queued by the code running now join the first batch.
        queueMicrotask(() => {
          this.isScheduled = false;
          this.drain();
        });
      }
    });
  }

  /** Writes the next batch, if no batch is being written: the next starts when this one has committed. */
  private drain(): void {
    if (this.isWriting || this.queue.length === 0) return;
    const batch = this.queue.splice(0, INTAKE_BATCH_MAX);
    this.isWriting = true;
    void this.writeBatch(batch)
      .catch((error: unknown) => {
        // Not expected (writeBatch answers every case itself); a case already answered ignores this.
        for (const waiting of batch) waiting.reject(error);
      })
      .finally(() => {
        this.isWriting = false;
        this.drain();
      });
  }

  private async writeBatch(batch: Waiting[]): Promise<void> {
    const keyOf = (row: PendingCaseRow) => `${row.tenantId}\u0000${row.channel}\u0000${row.externalId}`;
    const leaders = new Map<string, Waiting>();
    const duplicates: Array<{ waiting: Waiting; leader: Waiting }> = [];
    for (const waiting of batch) {
      const key = keyOf(waiting.row);
      const leader = leaders.get(key);
      if (leader) duplicates.push({ waiting, leader });
      else leaders.set(key, waiting);
    }
    const written = [...leaders.entries()]
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
      .map(([, waiting]) => waiting);
    this.statistics.batches += 1;
    this.statistics.cases += written.length;
    this.statistics.largest = Math.max(this.statistics.largest, written.length);

    const failed = new Set<Waiting>();
    try {
      const inserted = await insertIncomingCases(
        this.pool,
        written.map((waiting) => waiting.row),
        this.isPrepared,
      );
      const byId = new Map(inserted.map((row) => [row.id, row]));
      for (const waiting of written) waiting.resolve(byId.get(waiting.row.id));
    } catch (error) {
      if (written.length === 1 && written[0]) {
        written[0].reject(error);
        failed.add(written[0]);
      } else {
        this.statistics.fallbacks += 1;
        for (const waiting of written) {
          if (!(await this.writeAlone(waiting))) failed.add(waiting);
        }
      }
    }
    // A duplicate is answered as the case its leader wrote (or found); if the leader failed, it gets its own try.
    for (const { waiting, leader } of duplicates) {
      if (!failed.has(leader)) waiting.resolve(undefined);
      else if (!(await this.writeAlone(waiting))) failed.add(waiting);
    }
  }

  /** One case in its own statement; true when it was written or found, false when it failed (rejected). */
  private async writeAlone(waiting: Waiting): Promise<boolean> {
    try {
      const [inserted] = await insertIncomingCases(this.pool, [waiting.row], this.isPrepared);
      waiting.resolve(inserted);
      return true;
    } catch (error) {
      waiting.reject(error);
      return false;
    }
  }
}

const batchers = new WeakMap<pg.Pool, IncomingCaseBatcher>();

/** The batcher of a database's pool (one per process and database). */
export function intakeBatcherOf(pool: pg.Pool, isPrepared: boolean): IncomingCaseBatcher {
  let batcher = batchers.get(pool);
  if (!batcher) {
    batcher = new IncomingCaseBatcher(pool, isPrepared);
    batchers.set(pool, batcher);
  }
  return batcher;
}
