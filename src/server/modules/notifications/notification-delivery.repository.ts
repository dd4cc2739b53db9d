import type { Queryable } from '../../platform/audit.js';

/** A delivery taken by one worker for one attempt, with what it has to say. */
export type ClaimedDelivery = {
  tenantId: string;
  id: string;
  notificationId: string;
  channel: string;
  address: string;
  /** Including this attempt. */
  attempts: number;
  kind: string;
  title: string;
  body: string;
  caseId: string | null;
  /** An outside e-mail address (no person in Otklik: no profile to point to). */
  isForAddress: boolean;
  /** How many files the notification's e-mail carries (notification_attachments). */
  attachmentCount: number;
};

/**
 * Takes up to `limit` due pending deliveries for one attempt each. One statement: rows another worker is
 * taking right now are skipped (FOR UPDATE SKIP LOCKED), and each taken row gets its attempt counted and
 * `not_before` moved to `leaseUntil`, so no other worker takes it while this one sends — without holding a
 * transaction open during the network call. A worker that dies mid-send leaves the row to be retried when
 * the lease ends.
 */
export async function claimDueDeliveries(
  database: Queryable,
  options: { now: Date; leaseUntil: Date; limit: number },
): Promise<ClaimedDelivery[]> {
  const result = await database.query<ClaimedDelivery>(
    `with due as (
       select tenant_id, id from notification_deliveries
        where status = 'pending' and not_before <= $1
        order by not_before, id
        limit $3
        for update skip locked
     )
     update notification_deliveries d
        set attempts = d.attempts + 1, not_before = $2
       from due, notifications n
      where d.tenant_id = due.tenant_id and d.id = due.id
        and n.tenant_id = d.tenant_id and n.id = d.notification_id
     returning d.tenant_id as "tenantId", d.id, d.notification_id as "notificationId", d.channel, d.address,
               d.attempts, n.kind, n.title, n.body, n.case_id as "caseId", n.user_id is null as "isForAddress",
               (select count(*)::int from notification_attachments a
                 where a.tenant_id = d.tenant_id and a.notification_id = d.notification_id) as "attachmentCount"`,
    [options.now.toISOString(), options.leaseUntil.toISOString(), options.limit],
  );
  return result.rows;
}

export type DeliveryResult =
  | { status: 'sent'; at: Date }
  | { status: 'pending'; error: string; notBefore: Date }
  | { status: 'failed'; error: string }
  | { status: 'skipped'; reason: string };

/**
 * Records the attempt's result — only if the row is still this worker's claim (pending, same attempt count);
 * false when the lease ran out and another worker took the delivery meanwhile.
 */
export async function recordDeliveryResult(
  database: Queryable,
  claim: Pick<ClaimedDelivery, 'tenantId' | 'id' | 'attempts'>,
  result: DeliveryResult,
): Promise<boolean> {
  const keys = [claim.tenantId, claim.id, claim.attempts];
  const where = `where tenant_id = $1 and id = $2 and attempts = $3 and status = 'pending'`;
  let update: { rowCount: number | null };
  switch (result.status) {
    case 'sent':
      update = await database.query(`update notification_deliveries set status = 'sent', sent_at = $4 ${where}`, [
        ...keys,
        result.at.toISOString(),
      ]);
      break;
    case 'pending':
      update = await database.query(`update notification_deliveries set last_error = $4, not_before = $5 ${where}`, [
        ...keys,
        result.error,
        result.notBefore.toISOString(),
      ]);
      break;
    case 'failed':
      update = await database.query(`update notification_deliveries set status = 'failed', last_error = $4 ${where}`, [
        ...keys,
        result.error,
      ]);
      break;
    case 'skipped':
      update = await database.query(`update notification_deliveries set status = 'skipped', last_error = $4 ${where}`, [
        ...keys,
        result.reason,
      ]);
      break;
    default: {
      const unreachable: never = result;
      throw new Error(`unknown delivery result ${String(unreachable)}`);
    }
  }
  return (update.rowCount ?? 0) === 1;
}

// ── Attachments: references resolved at each attempt ──────────────────────────────────────────────

/** One attached file as the archive has it now: `size` null when the file is no longer there. */
export type AttachmentState = { position: number; fileName: string; contentType: string; size: number | null };

/**
 * Where each source keeps its files. Only the archive of reports today; the join reads the other module's table
 * because the file is its row (the notification stores a reference, see migration 0026).
 */
const ATTACHMENT_FILES = `from notification_attachments a
  left join analytics_reports r on a.source = 'analytics_report' and r.tenant_id = a.tenant_id and r.id = a.source_id
 where a.tenant_id = $1 and a.notification_id = $2`;

/** The notification's attachments with their current sizes — without reading the bytes. */
export async function listAttachmentStates(
  database: Queryable,
  tenantId: string,
  notificationId: string,
): Promise<AttachmentState[]> {
  const result = await database.query<AttachmentState>(
    `select a.position, a.file_name as "fileName", a.content_type as "contentType", octet_length(r.content)::int as size
       ${ATTACHMENT_FILES} order by a.position`,
    [tenantId, notificationId],
  );
  return result.rows;
}

/** The attachments' bytes (null for a file gone from its source since it was listed). */
export async function loadAttachmentContents(
  database: Queryable,
  tenantId: string,
  notificationId: string,
): Promise<Array<{ position: number; content: Buffer | null }>> {
  const result = await database.query<{ position: number; content: Buffer | null }>(
    `select a.position, r.content ${ATTACHMENT_FILES} order by a.position`,
    [tenantId, notificationId],
  );
  return result.rows;
}
