import type pg from 'pg';
import type { Queryable } from '../../platform/audit.js';

/**
 * Case numbers («2026-000123») for intake channels, handed out from blocks reserved on the tenant's
 * per-year counter (`case_number_counters`). The reservation is its own short transaction, so requests
 * registering cases do not queue on the counter row until each commits (on a disk that needs ~5 ms per
 * commit that queue alone capped intake at ~150 cases/s). The block grows with the rate (1 number when
 * quiet, up to 200 at ~800+ cases/s): numbers stay unique and increasing per process; a block not used
 * up when the process stops leaves a gap in the numbering.
 */
type Block = { next: number; last: number };

const blocks = new Map<string, Block>();
const reserving = new Map<string, Promise<void>>();
const rate = new Map<string, { second: number; count: number; previous: number }>();
const MAX_BLOCK = 200;

function blockSizeFor(key: string, now: number): number {
  const second = Math.floor(now / 1000);
  let window = rate.get(key);
  if (!window || window.second !== second) {
    window = { second, count: 0, previous: window && window.second === second - 1 ? window.count : 0 };
    rate.set(key, window);
  }
  window.count += 1;
  return Math.min(MAX_BLOCK, Math.max(1, Math.ceil(Math.max(window.count, window.previous) / 4)));
}

async function reserve(pool: Queryable, tenantId: string, year: number, size: number): Promise<Block> {
  const result = await pool.query<{ last: number }>(
    `insert into case_number_counters (tenant_id, year, last_value) values ($1, $2, $3)
     on conflict (tenant_id, year) do update set last_value = case_number_counters.last_value + excluded.last_value
     returning last_value as last`,
    [tenantId, year, size],
  );
  const last = result.rows[0]?.last;
  if (last === undefined) throw new Error('reserve case numbers: no counter row');
  return { next: last - size + 1, last };
}

/**
 * The next number. With `transaction` (the embedded database, whose one backend a second connection
 * would wait on while the transaction is open) exactly one number is taken inside that transaction.
 */
export async function takeCaseNumber(
  pool: pg.Pool,
  tenantId: string,
  receivedAt: Date,
  transaction?: Queryable,
): Promise<string> {
  const year = receivedAt.getUTCFullYear();
  if (transaction) {
    const single = await reserve(transaction, tenantId, year, 1);
    return `${year}-${String(single.last).padStart(6, '0')}`;
  }
  const key = `${tenantId}:${year}`;
  const size = blockSizeFor(key, Date.now());
  for (;;) {
    const block = blocks.get(key);
    if (block && block.next <= block.last) {
      const value = block.next;
      block.next += 1;
      return `${year}-${String(value).padStart(6, '0')}`;
    }
    const pending = reserving.get(key);
    if (pending) {
      await pending;
      continue;
    }
    const reservation = reserve(pool, tenantId, year, size)
      .then((reserved) => {
        blocks.set(key, reserved);
      })
      .finally(() => reserving.delete(key));
    reserving.set(key, reservation);
    await reservation;
  }
}
