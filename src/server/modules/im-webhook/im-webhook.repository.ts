import type { Queryable } from '../../platform/audit.js';

/** Claims a delivered comment by its id there; false when it was taken before. */
export async function claimCommentReceipt(
  database: Queryable,
  receipt: { tenantId: string; channel: string; externalId: string; caseId: string },
): Promise<boolean> {
  const result = await database.query(
    `insert into intake_comment_receipts (tenant_id, channel, external_id, case_id) values ($1, $2, $3, $4)
     on conflict do nothing`,
    [receipt.tenantId, receipt.channel, receipt.externalId, receipt.caseId],
  );
  return (result.rowCount ?? 0) > 0;
}

export async function releaseCommentReceipt(
  database: Queryable,
  receipt: { tenantId: string; channel: string; externalId: string },
): Promise<void> {
  await database.query(
    'delete from intake_comment_receipts where tenant_id = $1 and channel = $2 and external_id = $3',
    [receipt.tenantId, receipt.channel, receipt.externalId],
  );
}

export async function findCaseOfIncident(
  database: Queryable,
  tenantId: string,
  incidentId: string,
): Promise<{ id: string; number: string } | undefined> {
  const result = await database.query<{ id: string; number: string }>(
    `select id, number from cases where tenant_id = $1 and channel = 'im' and external_id = $2`,
    [tenantId, incidentId],
  );
  return result.rows[0];
}
