import type { Queryable } from '../../platform/audit.js';
import { toJsonParameter } from '../../platform/db/json-parameter.js';
import type { RejectedLine } from './intake-record.js';

// SQL of the import journal (intake_imports). Cases, timelines, recipients, rubricators and timers are
// written through their own modules.

export type ImportFormat = 'spb-jsonl' | 'history-jsonl' | 'pos' | 'im';
export type ImportOutcome = 'completed' | 'completed_with_rejections' | 'rejected';

export type ImportRecord = {
  id: string;
  tenantId: string;
  format: ImportFormat;
  fileName: string;
  actorUserId: string | null;
  actorLabel: string;
  outcome: ImportOutcome;
  totalLines: number;
  createdCount: number;
  presentCount: number;
  rejectedCount: number;
  rejectedLines: RejectedLine[];
  startedAt: Date;
  finishedAt: Date;
};

const COLUMNS = `id, tenant_id as "tenantId", format, file_name as "fileName", actor_user_id as "actorUserId",
  actor_label as "actorLabel", outcome, total_lines as "totalLines", created_count as "createdCount",
  present_count as "presentCount", rejected_count as "rejectedCount", rejected_lines as "rejectedLines",
  started_at as "startedAt", finished_at as "finishedAt"`;

/** Rejected lines kept in the journal (the first ones; the count keeps the total). */
export const MAX_STORED_REJECTIONS = 1000;

export async function insertImportRecord(
  database: Queryable,
  record: Omit<ImportRecord, 'id' | 'finishedAt'> & { options: Record<string, unknown> },
): Promise<ImportRecord> {
  const result = await database.query<ImportRecord>(
    `insert into intake_imports (tenant_id, format, file_name, actor_user_id, actor_label, outcome, total_lines,
                                 created_count, present_count, rejected_count, rejected_lines, options, started_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     returning ${COLUMNS}`,
    [
      record.tenantId,
      record.format,
      record.fileName,
      record.actorUserId,
      record.actorLabel,
      record.outcome,
      record.totalLines,
      record.createdCount,
      record.presentCount,
      record.rejectedCount,
      toJsonParameter(record.rejectedLines.slice(0, MAX_STORED_REJECTIONS)),
      toJsonParameter(record.options),
      record.startedAt,
    ],
  );
  const row = result.rows[0];
  if (!row) throw new Error('insertImportRecord returned no row');
  return row;
}

export async function listImportRecords(
  database: Queryable,
  tenantIds: string[],
  limit: number,
): Promise<ImportRecord[]> {
  const result = await database.query<ImportRecord>(
    `select ${COLUMNS} from intake_imports where tenant_id = any($1::uuid[]) order by finished_at desc limit $2`,
    [tenantIds, limit],
  );
  return result.rows;
}
